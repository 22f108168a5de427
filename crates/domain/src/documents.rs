//! Travel documents registered by an account, for its holder or relatives.

use chrono::{DateTime, NaiveDate, Utc};
use portal_shared::catalogs::Sex;
use portal_shared::documents::{Classification, DocumentType, Relationship};
use uuid::Uuid;

/// The data of a passport, checked and normalised, as it is stored. Immutable once
/// registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassportData {
    pub relationship: Relationship,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub birth_country: String,
    pub sex: Sex,
    pub nationality: String,
    pub document_type: DocumentType,
    pub classification: Classification,
    pub issuing_country: String,
    /// Upper case, no spaces or dashes.
    pub document_number: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
}

/// A registered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelDocument {
    pub id: Uuid,
    pub account_id: Uuid,
    pub data: PassportData,
    pub registered_at: DateTime<Utc>,
    /// Where the photo it was read from is stored, when it came from one.
    pub image_key: Option<String>,
}
