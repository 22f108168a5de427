use crate::captcha_check;
use crate::error::ApiError;
use crate::rate_limit::{self, RECOVERY_PER_ACCOUNT, RECOVERY_PER_IP};
use crate::routes::parse_email;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use portal_domain::account::EmailLinkPurpose;
use portal_domain::secret_token::SecretToken;
use portal_mailer::templates;
use portal_persistence::{accounts, outbox};
use portal_shared::accounts::{AcceptedCode, AcceptedResponse, RecoveryKind, RecoveryRequest};

/// Ask for a password reset link, or for the activation link again (only while the
/// account is not active). The answer never tells whether the email is registered.
#[utoipa::path(tag = "accounts", request_body = RecoveryRequest, responses(
    (status = 202, description = "Taken; an email follows if the account exists", body = AcceptedResponse),
    (status = 422, description = "Field errors or wrong captcha", body = portal_shared::ErrorBody),
    (status = 429, description = "Too many requests; see Retry-After", body = portal_shared::ErrorBody),
))]
#[post("/accounts/recovery")]
pub async fn request_recovery(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RecoveryRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    rate_limit::check_and_record(
        &state,
        RECOVERY_PER_IP,
        &rate_limit::client_ip(&req, &state),
    )
    .await?;
    captcha_check::verify(&state, &request.captcha).await?;
    let email = parse_email(&request.email)?;
    rate_limit::check_and_record(&state, RECOVERY_PER_ACCOUNT, email.as_str()).await?;

    let now = Utc::now();
    let tx = portal_persistence::begin_write(&state.db).await?;
    // Staff passwords are reset only by the operator (`portal reset-staff-password`): an
    // emailed link must not be a way into an officer's account for whoever reads the mailbox.
    let account = accounts::find_by_email(&tx, email.as_str())
        .await?
        .filter(|account| {
            if account.is_staff() {
                tracing::info!(account_id = %account.id, "recovery asked for a staff account: not sent");
            }
            !account.is_staff()
        });
    if let Some(account) = account {
        let purpose = match request.kind {
            RecoveryKind::PasswordReset => Some(EmailLinkPurpose::PasswordReset),
            RecoveryKind::ResendActivation if !account.is_active() => {
                Some(EmailLinkPurpose::Activation)
            }
            RecoveryKind::ResendActivation => None,
        };
        if let Some(purpose) = purpose {
            let token = SecretToken::generate();
            accounts::issue_email_link(&tx, account.id, purpose, token.digest, now).await?;
            let message = match purpose {
                EmailLinkPurpose::PasswordReset => templates::password_reset(
                    &state.branding,
                    &account.email,
                    &account.given_names,
                    &token.plain,
                ),
                EmailLinkPurpose::Activation => templates::activation(
                    &state.branding,
                    &account.email,
                    &account.given_names,
                    &token.plain,
                ),
            };
            outbox::enqueue(&tx, message, now).await?;
            tracing::info!(account_id = %account.id, purpose = purpose.as_str(), "recovery link issued");
        }
    }
    tx.commit().await?;
    Ok(HttpResponse::Accepted().json(AcceptedResponse::new(AcceptedCode::RecoveryRequested)))
}
