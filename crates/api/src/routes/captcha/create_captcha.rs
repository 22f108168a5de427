use crate::captcha_check;
use crate::error::ApiError;
use crate::rate_limit::{self, CAPTCHA_PER_IP};
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpRequest, HttpResponse, web};
use portal_shared::captcha::CaptchaChallenge;

/// A new captcha challenge (single use, expires in 5 minutes). At most 120 per address in
/// 10 minutes (not counted while captcha checking is disabled for automated tests).
#[utoipa::path(tag = "captcha", responses(
    (status = 200, description = "New challenge", body = CaptchaChallenge),
    (status = 429, description = "Too many challenges from this address; see Retry-After", body = portal_shared::ErrorBody),
))]
#[get("/captcha")]
pub async fn create_captcha(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !state.settings.captcha_disabled {
        rate_limit::check_and_record(&state, CAPTCHA_PER_IP, &rate_limit::client_ip(&req, &state))
            .await?;
    }
    let challenge = captcha_check::new_challenge(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(challenge))
}
