use super::to_dto;
use crate::auth::TravelerAccount;
use crate::captcha_check;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_domain::documents::PassportData;
use portal_persistence::{PersistenceError, document_scans, travel_documents};
use portal_shared::FieldErrorCode;
use portal_shared::documents::{
    Classification, RegisterDocumentRequest, Relationship, TravelDocument,
    normalize_document_number,
};
use portal_shared::validation::field_error;
use uuid::Uuid;

/// Register a passport for the account holder or a relative. The data cannot be changed
/// afterwards.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    request_body = RegisterDocumentRequest, responses(
    (status = 201, description = "Registered", body = TravelDocument),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    (status = 422, description = "Field errors, wrong captcha, or passport already in this account", body = portal_shared::ErrorBody),
))]
#[post("/documents")]
pub async fn register_document(
    current: TravelerAccount,
    state: web::Data<AppState>,
    body: web::Json<RegisterDocumentRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let today = Utc::now().date_naive();
    request.check(today).map_err(ApiError::Validation)?;
    captcha_check::verify(&state, &request.captcha).await?;
    let account = current.load(&state).await?;
    let missing = || ApiError::internal("date missing after validation");
    let birth_date = request.birth_date.ok_or_else(missing)?;
    let relationship = request
        .relationship
        .checked("relationship")
        .map_err(ApiError::Validation)?;
    let classification = request
        .classification
        .checked("classification")
        .map_err(ApiError::Validation)?;
    if relationship == Relationship::Holder && birth_date != account.birth_date {
        return Err(ApiError::Validation(vec![field_error(
            "birth_date",
            FieldErrorCode::HolderBirthDateMismatch,
        )]));
    }
    // A photo read less than an hour ago becomes the document's picture; its zone also
    // says whether the passport is diplomatic.
    let scan = match &request.scan_id {
        None => None,
        Some(raw) => {
            let not_found =
                || ApiError::Validation(vec![field_error("scan_id", FieldErrorCode::ScanNotFound)]);
            let id: Uuid = raw.parse().map_err(|_| not_found())?;
            let since = Utc::now() - chrono::Duration::hours(1);
            Some(
                document_scans::find_for_account(&state.db, account.id, id, since)
                    .await?
                    .ok_or_else(not_found)?,
            )
        }
    };
    if scan.as_ref().is_some_and(|s| s.document_code == "PD")
        && classification != Classification::Diplomatic
    {
        return Err(ApiError::Validation(vec![field_error(
            "classification",
            FieldErrorCode::ClassificationNotInDocument,
        )]));
    }
    let data = PassportData {
        relationship,
        given_names: request.given_names.trim().to_owned(),
        surnames: request.surnames.trim().to_owned(),
        birth_date,
        birth_country: request.birth_country,
        sex: request.sex.checked("sex").map_err(ApiError::Validation)?,
        nationality: request.nationality,
        document_type: request
            .document_type
            .checked("document_type")
            .map_err(ApiError::Validation)?,
        classification,
        issuing_country: request.issuing_country,
        document_number: normalize_document_number(&request.document_number),
        issue_date: request.issue_date.ok_or_else(missing)?,
        expiry_date: request.expiry_date.ok_or_else(missing)?,
    };
    // Unique per account, not globally: a relative's passport may sit in several
    // family members' accounts, and refusing it elsewhere would reveal that it exists.
    let document_id = Uuid::new_v4();
    let image_key = match &scan {
        Some(scan) => {
            let key = format!("documents/{document_id}");
            let bytes = state
                .files
                .get(&scan.storage_key)
                .await
                .map_err(ApiError::internal)?
                .ok_or_else(|| {
                    ApiError::Validation(vec![field_error("scan_id", FieldErrorCode::ScanNotFound)])
                })?;
            state
                .files
                .put(&key, &bytes)
                .await
                .map_err(ApiError::internal)?;
            Some(key)
        }
        None => None,
    };
    let inserted = travel_documents::insert_with_id(
        &state.db,
        document_id,
        account.id,
        data,
        image_key.clone(),
        Utc::now(),
    )
    .await;
    if inserted.is_err()
        && let Some(key) = &image_key
    {
        let _ = state.files.delete(key).await;
    }
    if inserted.is_ok()
        && let Some(scan) = &scan
    {
        document_scans::delete(&state.db, scan.id).await?;
        let _ = state.files.delete(&scan.storage_key).await;
    }
    match inserted {
        Ok(document) => {
            tracing::info!(account_id = %account.id, document_id = %document.id, "travel document registered");
            Ok(HttpResponse::Created().json(to_dto(document, today)))
        }
        Err(PersistenceError::Duplicate(_)) => Err(ApiError::Validation(vec![field_error(
            "document_number",
            FieldErrorCode::DocumentAlreadyRegistered,
        )])),
        Err(other) => Err(other.into()),
    }
}
