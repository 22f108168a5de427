use crate::error::ApiError;
use crate::passwords::hash_password;
use crate::rate_limit::{self, PASSWORD_RESET_PER_IP};
use crate::routes::accounts::error::AccountsError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use portal_domain::account::EmailLinkPurpose;
use portal_domain::secret_token;
use portal_mailer::templates;
use portal_persistence::sessions::RevokeReason;
use portal_persistence::{accounts, outbox, sessions};
use portal_shared::accounts::{AcceptedCode, AcceptedResponse, PasswordResetRequest};

/// Choose a new password with the token of the emailed link (single use, 1 hour). Every
/// open session ends; the link also proves the email, so the account becomes active.
#[utoipa::path(tag = "accounts", request_body = PasswordResetRequest, responses(
    (status = 200, description = "Password changed", body = AcceptedResponse),
    (status = 422, description = "Field errors, or unknown, used or expired link", body = portal_shared::ErrorBody),
    (status = 429, description = "Too many attempts from this address; see Retry-After", body = portal_shared::ErrorBody),
))]
#[post("/accounts/password-reset")]
pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    crate::passwords::refuse_common("password", &request.password)?;
    rate_limit::check_and_record(
        &state,
        PASSWORD_RESET_PER_IP,
        &rate_limit::client_ip(&req, &state),
    )
    .await?;
    let digest = secret_token::digest(request.token.trim());
    let now = Utc::now();
    // A made-up link costs a look-up, not a password hash.
    if !accounts::email_link_is_usable(&state.db, EmailLinkPurpose::PasswordReset, &digest, now)
        .await?
    {
        return Err(AccountsError::TokenInvalid.into());
    }
    let password_hash = hash_password(request.password.clone()).await?;
    let tx = portal_persistence::begin_write(&state.db).await?;
    let account_id =
        accounts::consume_email_link(&tx, EmailLinkPurpose::PasswordReset, &digest, now)
            .await?
            .ok_or(AccountsError::TokenInvalid)?;
    let account = accounts::find_by_id(&tx, account_id)
        .await?
        .ok_or(AccountsError::TokenInvalid)?;
    accounts::set_password_hash(&tx, account_id, password_hash, now).await?;
    accounts::activate(&tx, account_id, now).await?;
    sessions::revoke_all_for_account(&tx, account_id, None, RevokeReason::PasswordReset, now)
        .await?;
    outbox::enqueue(
        &tx,
        templates::password_changed(&state.branding, &account.email, &account.given_names),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%account_id, "password reset");
    Ok(HttpResponse::Ok().json(AcceptedResponse::new(AcceptedCode::PasswordResetDone)))
}
