use crate::error::ApiError;
use crate::passwords::verify_login;
use crate::rate_limit::{
    self, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, LOGIN_PER_IP,
};
use crate::routes::accounts::error::AccountsError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use portal_domain::Email;
use portal_persistence::accounts;
use portal_shared::sessions::{AccessToken, LoginRequest, SecondFactorChallenge};

/// Log in. Returns a short-lived access token and sets the refresh token cookie.
/// A correct password on a not-yet-activated account gets its own error (403). A staff
/// account (officer, operator) gets 202 instead: the login goes on at
/// `POST /sessions/second-factor` with a code from its authenticator app, which the
/// first login sets up (`enrollment`).
#[utoipa::path(tag = "sessions", request_body = LoginRequest, responses(
    (status = 200, description = "Logged in; the `__Secure-portal_refresh` cookie set", body = AccessToken),
    (status = 202, description = "Staff: password right; send a code from the authenticator app", body = SecondFactorChallenge),
    (status = 401, description = "Wrong email or password", body = portal_shared::ErrorBody),
    (status = 403, description = "Password right, account not activated", body = portal_shared::ErrorBody),
    (status = 429, description = "Too many attempts; see Retry-After", body = portal_shared::ErrorBody),
    (status = 503, description = "Too many logins waiting for their password check; see Retry-After", body = portal_shared::ErrorBody),
))]
#[post("/sessions")]
pub async fn create_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let address = rate_limit::client_ip(&req, &state);
    rate_limit::check_and_record(&state, LOGIN_PER_IP, &address).await?;
    let email = Email::parse(&request.email).ok();
    let subject = email.as_ref().map_or_else(
        || request.email.trim().to_lowercase(),
        |e| e.as_str().to_owned(),
    );
    // Failures slow down the address that makes them, and only mildly everyone else: a
    // stranger who knows an officer's email cannot lock the officer out.
    let pair = format!("{subject} {address}");
    rate_limit::check_delay(&state, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, &pair).await?;
    rate_limit::check_delay(&state, LOGIN_FAILURES_PER_ACCOUNT, &subject).await?;

    let account = match &email {
        Some(email) => accounts::find_by_email(&state.db, email.as_str()).await?,
        None => None,
    };
    let matches = verify_login(
        request.password,
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let account = match account {
        Some(account) if matches && !account.is_disabled() => account,
        _ => {
            rate_limit::record_failure(&state, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, &pair)
                .await?;
            rate_limit::record_failure(&state, LOGIN_FAILURES_PER_ACCOUNT, &subject).await?;
            return Err(AccountsError::InvalidCredentials.into());
        }
    };
    if !account.is_active() {
        return Err(AccountsError::AccountNotActivated.into());
    }

    if account.is_staff() {
        // The password alone never opens a staff session.
        let challenge = super::second_factor::challenge(&state, &account).await?;
        return Ok(HttpResponse::Accepted()
            .insert_header(("Cache-Control", "no-store"))
            .json(challenge));
    }
    let (token, cookie) = super::start::open_session(&req, &state, &account).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(cookie)
        .json(token))
}
