use super::{audit, inspection, issued};
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::routes::officer::error::OfficerError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_domain::preregistrations::PreregistrationStatus;
use portal_shared::officers::AuditAction;
use portal_shared::officers::{Inspection, InspectionRequest};

/// Checks the text of a presented QR like an officer's device does offline — signature
/// against the published keys — and against the server's records: a receipt superseded
/// by a flight change or cancelled is refused. A valid one answers with the
/// pre-registration (traveler, document, trip, answers, attachments, any decision) and
/// `date_check` (`on_time`, `not_yet`, `expired`). The read is audited.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    request_body = InspectionRequest,
    responses(
        (status = 200, description = "A valid receipt and its pre-registration", body = Inspection),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer", body = portal_shared::ErrorBody),
        (status = 404, description = "Validly signed, but its pre-registration no longer exists", body = portal_shared::ErrorBody),
        (status = 409, description = "Superseded or cancelled receipt", body = portal_shared::ErrorBody),
        (status = 422, description = "Not a receipt signed with a published key", body = portal_shared::ErrorBody),
    ))]
#[post("/officer/inspections")]
pub async fn inspect_receipt(
    req: actix_web::HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    body: web::Json<InspectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let keys = crate::keys::published_receipt_keys(&state.db).await?;
    let claims = match portal_receipt_token::verify(&body.token, &keys) {
        Ok(claims) => claims,
        Err(_) => {
            crate::audit_trail::record(
                &state.db,
                &req,
                &state,
                &officer,
                AuditAction::InvalidInspection,
                |entry| entry,
            )
            .await?;
            return Err(OfficerError::ReceiptInvalid.into());
        }
    };
    let stored = issued(&state.db, &claims.preregistration_id).await?;
    if stored.status == PreregistrationStatus::Cancelled || claims.revision != stored.revision {
        return Err(OfficerError::ReceiptRevoked.into());
    }
    audit(
        &state.db,
        &req,
        &state,
        &officer,
        AuditAction::InspectPreregistration,
        stored.id,
        None,
    )
    .await?;
    let view = inspection(&state, stored).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}
