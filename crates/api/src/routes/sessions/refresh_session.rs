use super::{expired_refresh_cookie, refresh_cookie, refresh_cookie_name, refresh_lifetime};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use portal_domain::secret_token::{self, SecretToken};
use portal_persistence::sessions::RevokeReason;
use portal_persistence::{accounts, sessions};
use portal_shared::sessions::AccessToken;
use portal_shared::sessions::TokenType;

/// Seconds after its first use in which a refresh token presented again is taken for a
/// second tab refreshing at the same moment.
pub const REFRESH_GRACE_SECONDS: i64 = 10;

/// Trade the refresh token cookie for a new access token and a new refresh token. A
/// refresh token presented again later than a few seconds after its first use means it
/// was copied: the whole session is revoked.
#[utoipa::path(tag = "sessions", responses(
    (status = 200, description = "New access token; the cookie is replaced", body = AccessToken),
    (status = 401, description = "Missing, expired, revoked or reused refresh token", body = portal_shared::ErrorBody),
))]
#[post("/sessions/refresh")]
pub async fn refresh_session(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let unauthorized = || {
        let mut response = ApiError::Unauthorized.error_response();
        let _ = response.add_cookie(&expired_refresh_cookie(&state.settings));
        response
    };
    let Some(presented) = req
        .cookie(refresh_cookie_name(&state.settings))
        .map(|c| c.value().to_owned())
    else {
        return Ok(unauthorized());
    };
    let now = state.clock.now();
    let tx = portal_persistence::begin_write(&state.db).await?;
    let Some(token) = sessions::find_refresh_token(&tx, &secret_token::digest(&presented)).await?
    else {
        return Ok(unauthorized());
    };
    if token.session_revoked || token.expires_at <= now {
        return Ok(unauthorized());
    }
    // Two tabs refreshing at once both send the token the first of them is replacing: a
    // second use within a few seconds of the first is that, not a copied token.
    let first_use = !token.used && sessions::mark_refresh_token_used(&tx, token.id, now).await?;
    let concurrent = !first_use
        && token.used_at.is_none_or(|used_at| {
            now - used_at <= chrono::Duration::seconds(REFRESH_GRACE_SECONDS)
        });
    if !first_use && !concurrent {
        sessions::revoke(&tx, token.session_id, RevokeReason::RefreshTokenReused, now).await?;
        tx.commit().await?;
        tracing::warn!(session_id = %token.session_id, "refresh token reused; session revoked");
        return Ok(unauthorized());
    }
    let Some(account) = accounts::find_by_id(&tx, token.account_id).await? else {
        return Ok(unauthorized());
    };
    let lifetime = refresh_lifetime(&account, token.session_started_at, now);
    if account.is_disabled() || lifetime <= chrono::Duration::zero() {
        sessions::revoke(&tx, token.session_id, RevokeReason::Ended, now).await?;
        tx.commit().await?;
        return Ok(unauthorized());
    }
    let next = SecretToken::generate();
    sessions::add_refresh_token(&tx, token.session_id, next.digest, now + lifetime, now).await?;
    tx.commit().await?;
    let access_token = state
        .tokens
        .issue(account.id, token.session_id, account.role)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(refresh_cookie(&state.settings, next.plain, lifetime))
        .json(AccessToken {
            access_token,
            token_type: TokenType::Bearer,
            expires_in: state.tokens.lifetime_seconds(),
        }))
}
