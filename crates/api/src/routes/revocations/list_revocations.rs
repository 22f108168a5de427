use crate::auth::StaffAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use portal_shared::officers::{Revocation, RevocationList, receipt_reference};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RevocationQuery {
    /// RFC 3339 time: only revocations recorded at or after it (pass the previous
    /// answer's `generated_at`). Without it, all of them.
    pub since: Option<String>,
    /// The previous page's `next`: the page after it.
    pub after: Option<String>,
    /// At most this many (default and maximum 1,000).
    pub limit: Option<u64>,
}

/// Most revocations one answer lists.
const PAGE: u64 = 1000;

/// A page cursor: the last revocation's time (nanoseconds since 1970, the precision it
/// is stored with) and row.
fn cursor(revocation: &portal_persistence::revocations::StoredRevocation) -> String {
    format!(
        "{}_{}",
        revocation
            .revoked_at
            .timestamp_nanos_opt()
            .unwrap_or_default(),
        revocation.id.simple()
    )
}

fn parse_cursor(text: &str) -> Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)> {
    let (nanos, id) = text.split_once('_')?;
    let at = chrono::DateTime::from_timestamp_nanos(nanos.parse().ok()?);
    Some((at, id.parse().ok()?))
}

/// The receipts no longer valid — superseded by a flight change or cancelled by a newer
/// pre-registration — so that an officer's device can refuse them with no network. A
/// thousand at a time: while `next` is given, ask again with `after=next`.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    params(RevocationQuery),
    responses(
        (status = 200, description = "Revocations, oldest first", body = RevocationList),
        (status = 400, description = "`since` is not an RFC 3339 time, or `after` not a cursor", body = portal_shared::ErrorBody),
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
    let after = query
        .after
        .as_deref()
        .map(|text| {
            parse_cursor(text)
                .ok_or_else(|| ApiError::Malformed("after is not a cursor".to_owned()))
        })
        .transpose()?;
    let limit = query.limit.unwrap_or(PAGE).clamp(1, PAGE);
    // Taken before reading, so that nothing recorded meanwhile is missed next time.
    let generated_at = state.clock.now();
    let mut revocations =
        portal_persistence::revocations::page(&state.db, since, after, limit + 1).await?;
    let more = revocations.len() as u64 > limit;
    revocations.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = more.then(|| revocations.last().map(cursor)).flatten();
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
                    receipt: receipt_reference(&r.preregistration_id.to_string()),
                    revision: r.revision,
                    reason: r.reason,
                    revoked_at: r.revoked_at.to_rfc3339_opts(SecondsFormat::Micros, true),
                })
                .collect(),
            next,
        }))
}
