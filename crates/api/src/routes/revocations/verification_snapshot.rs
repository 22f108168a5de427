use crate::auth::StaffAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use portal_shared::dates::mexico_today;
use portal_shared::officers::{
    ARRIVAL_TOLERANCE_DAYS, Revocation, SignedSnapshot, VerificationSnapshot, receipt_reference,
};

/// Everything an officer's device needs to check receipts with no network, signed by the
/// portal's trust root, whose public key the staff page pins
/// (`<meta name="portal-trust-root">`): the published receipt keys and the revocations
/// still of use — of receipts whose arrival window (the day before to the day after) has
/// not passed; later ones fail the date check anyway. `sequence` grows with every
/// snapshot, so a device keeps the newest it has seen; each answer is whole, so a device
/// that takes one is resynchronised in full.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed snapshot", body = SignedSnapshot),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer or operator", body = portal_shared::ErrorBody),
    ))]
#[get("/verification-snapshot")]
pub async fn verification_snapshot(
    req: actix_web::HttpRequest,
    staff: StaffAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let earliest_arrival = mexico_today(now)
        .checked_sub_days(chrono::Days::new(ARRIVAL_TOLERANCE_DAYS))
        .unwrap_or_default();
    let keys = crate::keys::published_receipt_keys(&state.db).await?;
    let revocations =
        portal_persistence::revocations::arriving_from(&state.db, earliest_arrival).await?;
    let snapshot = VerificationSnapshot {
        sequence: u64::try_from(now.timestamp_micros()).unwrap_or_default(),
        issued_at: now.to_rfc3339_opts(SecondsFormat::Micros, true),
        keys,
        revocations: revocations
            .into_iter()
            .map(|r| Revocation {
                receipt: receipt_reference(&r.preregistration_id.to_string()),
                revision: r.revision,
                reason: r.reason,
                revoked_at: r.revoked_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            })
            .collect(),
    };
    crate::audit_trail::record(
        &state.db,
        &req,
        &state,
        &staff,
        portal_shared::officers::AuditAction::DownloadRevocations,
        |entry| {
            entry.about(format!(
                "verification snapshot: {} keys, {} revocations",
                snapshot.keys.len(),
                snapshot.revocations.len()
            ))
        },
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SignedSnapshot {
            snapshot: portal_receipt_token::sign_snapshot(&snapshot, &state.trust_root),
        }))
}
