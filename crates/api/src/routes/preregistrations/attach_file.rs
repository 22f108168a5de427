use super::{owned_draft, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::multipart::read_file_field;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::put;
use actix_web::{HttpResponse, web};
use portal_domain::preregistrations::{StoredAttachment, WizardStep};
use portal_domain::uploads::{UploadProblem, check_attachment, check_file_name};
use portal_persistence::preregistrations;
use portal_shared::FieldErrorCode;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::{
    AttachmentKind, MAX_ATTACHMENT_BYTES, Preregistration, attachment_kind,
};
use portal_shared::validation::field_error;

/// Step 4, Terminar Registro: attach one file of a kind the document's variant asks for
/// (multipart field `file`: PDF, JPG, JPEG or PNG, at most 2 MB, its type taken from the
/// content). A second file of the same kind replaces the first. Step 3 must be saved first.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Pre-registration id"),
        ("kind" = String, Path, description = "return_ticket, lodging, itinerary (variant III); resident_card, proof_of_address (I); sre_card (II)"),
    ),
    request_body(content_type = "multipart/form-data", description = "Field `file`: the document"),
    responses(
        (status = 200, description = "Attached; the draft with its attachments", body = Preregistration),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Already submitted: the steps no longer change", body = portal_shared::ErrorBody),
        (status = 413, description = "Larger than 2 MB", body = portal_shared::ErrorBody),
        (status = 422, description = "Not a PDF/JPG/PNG, no file, a kind this variant does not use, or step 3 not saved; nothing stored", body = portal_shared::ErrorBody),
    ))]
#[put("/preregistrations/{id}/attachments/{kind}")]
pub async fn attach_file(
    current: TravelerAccount,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let (stored, variant) = owned_draft(&state, &current, &id).await?;
    let kind = AttachmentKind::parse(&kind)
        .and_then(|kind| attachment_kind(variant.variant, kind))
        .ok_or_else(|| {
            ApiError::Validation(vec![field_error("kind", FieldErrorCode::UnknownOption)])
        })?;
    stored
        .check_steps_before(WizardStep::Attachments)
        .map_err(ApiError::Validation)?;
    let (file_name, bytes) = read_file_field(payload, "file", MAX_ATTACHMENT_BYTES)
        .await?
        .ok_or_else(|| {
            ApiError::Validation(vec![field_error("file", FieldErrorCode::FileRequired)])
        })?;
    let refused =
        |problem: UploadProblem| ApiError::Validation(vec![field_error("file", problem.code())]);
    check_file_name(&file_name).map_err(refused)?;
    // Parsing a PDF takes CPU: off the async workers.
    let content_type = web::block(move || check_attachment(&bytes).map(|t| (t, bytes)))
        .await
        .map_err(ApiError::internal)?
        .map_err(refused);
    let (content_type, bytes) = content_type?;
    // One file per kind: the same key is overwritten by a replacement.
    let storage_key = format!(
        "attachments/{}/{}",
        stored.id,
        kind.code.as_str().replace('_', "-")
    );
    state
        .files
        .put(&storage_key, &bytes)
        .await
        .map_err(ApiError::internal)?;
    let now = state.clock.now();
    preregistrations::put_attachment(
        &state.db,
        stored.id,
        StoredAttachment {
            kind: kind.code,
            file_name,
            content_type,
            size: bytes.len() as u64,
            storage_key,
            uploaded_at: now,
        },
    )
    .await?;
    tracing::info!(preregistration_id = %stored.id, kind = kind.code.as_str(), size = bytes.len(), "file attached");
    Ok(HttpResponse::Ok().json(view(&state, stored, &variant, mexico_today(now)).await?))
}
