//! What an approved pre-registration hands out — the signed receipt, the FMM and the two
//! emails — built from stored data only, so that rendering again gives the same bytes.

use crate::error::ApiError;
use crate::keys::signer::Signer;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use portal_documents::{EntrySeal, FmmContent, ReceiptContent, Traveler};
use portal_domain::documents::TravelDocument;
use portal_domain::preregistrations::EntryOutcome;
use portal_domain::preregistrations::Preregistration as Stored;
use portal_mailer::templates::{self, PreregistrationSummary};
use portal_persistence::outbox::NewEmail;
use portal_shared::catalogs::Sex;
use portal_shared::catalogs::country;
use portal_shared::dates::mexico_time;
use portal_shared::preregistrations::{TripInformation, entry_point, folio};
use portal_shared::receipts::ReceiptClaims;

/// Mexico City local time of an instant (UTC−6, no daylight saving since 2022).
fn sex_letter(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "F",
        Sex::Male => "M",
        Sex::X => "X",
    }
}

fn traveler(document: &TravelDocument) -> Traveler {
    let data = &document.data;
    Traveler {
        given_names: data.given_names.clone(),
        surnames: data.surnames.clone(),
        nationality_code: data.nationality.clone(),
        nationality_name: country(&data.nationality)
            .map_or_else(|| data.nationality.clone(), |c| c.name_es.clone()),
        document_number: data.document_number.clone(),
        birth_date: data.birth_date,
        sex: sex_letter(data.sex).to_owned(),
    }
}

/// The trip, issue time and revision of an approved pre-registration.
pub(crate) struct Issued<'a> {
    pub stored: &'a Stored,
    pub trip: &'a TripInformation,
    pub issued_at: DateTime<Utc>,
    pub revision: u32,
}

fn claims(issued: &Issued<'_>, document: &TravelDocument) -> ReceiptClaims {
    let data = &document.data;
    ReceiptClaims {
        preregistration_id: issued.stored.id.to_string(),
        revision: issued.revision,
        document_number: data.document_number.clone(),
        nationality: data.nationality.clone(),
        surnames: data.surnames.clone(),
        given_names: data.given_names.clone(),
        birth_date: data.birth_date,
        arrival_date: issued.trip.arrival_date.unwrap_or_default(),
        departure_date: issued.trip.departure_date.unwrap_or_default(),
        entry_point: issued.trip.entry_point.clone(),
        carrier: issued.trip.carrier.clone(),
        flight_number: issued.trip.flight_number.clone(),
        issued_at: issued.issued_at.timestamp(),
    }
}

/// The issue data of a stored approved pre-registration, or `None` if it has none.
pub(crate) fn issued_of(stored: &Stored) -> Option<Issued<'_>> {
    Some(Issued {
        stored,
        trip: stored.trip.as_ref()?,
        issued_at: stored.receipt_issued_at?,
        revision: stored.revision,
    })
}

/// The QR token of the receipt, signed with the key signing now.
pub(crate) async fn receipt_token(
    signer: &dyn Signer,
    issued: &Issued<'_>,
    document: &TravelDocument,
) -> Result<String, ApiError> {
    Ok(crate::keys::signer::sign_receipt(signer, &claims(issued, document)).await?)
}

/// The receipt PDF. Rendering takes a few milliseconds of CPU: it runs off the async
/// workers.
pub(crate) async fn receipt_pdf(
    signer: &dyn Signer,
    portal_name: &str,
    issued: &Issued<'_>,
    document: &TravelDocument,
) -> Result<Vec<u8>, ApiError> {
    let token = receipt_token(signer, issued, document).await?;
    let content = ReceiptContent {
        portal_name: portal_name.to_owned(),
        folio: folio(&issued.stored.id.to_string()),
        traveler: traveler(document),
        trip: issued.trip.clone(),
        issued_at: mexico_time(issued.issued_at),
        revision: issued.revision,
        token,
    };
    actix_web::web::block(move || portal_documents::render_receipt(&content))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Renders the receipt attached to an email when the delivery worker sends it
/// (`receipt:<pre-registration id>`: its current revision).
pub struct ReceiptAttachments {
    pub db: portal_persistence::DatabaseConnection,
    pub signer: std::sync::Arc<dyn Signer>,
    pub portal_name: String,
}

impl ReceiptAttachments {
    async fn receipt(&self, source: &str) -> Result<Vec<u8>, String> {
        let id: uuid::Uuid = source
            .strip_prefix(RECEIPT_SOURCE_PREFIX)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("unknown attachment source {source}"))?;
        let stored = portal_persistence::preregistrations::find(&self.db, id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("pre-registration {id} no longer exists"))?;
        let document = portal_persistence::travel_documents::find_for_account(
            &self.db,
            stored.account_id,
            stored.document_id,
        )
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the document of pre-registration {id} no longer exists"))?;
        let issued =
            issued_of(&stored).ok_or_else(|| format!("pre-registration {id} has no receipt"))?;
        receipt_pdf(self.signer.as_ref(), &self.portal_name, &issued, &document)
            .await
            .map_err(|e| e.to_string())
    }
}

impl portal_mailer::worker::AttachmentSource for ReceiptAttachments {
    fn render<'a>(&'a self, source: &'a str) -> portal_mailer::worker::Rendering<'a> {
        Box::pin(self.receipt(source))
    }
}

const RECEIPT_SOURCE_PREFIX: &str = "receipt:";

/// The FMM PDF.
pub(crate) async fn fmm_pdf(
    state: &AppState,
    issued: &Issued<'_>,
    document: &TravelDocument,
) -> Result<Vec<u8>, ApiError> {
    let residence = country(&document.data.issuing_country).map_or_else(
        || document.data.issuing_country.clone(),
        |c| format!("{} - {}", c.name_es, c.alpha3),
    );
    let content = FmmContent {
        portal_name: state.branding.portal_name.clone(),
        folio: folio(&issued.stored.id.to_string()),
        traveler: traveler(document),
        trip: issued.trip.clone(),
        country_of_residence: residence,
        issued_on: mexico_time(issued.issued_at).date(),
        entry_seal: issued
            .stored
            .entry
            .as_ref()
            .and_then(|entry| match entry.outcome {
                EntryOutcome::Admitted { authorized_days } => Some(EntrySeal {
                    port: entry.port.clone(),
                    admitted_on: mexico_time(entry.recorded_at).date(),
                    authorized_days,
                    officer_badge: entry.officer_badge.clone(),
                }),
                EntryOutcome::Refused { .. } => None,
            }),
    };
    actix_web::web::block(move || portal_documents::render_fmm(&content))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// The receipt email (the PDF attached when it is sent) and the FMM notice, for
/// `recipient`.
pub(crate) fn emails(
    state: &AppState,
    recipient: &str,
    issued: &Issued<'_>,
    document: &TravelDocument,
) -> (NewEmail, NewEmail) {
    let summary = PreregistrationSummary {
        given_names: document.data.given_names.clone(),
        folio: folio(&issued.stored.id.to_string()),
        document_number: document.data.document_number.clone(),
        arrival: issued
            .trip
            .arrival_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        entry_point: entry_point(&issued.trip.entry_point)
            .map_or_else(|| issued.trip.entry_point.clone(), |p| p.name.to_owned()),
        history_link: format!("{}/pre-registro/historial", state.branding.public_url),
    };
    let source = format!("{RECEIPT_SOURCE_PREFIX}{}", issued.stored.id);
    (
        templates::preregistration_receipt(&state.branding, recipient, &summary, source),
        templates::preregistration_fmm(&state.branding, recipient, &summary),
    )
}
