//! The pre-registration receipt (Comprobante de Pre-Registro de Ingreso): the traveler,
//! the trip and the signed QR the migration officer scans.

use crate::canvas::{BLACK, BOLD, Canvas, GOLD, GREY, REGULAR, Style, WHITE, WINE};
use crate::qr::draw_qr;
use crate::{
    DocumentError, PAGE_HEIGHT, PAGE_WIDTH, ReceiptContent, carrier_label, date_label,
    entry_mode_label, entry_point_label, finish, new_document, state_label, trip_reason_label,
    trip_specification_label,
};
use krilla::page::PageSettings;
use portal_shared::preregistrations::EntryMode;

const MARGIN: f32 = 42.0;

/// Renders the receipt; the same content always gives the same bytes.
pub fn render_receipt(content: &ReceiptContent) -> Result<Vec<u8>, DocumentError> {
    let regular = REGULAR.as_ref().ok_or(DocumentError::Font)?;
    let bold = BOLD.as_ref().ok_or(DocumentError::Font)?;
    let body = Style {
        face: regular,
        size: 10.0,
        colour: BLACK,
    };
    let label = Style {
        face: regular,
        size: 7.5,
        colour: GREY,
    };
    let value = Style {
        face: bold,
        size: 10.5,
        colour: BLACK,
    };
    let heading = Style {
        face: bold,
        size: 11.0,
        colour: WINE,
    };

    let mut document = new_document();
    {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| DocumentError::Pdf("page size".to_owned()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        {
            let mut canvas = Canvas {
                surface: &mut surface,
            };

            // Header band.
            canvas.fill_rect(0.0, 0.0, PAGE_WIDTH, 78.0, WINE);
            canvas.fill_rect(0.0, 78.0, PAGE_WIDTH, 4.0, GOLD);
            let on_wine = |size| Style {
                face: bold,
                size,
                colour: WHITE,
            };
            canvas.text(MARGIN, 32.0, on_wine(17.0), &content.portal_name);
            canvas.text(
                MARGIN,
                54.0,
                on_wine(11.5),
                "Comprobante de Pre-Registro de Ingreso a México",
            );
            canvas.text(
                MARGIN,
                69.0,
                Style {
                    face: regular,
                    size: 9.0,
                    colour: WHITE,
                },
                "Pre-registration receipt for entry into Mexico",
            );

            // QR, right column.
            let qr_side = 190.0;
            let qr_x = PAGE_WIDTH - MARGIN - qr_side;
            let qr_y = 100.0;
            draw_qr(&mut canvas, qr_x, qr_y, qr_side, &content.token)?;
            canvas.text_centred(
                qr_x + qr_side / 2.0,
                qr_y + qr_side + 12.0,
                label,
                "Presente este código al agente federal de migración",
            );
            canvas.text_centred(
                qr_x + qr_side / 2.0,
                qr_y + qr_side + 22.0,
                label,
                "Show this code to the federal migration officer",
            );

            // Left column: folio and traveler.
            let column = qr_x - MARGIN - 18.0;
            let mut y = 112.0;
            let field = |canvas: &mut Canvas<'_, '_>, y: &mut f32, name: &str, text: &str| {
                canvas.text(MARGIN, *y, label, name);
                *y += 13.0;
                let lines = crate::canvas::wrap(value, column, text);
                for line in lines.iter().take(3) {
                    canvas.text(MARGIN, *y, value, line);
                    *y += 13.5;
                }
                if lines.is_empty() {
                    *y += 13.5;
                }
                *y += 5.0;
            };
            field(&mut canvas, &mut y, "FOLIO / REFERENCE", &content.folio);
            let traveler = &content.traveler;
            field(
                &mut canvas,
                &mut y,
                "NOMBRE(S), APELLIDO(S) / GIVEN NAMES, SURNAMES",
                &format!("{} {}", traveler.given_names, traveler.surnames),
            );
            field(
                &mut canvas,
                &mut y,
                "NACIONALIDAD / NATIONALITY",
                &format!(
                    "{} - {}",
                    traveler.nationality_name, traveler.nationality_code
                ),
            );
            field(
                &mut canvas,
                &mut y,
                "NÚMERO DE DOCUMENTO / DOCUMENT NUMBER",
                &traveler.document_number,
            );
            field(
                &mut canvas,
                &mut y,
                "FECHA DE NACIMIENTO / DATE OF BIRTH",
                &date_label(Some(traveler.birth_date)),
            );

            // Trip, full width, two columns.
            let mut y = y.max(qr_y + qr_side + 42.0);
            canvas.text(MARGIN, y, heading, "DATOS DEL VIAJE / TRIP DETAILS");
            y += 6.0;
            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 18.0;
            let trip = &content.trip;
            let carrier_name = if trip.entry_mode.known() == Some(EntryMode::Air) {
                "AEROLÍNEA / AIRLINE"
            } else {
                "EMBARCACIÓN O TRANSPORTISTA / VESSEL OR CARRIER"
            };
            let rows: [(&str, String, &str, String); 5] = [
                (
                    "VÍA DE INTERNACIÓN / ENTERING BY",
                    entry_mode_label(trip.entry_mode.as_str()),
                    "PUNTO DE INTERNACIÓN / PORT OF ENTRY",
                    entry_point_label(&trip.entry_point),
                ),
                (
                    carrier_name,
                    carrier_label(trip),
                    "VUELO / FLIGHT",
                    trip.flight_number.clone(),
                ),
                (
                    "FECHA DE LLEGADA / ARRIVAL DATE",
                    date_label(trip.arrival_date),
                    "FECHA DE SALIDA / DEPARTURE DATE",
                    date_label(trip.departure_date),
                ),
                (
                    "MOTIVO DEL VIAJE / PURPOSE OF TRIP",
                    trip_reason_label(&trip.trip_reason),
                    "ESPECIFICACIÓN / DETAIL",
                    trip_specification_label(&trip.trip_specification),
                ),
                (
                    "ESTADO DE DESTINO / DESTINATION STATE",
                    state_label(&trip.destination_state),
                    "",
                    String::new(),
                ),
            ];
            let half = (PAGE_WIDTH - 2.0 * MARGIN) / 2.0;
            for (left_name, left, right_name, right) in rows {
                canvas.text(MARGIN, y, label, left_name);
                canvas.text(MARGIN + half, y, label, right_name);
                y += 13.0;
                let left_end = canvas.paragraph(MARGIN, y, half - 12.0, 13.0, value, &left);
                let right_end = canvas.paragraph(MARGIN + half, y, half - 4.0, 13.0, value, &right);
                y = left_end.max(right_end).max(y + 13.0) + 7.0;
            }
            canvas.text(MARGIN, y, label, "DOMICILIO EN MÉXICO / ADDRESS IN MEXICO");
            y += 13.0;
            y = canvas.paragraph(
                MARGIN,
                y,
                PAGE_WIDTH - 2.0 * MARGIN,
                13.5,
                value,
                &trip.address_in_mexico,
            );
            y += 14.0;

            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 18.0;
            for text in [
                "Este comprobante no garantiza la internación a México: la autoriza el agente federal de migración en el punto de internación. Lleve consigo el documento de identidad con el que se registró, su boleto de salida y su reservación.",
                "This receipt does not guarantee entry into Mexico: the federal migration officer authorises it at the port of entry. Carry the identity document you registered with, your onward ticket and your reservation.",
            ] {
                y = canvas.paragraph(MARGIN, y, PAGE_WIDTH - 2.0 * MARGIN, 13.0, body, text);
                y += 6.0;
            }

            let issued = content.issued_at.format("%d/%m/%Y %H:%M").to_string();
            canvas.text(
            MARGIN,
            PAGE_HEIGHT - 48.0,
            label,
            &format!(
                "Emitido / Issued: {issued} (hora del centro de México / Mexico City time) · Revisión / Revision {}",
                content.revision
            ),
        );
            canvas.text(
            MARGIN,
            PAGE_HEIGHT - 38.0,
            label,
            "Código firmado digitalmente (EdDSA); se verifica sin conexión con la clave pública del portal: /api/v1/keys · Digitally signed code, verifiable offline with the portal's public key",
        );
        }
        surface.finish();
        page.finish();
    }
    finish(
        document,
        format!("Comprobante de Pre-Registro {}", content.folio),
        format!("{}-r{}", content.folio, content.revision),
        content.issued_at,
        &content.portal_name,
    )
}
