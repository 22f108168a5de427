pub mod delete_document;
pub mod get_document;
pub mod get_document_image;
pub mod list_document_services;
pub mod list_documents;
pub mod register_document;
pub mod scan_document;

use crate::error::ApiError;
use chrono::{NaiveDate, SecondsFormat};
use portal_domain::documents::TravelDocument as StoredDocument;
use portal_shared::documents::{DocumentStatus, TravelDocument};
use uuid::Uuid;

/// The API view of a stored document, its status computed for `today`.
pub(crate) fn to_dto(document: StoredDocument, today: NaiveDate) -> TravelDocument {
    let data = document.data;
    TravelDocument {
        id: document.id.to_string(),
        status: DocumentStatus::on(data.expiry_date, today),
        has_image: document.image_key.is_some(),
        relationship: data.relationship,
        given_names: data.given_names,
        surnames: data.surnames,
        birth_date: data.birth_date,
        birth_country: data.birth_country,
        sex: data.sex,
        nationality: data.nationality,
        document_type: data.document_type,
        classification: data.classification,
        issuing_country: data.issuing_country,
        document_number: data.document_number,
        issue_date: data.issue_date,
        expiry_date: data.expiry_date,
        registered_at: document
            .registered_at
            .to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// A document id from the path; anything that is not one of the account's documents
/// is 404, so that other accounts' ids are not confirmed to exist.
pub(crate) fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound)
}
