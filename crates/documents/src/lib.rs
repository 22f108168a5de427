//! The PDFs handed to travelers: the pre-registration receipt (comprobante) with its
//! signed QR, and the bilingual Forma Migratoria Múltiple (FMM, fields 1–20, entry and
//! exit halves).
//!
//! Both are rendered from stored data only — no clock, no randomness — so the same data
//! gives the same bytes. Fonts (DejaVu Sans) are compiled in and embedded as subsets.

mod canvas;
pub mod citas;
mod fmm;
#[cfg(any(test, feature = "inspect"))]
pub mod inspect;
mod qr;
mod receipt;

use chrono::NaiveDate;
use portal_shared::preregistrations::{
    NamedCatalog, TripInformation, carrier_names, entry_point, names_of,
};

pub use fmm::render_fmm;
pub use qr::{qr_modules, qr_svg};
pub use receipt::render_receipt;

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the QR code cannot hold the token: {0}")]
    Qr(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Who travels, as on the travel document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traveler {
    pub given_names: String,
    pub surnames: String,
    /// ICAO three-letter code, e.g. `COL`.
    pub nationality_code: String,
    /// Spanish name of the nationality's country, e.g. `Colombia`.
    pub nationality_name: String,
    pub document_number: String,
    pub birth_date: NaiveDate,
    /// `F`, `M` or `X`, as in the machine readable zone.
    pub sex: String,
}

/// Everything printed on a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptContent {
    pub portal_name: String,
    /// The reference the traveler quotes, e.g. `PR-4F1C1D7E`.
    pub folio: String,
    pub traveler: Traveler,
    pub trip: TripInformation,
    /// Date and time of issue in Mexico City, as printed.
    pub issued_at: chrono::NaiveDateTime,
    pub revision: u32,
    /// The signed token the QR encodes.
    pub token: String,
}

/// Everything printed on an FMM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FmmContent {
    pub portal_name: String,
    pub folio: String,
    pub traveler: Traveler,
    pub trip: TripInformation,
    /// Field 9, e.g. `Colombia - COL`.
    pub country_of_residence: String,
    /// Field 16: the date the form was filled in (Mexico City).
    pub issued_on: NaiveDate,
    /// Fields 18 and 19, once an officer admitted the traveler.
    pub entry_seal: Option<EntrySeal>,
}

/// The entry seal an officer's admission prints on the FMM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySeal {
    /// Port of entry code (catalog `entry_points`).
    pub port: String,
    /// Date of admission (Mexico City).
    pub admitted_on: NaiveDate,
    pub authorized_days: u32,
    pub officer_badge: String,
}

fn spanish(catalog: NamedCatalog, code: &str) -> String {
    names_of(catalog, code).0
}

fn entry_mode_label(code: &str) -> String {
    spanish(NamedCatalog::EntryModes, code)
}

fn entry_point_label(code: &str) -> String {
    entry_point(code).map_or_else(|| code.to_owned(), |p| format!("{} ({})", p.name, p.code))
}

fn carrier_label(trip: &TripInformation) -> String {
    carrier_names(trip).0
}

fn trip_reason_label(code: &str) -> String {
    spanish(NamedCatalog::TripReasons, code)
}

fn trip_specification_label(code: &str) -> String {
    spanish(NamedCatalog::TripSpecifications, code)
}

fn state_label(code: &str) -> String {
    spanish(NamedCatalog::States, code)
}

fn date_label(date: Option<NaiveDate>) -> String {
    date.map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
}

fn pdf_date(at: chrono::NaiveDateTime) -> krilla::metadata::DateTime {
    use chrono::{Datelike, Timelike};
    let small = |n: u32| u8::try_from(n).unwrap_or(0);
    krilla::metadata::DateTime::new(u16::try_from(at.year()).unwrap_or(2000))
        .month(small(at.month()))
        .day(small(at.day()))
        .hour(small(at.hour()))
        .minute(small(at.minute()))
        .second(small(at.second()))
        .utc_offset_hour(-6)
        .utc_offset_minute(0)
}

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;

fn finish(
    mut document: krilla::Document,
    title: String,
    document_id: String,
    created: chrono::NaiveDateTime,
    author: &str,
) -> Result<Vec<u8>, DocumentError> {
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title)
            .language("es-MX".to_owned())
            .creator(author.to_owned())
            .producer(author.to_owned())
            .creation_date(pdf_date(created))
            .document_id(document_id),
    );
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}

fn new_document() -> krilla::Document {
    krilla::Document::new_with(krilla::SerializeSettings {
        compress_content_streams: true,
        ..krilla::SerializeSettings::default()
    })
}

#[cfg(test)]
mod tests;
