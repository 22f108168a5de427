//! Login and session tokens.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/sessions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A new access token. The refresh token travels only in an HttpOnly cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccessToken {
    /// JWT (EdDSA) to send as `Authorization: Bearer …`.
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

crate::wire_code! {
    /// How an access token is sent.
    pub enum TokenType {
        /// `Authorization: Bearer …`.
        Bearer = "Bearer",
    }
}
