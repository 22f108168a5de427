use crate::auth::OperatorAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use portal_persistence::audit::AuditFilter;
use portal_shared::officers::{AuditEvent, AuditLog};
use serde::Deserialize;
use uuid::Uuid;

/// Most events one answer lists.
const MAX_EVENTS: u64 = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// RFC 3339 time: only events at or after it.
    pub since: Option<String>,
    /// Only this officer's or operator's events (account id).
    pub actor: Option<String>,
    /// Only events about this pre-registration.
    pub preregistration: Option<String>,
    /// At most this many (default and maximum 500), newest first.
    pub limit: Option<u64>,
}

/// Who read or decided what, from where: every officer read of a pre-registration or an
/// attachment, every entry decision, staff logins, invalid QR presented, revocation
/// downloads and the operator's command-line actions, newest first, each with its place
/// in the hash chain. Operators only.
#[utoipa::path(tag = "officer", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The events", body = AuditLog),
        (status = 400, description = "A filter is malformed", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an operator", body = portal_shared::ErrorBody),
    ))]
#[get("/audit")]
pub async fn list_audit_events(
    _operator: OperatorAccount,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let malformed = |what: &str| ApiError::Malformed(format!("{what} is malformed"));
    let uuid = |raw: &Option<String>, what: &str| {
        raw.as_deref()
            .map(|raw| raw.parse::<Uuid>().map_err(|_| malformed(what)))
            .transpose()
    };
    let filter = AuditFilter {
        since: crate::routes::query_time(query.since.as_deref(), "since")?,
        actor_account_id: uuid(&query.actor, "actor")?,
        preregistration_id: uuid(&query.preregistration, "preregistration")?,
        limit: query.limit.unwrap_or(MAX_EVENTS).clamp(1, MAX_EVENTS),
    };
    let events = portal_persistence::audit::list(&state.db, &filter).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(AuditLog {
            events: events
                .into_iter()
                .map(|e| AuditEvent {
                    id: e.id.to_string(),
                    occurred_at: e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true),
                    actor_account_id: e.actor_account_id.to_string(),
                    actor_role: e.actor_role,
                    action: e.action,
                    preregistration_id: e.preregistration_id.map(|id| id.to_string()),
                    subject: e.subject,
                    detail: e.detail,
                    client_address: e.origin.client_address,
                    session_id: e.origin.session_id.map(|id| id.to_string()),
                    user_agent: e.origin.user_agent,
                    sequence: e.sequence,
                    entry_hash: e.entry_hash,
                })
                .collect(),
        }))
}
