use super::{audit, open_inspection_of};
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::officers::AuditAction;
use portal_shared::preregistrations::AttachmentKind;

/// One attachment of the inspected pre-registration, to view inline (PDF, PNG or JPEG, as
/// checked by content when it was uploaded), while the officer's inspection is open. The
/// read is audited.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Inspection id (`inspection_id` of `POST /officer/inspections`)"),
        ("kind" = String, Path, description = "Attachment kind, e.g. `return_ticket`"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer", body = portal_shared::ErrorBody),
        (status = 404, description = "No such inspection of this officer, or no such attachment", body = portal_shared::ErrorBody),
        (status = 409, description = "The inspection expired (`inspection_expired`) or the receipt was superseded since (`receipt_revoked`)", body = portal_shared::ErrorBody),
    ))]
#[get("/officer/inspections/{id}/attachments/{kind}")]
pub async fn get_attachment(
    req: actix_web::HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let kind = AttachmentKind::parse(&kind).ok_or(ApiError::NotFound)?;
    let (_, stored) = open_inspection_of(&state, &officer, &id).await?;
    let attachment = portal_persistence::preregistrations::attachments_of(&state.db, stored.id)
        .await?
        .into_iter()
        .find(|a| a.kind == kind)
        .ok_or(ApiError::NotFound)?;
    let bytes = state
        .files
        .get(&attachment.storage_key)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("attachment file missing from the store"))?;
    audit(
        &state.db,
        &req,
        &state,
        &officer,
        AuditAction::ViewAttachment,
        stored.id,
        Some(kind),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(attachment.content_type.as_str())
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Security-Policy", "sandbox"))
        .insert_header(("Content-Disposition", "inline"))
        .body(bytes))
}
