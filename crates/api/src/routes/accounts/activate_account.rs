use crate::error::ApiError;
use crate::routes::accounts::error::AccountsError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_domain::account::EmailLinkPurpose;
use portal_domain::secret_token;
use portal_persistence::accounts;
use portal_shared::accounts::{AcceptedCode, AcceptedResponse, ActivateAccountRequest};

/// Activate an account with the token of the emailed link (single use, 72 hours).
#[utoipa::path(tag = "accounts", request_body = ActivateAccountRequest, responses(
    (status = 200, description = "Account active", body = AcceptedResponse),
    (status = 422, description = "Unknown, used or expired link", body = portal_shared::ErrorBody),
))]
#[post("/accounts/activate")]
pub async fn activate_account(
    state: web::Data<AppState>,
    body: web::Json<ActivateAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    let digest = secret_token::digest(body.token.trim());
    let now = Utc::now();
    let tx = portal_persistence::begin_write(&state.db).await?;
    let account_id = accounts::consume_email_link(&tx, EmailLinkPurpose::Activation, &digest, now)
        .await?
        .ok_or(AccountsError::TokenInvalid)?;
    accounts::activate(&tx, account_id, now).await?;
    tx.commit().await?;
    tracing::info!(%account_id, "account activated");
    Ok(HttpResponse::Ok().json(AcceptedResponse::new(AcceptedCode::AccountActivated)))
}
