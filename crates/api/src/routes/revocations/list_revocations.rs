use crate::auth::StaffAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use portal_shared::officers::{Revocation, RevocationList};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RevocationQuery {
    /// RFC 3339 time: only revocations recorded at or after it (pass the previous
    /// answer's `generated_at`). Without it, all of them.
    pub since: Option<String>,
}

/// The receipts no longer valid — superseded by a flight change or cancelled by a newer
/// pre-registration — so that an officer's device can refuse them with no network.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    params(RevocationQuery),
    responses(
        (status = 200, description = "Revocations, oldest first", body = RevocationList),
        (status = 400, description = "`since` is not an RFC 3339 time", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer or operator", body = portal_shared::ErrorBody),
    ))]
#[get("/revocations")]
pub async fn list_revocations(
    req: actix_web::HttpRequest,
    staff: StaffAccount,
    state: web::Data<AppState>,
    query: web::Query<RevocationQuery>,
) -> Result<HttpResponse, ApiError> {
    let since = crate::routes::query_time(query.since.as_deref(), "since")?;
    // Taken before reading, so that nothing recorded meanwhile is missed next time.
    let generated_at = state.clock.now();
    let revocations = portal_persistence::revocations::since(&state.db, since).await?;
    crate::audit_trail::record(
        &state.db,
        &req,
        &state,
        &staff,
        portal_shared::officers::AuditAction::DownloadRevocations,
        |entry| entry.about(format!("{} revocations", revocations.len())),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(RevocationList {
            generated_at: generated_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            revocations: revocations
                .into_iter()
                .map(|r| Revocation {
                    preregistration_id: r.preregistration_id.to_string(),
                    revision: r.revision,
                    reason: r.reason,
                    revoked_at: r.revoked_at.to_rfc3339_opts(SecondsFormat::Micros, true),
                })
                .collect(),
        }))
}
