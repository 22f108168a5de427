use super::{audit, inspection, issued};
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::routes::officer::error::OfficerError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_domain::preregistrations::PreregistrationStatus;
use portal_shared::dates::mexico_today;
use portal_shared::officers::{
    AuditAction, Inspection, InspectionRequest, ReceiptDateCheck, date_check,
};
use uuid::Uuid;

/// How long an inspection opens the attachments and the decision.
pub const INSPECTION_TTL: chrono::Duration = chrono::Duration::minutes(15);

/// Checks the text of a presented QR like an officer's device does offline — signature
/// against the published keys — and against the server's records, and opens an
/// inspection of its pre-registration: only for a receipt in force (not superseded by a
/// flight change nor cancelled), for the officer's own port of entry, on its arrival date
/// (give or take a day). The answer is the pre-registration (traveler, document, trip,
/// answers, attachments, any decision) with the `inspection_id` through which, for 15
/// minutes and for this officer only, its attachments are read and the entry decision
/// recorded. Every try is audited, the refused ones too.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    request_body = InspectionRequest,
    responses(
        (status = 201, description = "A valid receipt: the inspection of its pre-registration", body = Inspection),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer", body = portal_shared::ErrorBody),
        (status = 404, description = "Validly signed, but its pre-registration no longer exists", body = portal_shared::ErrorBody),
        (status = 409, description = "Superseded or cancelled receipt (`receipt_revoked`), for another port (`receipt_other_port`) or not for today (`receipt_not_for_today`)", body = portal_shared::ErrorBody),
        (status = 422, description = "Not a receipt signed with a published key", body = portal_shared::ErrorBody),
    ))]
#[post("/officer/inspections")]
pub async fn open_inspection(
    req: actix_web::HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    body: web::Json<InspectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let refused = |preregistration_id: Option<Uuid>, why: OfficerError| {
        let (req, state, officer) = (&req, &state, &officer);
        async move {
            crate::audit_trail::record(
                &state.db,
                req,
                state,
                officer,
                AuditAction::InvalidInspection,
                |entry| portal_persistence::audit::AuditEntry {
                    preregistration_id,
                    ..entry.about(why.to_string())
                },
            )
            .await?;
            Err::<HttpResponse, ApiError>(why.into())
        }
    };
    let keys = crate::keys::published_receipt_keys(&state.db).await?;
    let Ok(claims) = portal_receipt_token::verify(&body.token, &keys) else {
        return refused(None, OfficerError::ReceiptInvalid).await;
    };
    let stored = issued(&state.db, &claims.preregistration_id).await?;
    if stored.status == PreregistrationStatus::Cancelled || claims.revision != stored.revision {
        return refused(Some(stored.id), OfficerError::ReceiptRevoked).await;
    }
    let station = portal_persistence::officers::find(&state.db, officer.account_id)
        .await?
        .ok_or_else(|| ApiError::internal("officer account without its officer record"))?;
    let entry_point = stored.trip.as_ref().map(|trip| trip.entry_point.as_str());
    if entry_point != Some(station.port_code.as_str()) {
        return refused(Some(stored.id), OfficerError::ReceiptOtherPort).await;
    }
    let now = state.clock.now();
    let arrival = stored.arrival_date().unwrap_or_default();
    if date_check(arrival, mexico_today(now)) != ReceiptDateCheck::OnTime {
        return refused(Some(stored.id), OfficerError::ReceiptNotForToday).await;
    }
    let opened = portal_persistence::inspections::open(
        &state.db,
        officer.account_id,
        stored.id,
        stored.revision,
        now + INSPECTION_TTL,
        now,
    )
    .await?;
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
    let view = inspection(&state, &opened, stored).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}
