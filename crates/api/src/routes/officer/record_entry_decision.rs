use super::{audit, inspection, issued_by_id, open_inspection_of};
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::routes::officer::error::OfficerError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_domain::preregistrations::{EntryDecision, EntryOutcome, PreregistrationStatus};
use portal_shared::dates::mexico_today;
use portal_shared::officers::{
    AuditAction, EntryDecisionRequest, EntryOutcomeKind, Inspection, ReceiptDateCheck, date_check,
};

/// Records the officer's decision on the pre-registration whose receipt opened the
/// inspection (a receipt superseded since is refused): ADMITIDO with the authorized stay (1–180 days; the FMM is then stamped
/// with the port, the date, the stay and the officer's badge) or RECHAZADO with a reason
/// from the catalog. Only once per pre-registration; an admission only on the receipt's
/// arrival date (give or take a day). Audited with the decision.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path, description = "Inspection id (`inspection_id` of `POST /officer/inspections`)")),
    request_body = EntryDecisionRequest,
    responses(
        (status = 200, description = "Recorded; the pre-registration as it now stands", body = Inspection),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer", body = portal_shared::ErrorBody),
        (status = 404, description = "No such inspection of this officer", body = portal_shared::ErrorBody),
        (status = 409, description = "Already decided, receipt superseded or cancelled, not for today, or the inspection expired", body = portal_shared::ErrorBody),
        (status = 422, description = "Stay out of range or unknown reason", body = portal_shared::ErrorBody),
    ))]
#[post("/officer/inspections/{id}/entry")]
pub async fn record_entry_decision(
    req: actix_web::HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<EntryDecisionRequest>,
) -> Result<HttpResponse, ApiError> {
    let outcome = EntryOutcome::from_request(&body).map_err(ApiError::Validation)?;
    let (opened, stored) = open_inspection_of(&state, &officer, &id).await?;
    let refusal = |stored_status| match stored_status {
        PreregistrationStatus::Admitted | PreregistrationStatus::EntryRefused => {
            OfficerError::AlreadyDecided
        }
        _ => OfficerError::ReceiptRevoked,
    };
    if stored.status != PreregistrationStatus::Approved {
        return Err(refusal(stored.status).into());
    }
    let now = state.clock.now();
    let arrival = stored.arrival_date().unwrap_or_default();
    if matches!(outcome, EntryOutcome::Admitted { .. })
        && date_check(arrival, mexico_today(now)) != ReceiptDateCheck::OnTime
    {
        return Err(OfficerError::ReceiptNotForToday.into());
    }
    let badge = portal_persistence::officers::find(&state.db, officer.account_id)
        .await?
        .ok_or_else(|| ApiError::internal("officer account without its officer record"))?;
    let action = match outcome.kind() {
        EntryOutcomeKind::Admitted => AuditAction::Admit,
        EntryOutcomeKind::Refused => AuditAction::RefuseEntry,
    };
    let decision = EntryDecision {
        outcome,
        recorded_at: now,
        officer_id: officer.account_id,
        officer_badge: badge.badge_number,
        port: badge.port_code,
    };
    let tx = portal_persistence::begin_write(&state.db).await?;
    if !portal_persistence::preregistrations::record_entry(
        &tx,
        stored.id,
        stored.revision,
        &decision,
    )
    .await?
    {
        tx.rollback().await?;
        // Another officer or a flight change got there first: say which.
        let now_stored = issued_by_id(&state.db, stored.id).await?;
        return Err(if now_stored.status == PreregistrationStatus::Approved {
            OfficerError::ReceiptRevoked.into()
        } else {
            refusal(now_stored.status).into()
        });
    }
    audit(&tx, &req, &state, &officer, action, stored.id, None).await?;
    tx.commit().await?;
    let recorded = issued_by_id(&state.db, stored.id).await?;
    tracing::info!(preregistration = %recorded.id, action = action.as_str(), "entry decision recorded");
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(inspection(&state, &opened, recorded).await?))
}
