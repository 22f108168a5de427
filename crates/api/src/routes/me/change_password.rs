use crate::auth::CurrentAccount;
use crate::captcha_check;
use crate::error::ApiError;
use crate::passwords::{confirm_password, hash_password};
use crate::state::AppState;
use actix_web::put;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_mailer::templates;
use portal_persistence::sessions::RevokeReason;
use portal_persistence::{accounts, outbox, sessions};
use portal_shared::accounts::{AcceptedCode, AcceptedResponse, ChangePasswordRequest};

/// Change the password (Contraseña). Every other session of the account ends.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    request_body = ChangePasswordRequest, responses(
    (status = 200, description = "Password changed", body = AcceptedResponse),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    (status = 422, description = "Field errors, wrong current password or wrong captcha", body = portal_shared::ErrorBody),
))]
#[put("/me/password")]
pub async fn change_password(
    current: CurrentAccount,
    state: web::Data<AppState>,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    crate::passwords::refuse_common("new_password", &request.new_password)?;
    captcha_check::verify(&state, &request.captcha).await?;
    let account = current.load(&state).await?;
    confirm_password(
        "current_password",
        request.current_password.clone(),
        &account,
    )
    .await?;
    let password_hash = hash_password(request.new_password.clone()).await?;
    let now = Utc::now();
    let tx = portal_persistence::begin_write(&state.db).await?;
    accounts::set_password_hash(&tx, account.id, password_hash, now).await?;
    let ended = sessions::revoke_all_for_account(
        &tx,
        account.id,
        Some(current.session_id),
        RevokeReason::PasswordChanged,
        now,
    )
    .await?;
    outbox::enqueue(
        &tx,
        templates::password_changed(&state.branding, &account.email, &account.given_names),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(account_id = %account.id, other_sessions_ended = ended, "password changed");
    Ok(HttpResponse::Ok().json(AcceptedResponse::new(AcceptedCode::PasswordChanged)))
}
