use super::expired_refresh_cookie;
use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::delete;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_persistence::sessions::{self, RevokeReason};

/// Log out: the session ends on the server, its access and refresh tokens stop working.
#[utoipa::path(tag = "sessions", security(("bearer" = [])), responses(
    (status = 204, description = "Logged out; the cookie is cleared"),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
))]
#[delete("/sessions/current")]
pub async fn delete_session(
    current: CurrentAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    sessions::revoke(
        &state.db,
        current.session_id,
        RevokeReason::Logout,
        Utc::now(),
    )
    .await?;
    tracing::info!(account_id = %current.account_id, session_id = %current.session_id, "logged out");
    Ok(HttpResponse::NoContent()
        .cookie(expired_refresh_cookie(&state.settings))
        .finish())
}
