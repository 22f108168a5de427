use super::view;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::documents::owned_document;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use portal_domain::preregistrations::{VariantChoice, retry_blocked_for};
use portal_persistence::{PersistenceError, preregistrations};
use portal_shared::FieldErrorCode;
use portal_shared::dates::mexico_today;
use portal_shared::documents::ServiceCode;
use portal_shared::documents::{DocumentStatus, services_for};
use portal_shared::preregistrations::Variant;
use portal_shared::preregistrations::{Preregistration, StartPreregistrationRequest};
use portal_shared::validation::field_error;

/// Start the Pre-Registro of one of the account's documents, or resume its draft.
///
/// The first time, the document's variant (I `nue` with the NUE, II `diplomatic` with the
/// SRE folio, III `none`) is required and kept; later it is neither asked nor changed.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    request_body = StartPreregistrationRequest,
    responses(
        (status = 201, description = "A new draft", body = Preregistration),
        (status = 200, description = "The document's existing draft, to resume", body = Preregistration),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
        (status = 422, description = "Variant missing or invalid, the document cannot start a Pre-Registro, or its last one was not eligible less than 3 hours ago (`preregistration_blocked`, with Retry-After)", body = portal_shared::ErrorBody),
    ))]
#[post("/preregistrations")]
pub async fn start_preregistration(
    current: TravelerAccount,
    state: web::Data<AppState>,
    body: web::Json<StartPreregistrationRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    let document = owned_document(&state, &current, request.document_id.trim()).await?;
    let now = state.clock.now();
    let today = mexico_today(now);
    if !preregistration_available(&document, today) {
        return Err(ApiError::Validation(vec![field_error(
            "document_id",
            FieldErrorCode::PreregistrationNotAvailable,
        )]));
    }
    refuse_if_blocked(&state, document.id, now).await?;

    let tx = portal_persistence::begin_write(&state.db).await?;
    let variant = match preregistrations::variant_of(&tx, document.id).await? {
        Some(kept) => kept,
        None => {
            let Some(variant) = request.variant.clone() else {
                return Err(ApiError::Validation(vec![field_error(
                    "variant",
                    FieldErrorCode::Required,
                )]));
            };
            let variant = variant.checked("variant").map_err(ApiError::Validation)?;
            let choice = VariantChoice {
                reference: (variant != Variant::None)
                    .then(|| request.reference.as_deref().unwrap_or("").trim().to_owned()),
                variant,
            };
            match preregistrations::choose_variant(&tx, document.id, choice.clone(), now).await {
                Ok(()) | Err(PersistenceError::Duplicate(_)) => {}
                Err(other) => return Err(other.into()),
            }
            choice
        }
    };
    let (draft, created) =
        match preregistrations::draft_for_document(&tx, current.account_id, document.id).await? {
            Some(draft) => (draft, false),
            None => (
                preregistrations::insert_draft(&tx, current.account_id, document.id, now).await?,
                true,
            ),
        };
    tx.commit().await?;
    if created {
        tracing::info!(account_id = %current.account_id, preregistration_id = %draft.id, "pre-registration started");
        Ok(HttpResponse::Created().json(view(&state, draft, &variant, today).await?))
    } else {
        Ok(HttpResponse::Ok().json(view(&state, draft, &variant, today).await?))
    }
}

/// A document refused by the eligibility rules waits 3 hours before a new attempt.
async fn refuse_if_blocked(
    state: &AppState,
    document_id: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let last_refusal = preregistrations::last_refusal(&state.db, document_id).await?;
    match retry_blocked_for(last_refusal, now) {
        Some(retry_after_seconds) => Err(PreregistroError::PreregistrationBlocked {
            retry_after_seconds,
        }
        .into()),
        None => Ok(()),
    }
}

/// Whether `document` may have a Pre-Registro on `today`: Colombian and VIGENTE.
pub(crate) fn preregistration_available(
    document: &portal_domain::documents::TravelDocument,
    today: chrono::NaiveDate,
) -> bool {
    let status = DocumentStatus::on(document.data.expiry_date, today);
    services_for(&document.data.nationality, status)
        .iter()
        .any(|service| service.code == ServiceCode::PreRegistro && service.available)
}
