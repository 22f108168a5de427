//! Captcha challenges: generated here, answer stored hashed, one try each.

use crate::error::ApiError;
use crate::state::AppState;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, SecondsFormat, Utc};
use portal_domain::secret_token;
use portal_shared::captcha::{CaptchaAnswer, CaptchaChallenge};
use uuid::Uuid;

/// How long a challenge may be answered.
pub const CAPTCHA_LIFETIME_MINUTES: i64 = 5;

/// Letters and digits that are not confused with each other in the image.
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n', 'p', 'r', 's', 't', 'u', 'v', 'w', 'x',
    'y', 'z', '2', '3', '4', '5', '6', '7', '8', '9',
];

fn answer_digest(answer: &str) -> String {
    secret_token::digest(&answer.trim().to_lowercase())
}

/// Draws a new challenge (blocking: run off the async workers) and returns its image and answer.
fn draw() -> Option<(String, Vec<u8>)> {
    let mut image = captcha::Captcha::new();
    image
        .set_chars(ALPHABET)
        .add_chars(5)
        .apply_filter(captcha::filters::Noise::new(0.2))
        .apply_filter(captcha::filters::Wave::new(2.0, 12.0).horizontal())
        .view(200, 70);
    image.as_tuple()
}

pub async fn new_challenge(state: &AppState) -> Result<CaptchaChallenge, ApiError> {
    let (answer, png) = actix_web::web::block(draw)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("captcha image could not be drawn"))?;
    let id = Uuid::new_v4();
    let expires_at = Utc::now() + Duration::minutes(CAPTCHA_LIFETIME_MINUTES);
    portal_persistence::captchas::insert(&state.db, id, answer_digest(&answer), expires_at).await?;
    Ok(CaptchaChallenge {
        id: id.to_string(),
        image_png_base64: STANDARD.encode(png),
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

/// Uses up the challenge and checks the answer, case-insensitively. With captcha
/// checking disabled (tests only) the challenge must still exist and be unused.
pub async fn verify(state: &AppState, answer: &CaptchaAnswer) -> Result<(), ApiError> {
    let id: Uuid = answer
        .id
        .trim()
        .parse()
        .map_err(|_| ApiError::CaptchaInvalid)?;
    let stored = portal_persistence::captchas::consume(&state.db, id, Utc::now())
        .await?
        .ok_or(ApiError::CaptchaInvalid)?;
    if state.settings.captcha_disabled || stored == answer_digest(&answer.answer) {
        Ok(())
    } else {
        Err(ApiError::CaptchaInvalid)
    }
}
