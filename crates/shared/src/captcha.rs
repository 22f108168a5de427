//! Captcha challenge and answer.

use serde::{Deserialize, Serialize};
use validator::Validate;

/// A new captcha challenge. The answer never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CaptchaChallenge {
    /// Identifier to send back with the answer.
    pub id: String,
    /// PNG image, base64-encoded (standard alphabet, with padding).
    pub image_png_base64: String,
    /// RFC 3339 instant after which the challenge is refused.
    pub expires_at: String,
}

/// What the person typed for a captcha.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CaptchaAnswer {
    #[validate(length(max = 64, code = "too_long"))]
    pub id: String,
    #[validate(length(max = 16, code = "too_long"))]
    pub answer: String,
}
