pub mod delete_document;
pub mod error;
pub mod get_document;
pub mod get_document_image;
pub mod list_document_services;
pub mod list_documents;
pub mod register_document;
pub mod scan_document;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(register_document::register_document)
        .service(scan_document::scan_document)
        .service(list_documents::list_documents)
        .service(get_document::get_document)
        .service(delete_document::delete_document)
        .service(get_document_image::get_document_image)
        .service(list_document_services::list_document_services);
}

use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
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

/// The account's document named by a path id. Anything else — a malformed id or another
/// account's document — is 404, so that other accounts' ids are not confirmed to exist.
pub(crate) async fn owned_document(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<StoredDocument, ApiError> {
    let id: Uuid = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    portal_persistence::travel_documents::find_for_account(&state.db, current.account_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}
