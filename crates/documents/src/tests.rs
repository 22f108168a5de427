use crate::inspect::{fonts_are_embedded, qr_text_of, text_of};
use crate::{FmmContent, ReceiptContent, Traveler, render_fmm, render_receipt};
use chrono::NaiveDate;
use portal_shared::preregistrations::TripInformation;
use portal_shared::receipts::ReceiptClaims;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn traveler() -> Traveler {
    Traveler {
        given_names: "ANA MARÍA".to_owned(),
        surnames: "PÉREZ GONZÁLEZ".to_owned(),
        nationality_code: "COL".to_owned(),
        nationality_name: "Colombia".to_owned(),
        document_number: "AO123456".to_owned(),
        birth_date: date(1990, 5, 17),
        sex: "F".to_owned(),
    }
}

fn trip() -> TripInformation {
    TripInformation {
        entry_mode: "air".into(),
        entry_point: "MEX".to_owned(),
        carrier: "AV".to_owned(),
        flight_number: "AV204".to_owned(),
        arrival_date: Some(date(2026, 12, 20)),
        trip_reason: "tourism".to_owned(),
        trip_specification: "vacation".to_owned(),
        destination_state: "CMX".to_owned(),
        address_in_mexico: "Hotel Isabel, Isabel la Católica 63, Centro Histórico, Cuauhtémoc"
            .to_owned(),
        departure_date: Some(date(2027, 1, 5)),
    }
}

fn key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[42; 32])
}

fn receipt() -> ReceiptContent {
    let claims = ReceiptClaims {
        preregistration_id: "4f1c1d7e-54a0-4c4e-9a55-0d6d8b0c9e11".to_owned(),
        revision: 1,
        document_number: "AO123456".to_owned(),
        nationality: "COL".to_owned(),
        surnames: "PÉREZ GONZÁLEZ".to_owned(),
        given_names: "ANA MARÍA".to_owned(),
        birth_date: date(1990, 5, 17),
        arrival_date: date(2026, 12, 20),
        departure_date: date(2027, 1, 5),
        entry_point: "MEX".to_owned(),
        carrier: "AV".to_owned(),
        flight_number: "AV204".to_owned(),
        issued_at: 1_796_000_000,
    };
    ReceiptContent {
        portal_name: "Portal de Servicios".to_owned(),
        folio: "PR-4F1C1D7E".to_owned(),
        traveler: traveler(),
        trip: trip(),
        issued_at: date(2026, 11, 30).and_hms_opt(9, 15, 0).unwrap_or_default(),
        revision: 1,
        token: portal_receipt_token::sign(&claims, &key()),
    }
}

fn fmm() -> FmmContent {
    FmmContent {
        portal_name: "Portal de Servicios".to_owned(),
        folio: "PR-4F1C1D7E".to_owned(),
        traveler: traveler(),
        trip: trip(),
        country_of_residence: "Colombia - COL".to_owned(),
        issued_on: date(2026, 11, 30),
        entry_seal: None,
    }
}

