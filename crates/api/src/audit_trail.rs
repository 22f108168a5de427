//! Recording audit events with where they came from: the client address (as the rate
//! limits see it), the session and the user agent of a request, or the command line.

use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::HttpRequest;
use portal_persistence::audit::{AuditEntry, Origin};
use portal_persistence::{
    ConnectionTrait, DatabaseConnection, TransactionSession, TransactionTrait,
};
use portal_shared::accounts::Role;
use portal_shared::officers::AuditAction;

/// Where `req`, made in `session`, came from.
pub fn origin(req: &HttpRequest, state: &AppState, session: Option<uuid::Uuid>) -> Origin {
    Origin {
        session_id: session,
        client_address: Some(crate::rate_limit::client_ip(req, state)),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
    }
}

/// Records `action` by the signed-in `actor`.
pub async fn record<C>(
    db: &C,
    req: &HttpRequest,
    state: &AppState,
    actor: &CurrentAccount,
    action: AuditAction,
    entry: impl FnOnce(AuditEntry) -> AuditEntry,
) -> Result<(), ApiError>
where
    C: ConnectionTrait + TransactionTrait,
    C::Transaction: TransactionSession,
{
    let base = AuditEntry::new(
        actor.account_id,
        actor.role,
        action,
        None,
        None,
        state.clock.now(),
    )
    .from(origin(req, state, Some(actor.session_id)));
    portal_persistence::audit::record(db, entry(base)).await?;
    Ok(())
}

/// Records `action` by `account` before (or as) it has a session: the staff's login
/// steps.
pub async fn record_login_step(
    req: &HttpRequest,
    state: &AppState,
    account: &portal_domain::account::Account,
    session: Option<uuid::Uuid>,
    action: AuditAction,
    detail: Option<String>,
) -> Result<(), ApiError> {
    let mut entry = AuditEntry::new(
        account.id,
        account.role,
        action,
        None,
        None,
        state.clock.now(),
    )
    .from(origin(req, state, session));
    if let Some(detail) = detail {
        entry = entry.about(detail);
    }
    portal_persistence::audit::record(&state.db, entry).await?;
    Ok(())
}

/// The actor of command-line actions: the operator at the server's console, who has no
/// account (the OS user is in the user agent).
pub const COMMAND_LINE_ACTOR: uuid::Uuid = uuid::Uuid::nil();

/// Records an operator's command-line `action` (`command`: what was typed, without secrets).
pub async fn record_command(
    db: &DatabaseConnection,
    action: AuditAction,
    command: &str,
    detail: Option<String>,
) -> Result<(), String> {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
    let mut entry = AuditEntry::new(
        COMMAND_LINE_ACTOR,
        Role::Operator,
        action,
        None,
        None,
        chrono::Utc::now(),
    )
    .from(Origin {
        session_id: None,
        client_address: None,
        user_agent: Some(format!("portal {command} (OS user {user})")),
    });
    if let Some(detail) = detail {
        entry = entry.about(detail);
    }
    portal_persistence::audit::record(db, entry)
        .await
        .map_err(|e| e.to_string())
}

/// How often the new audit events are linked into the chain.
const CHAIN_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Links the audit events recorded meanwhile into the hash chain, every second, until
/// shutdown (then once more, so that nothing recorded is left unlinked).
pub async fn run_chainer(db: DatabaseConnection, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(error) = portal_persistence::audit::chain_pending(&db).await {
            tracing::error!(%error, "audit events could not be chained");
        }
        tokio::select! {
            _ = tokio::time::sleep(CHAIN_EVERY) => {}
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    if let Err(error) = portal_persistence::audit::chain_pending(&db).await {
                        tracing::error!(%error, "audit events could not be chained");
                    }
                    return;
                }
            }
        }
    }
}
