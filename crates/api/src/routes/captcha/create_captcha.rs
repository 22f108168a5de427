use crate::captcha_check;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use portal_shared::captcha::CaptchaChallenge;

/// A new captcha challenge (single use, expires in 5 minutes).
#[utoipa::path(get, path = "/api/v1/captcha", tag = "captcha", responses(
    (status = 200, description = "New challenge", body = CaptchaChallenge),
))]
pub async fn create_captcha(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let challenge = captcha_check::new_challenge(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(challenge))
}
