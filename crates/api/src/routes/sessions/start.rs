//! Opening a session once every factor held: the refresh cookie, the access token, and
//! for staff the audited login.

use super::{refresh_cookie, refresh_lifetime};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::HttpRequest;
use actix_web::cookie::Cookie;
use portal_domain::account::Account;
use portal_domain::secret_token::SecretToken;
use portal_persistence::sessions;
use portal_shared::sessions::{AccessToken, TokenType};

/// A new session of `account`: its access token and the refresh cookie to set.
pub(crate) async fn open_session(
    req: &HttpRequest,
    state: &AppState,
    account: &Account,
) -> Result<(AccessToken, Cookie<'static>), ApiError> {
    let now = state.clock.now();
    let refresh = SecretToken::generate();
    let lifetime = refresh_lifetime(account, now, now);
    let session_id =
        sessions::create(&state.db, account.id, refresh.digest, now + lifetime, now).await?;
    let access_token = state.tokens.issue(account.id, session_id, account.role)?;
    tracing::info!(account_id = %account.id, %session_id, "logged in");
    if account.is_staff() {
        crate::audit_trail::record_login_step(
            req,
            state,
            account,
            Some(session_id),
            portal_shared::officers::AuditAction::StaffLogin,
            None,
        )
        .await?;
    }
    Ok((
        AccessToken {
            access_token,
            token_type: TokenType::Bearer,
            expires_in: state.tokens.lifetime_seconds(),
        },
        refresh_cookie(&state.settings, refresh.plain, lifetime),
    ))
}