#[test]
fn the_receipt_shows_the_traveler_and_the_trip() {
    let pdf = render_receipt(&receipt()).unwrap_or_default();
    let text = text_of(&pdf).unwrap_or_default();
    for expected in [
        "PR-4F1C1D7E",
        "ANA MARÍA PÉREZ GONZÁLEZ",
        "AO123456",
        "17/05/1990",
        "(AICM) (MEX)",
        "Avianca",
        "AV204",
        "20/12/2026",
        "05/01/2027",
        "Turismo",
        "Vacaciones",
        "Hotel Isabel",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
}

#[test]
fn the_receipt_qr_holds_the_signed_token() {
    let content = receipt();
    let pdf = render_receipt(&content).unwrap_or_default();
    let decoded = qr_text_of(&pdf);
    assert_eq!(decoded.as_deref(), Ok(content.token.as_str()));
    let published = [portal_receipt_token::public_key(&key().verifying_key())];
    let claims = portal_receipt_token::verify(&content.token, &published);
    assert_eq!(
        claims.map(|c| c.document_number).ok().as_deref(),
        Some("AO123456")
    );
}

#[test]
fn the_same_content_gives_the_same_bytes_and_a_change_gives_others() {
    let first = render_receipt(&receipt()).unwrap_or_default();
    let second = render_receipt(&receipt()).unwrap_or_default();
    assert!(!first.is_empty());
    assert_eq!(first, second);
    let mut changed = receipt();
    changed.trip.flight_number = "AV206".to_owned();
    assert_ne!(render_receipt(&changed).unwrap_or_default(), first);

    let fmm_first = render_fmm(&fmm()).unwrap_or_default();
    assert!(!fmm_first.is_empty());
    assert_eq!(render_fmm(&fmm()).unwrap_or_default(), fmm_first);
}

#[test]
fn the_documents_are_small_and_carry_their_fonts() {
    let receipt = render_receipt(&receipt()).unwrap_or_default();
    assert!(
        receipt.len() <= 150 * 1024,
        "receipt is {} bytes",
        receipt.len()
    );
    assert_eq!(fonts_are_embedded(&receipt), Ok(true));
    let fmm = render_fmm(&fmm()).unwrap_or_default();
    assert!(fmm.len() <= 150 * 1024, "FMM is {} bytes", fmm.len());
    assert_eq!(fonts_are_embedded(&fmm), Ok(true));
}

#[test]
fn the_fmm_has_fields_one_to_twenty_in_both_languages() {
    let pdf = render_fmm(&fmm()).unwrap_or_default();
    let text = text_of(&pdf).unwrap_or_default();
    for expected in [
        "FORMA MIGRATORIA MÚLTIPLE (FMM)",
        "REGISTRO DE ENTRADA / ENTRY REGISTRATION",
        "1. Nombre / First name",
        "2. Apellido(s) / Last name",
        "3. Nacionalidad / Nationality",
        "4. Fecha de nacimiento",
        "5. Sexo / Gender",
        "6. No. Pasaporte / Passport No.",
        "7. Tipo de viaje / Purpose of trip",
        "8. Vía de internación / Entering by",
        "9. País de residencia",
        "10. Punto de internación / Port of entry",
        "11. Nombre de la aerolínea o embarcación",
        "12. Vuelo o matrícula",
        "13. Estado y ciudad de destino",
        "14. Domicilio en México",
        "15. Declaración de veracidad / Declaration of truth",
        "16. Fecha / Date",
        "17. Firma del extranjero / Signature",
        "18. Sello de entrada",
        "19. Temporalidad",
        "20. Sello de salida",
        "REGISTRO DE SALIDA / DEPARTURE REGISTRATION",
        "ANA MARÍA",
        "PÉREZ GONZÁLEZ",
        "17 05 1990",
        "AO123456",
        "Colombia - COL",
        "Avianca",
        "AV204",
        "Ciudad de México",
        "30 11 2026",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
}

#[test]
fn an_admission_stamps_the_fmm_with_port_date_stay_and_officer() {
    let unstamped = text_of(&render_fmm(&fmm()).unwrap_or_default()).unwrap_or_default();
    assert!(!unstamped.contains("ADMITIDO"));
    let stamped = FmmContent {
        entry_seal: Some(crate::EntrySeal {
            port: "MEX".to_owned(),
            admitted_on: date(2026, 12, 20),
            authorized_days: 16,
            officer_badge: "INM-0042".to_owned(),
        }),
        ..fmm()
    };
    let text = text_of(&render_fmm(&stamped).unwrap_or_default()).unwrap_or_default();
    for expected in [
        "INM · ADMITIDO / ADMITTED",
        "20 12 2026",
        "MEX · Agente INM-0042",
        "16 DÍAS / DAYS",
        "05 01 2027",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    assert_eq!(
        text.matches("INM · ADMITIDO").count(),
        2,
        "both halves carry the entry seal"
    );
}

#[test]
fn a_flate_bomb_inflates_to_what_it_says_with_a_valid_checksum() {
    use std::io::Read;
    let bomb = crate::inspect::flate_bomb(b"5 0 ", b' ', 3 * 1024 * 1024);
    assert!(bomb.len() < 20_000, "{} bytes", bomb.len());
    let mut inflated = Vec::new();
    let read = flate2::read::ZlibDecoder::new(bomb.as_slice()).read_to_end(&mut inflated);
    assert!(read.is_ok(), "{read:?}");
    assert_eq!(inflated.len(), 4 + 3 * 1024 * 1024);
    assert!(inflated.starts_with(b"5 0  "));
}
