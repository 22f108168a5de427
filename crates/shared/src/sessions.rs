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

/// The answer (202) of `POST /api/v1/sessions` for a staff account whose password was
/// right: the login goes on with a code from the authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SecondFactorChallenge {
    /// Send it back with the code to `POST /api/v1/sessions/second-factor`.
    pub challenge: String,
    /// Seconds the challenge stays open.
    pub expires_in: u64,
    /// Present while the account has no confirmed authenticator: the secret to add to
    /// one; the first code it shows confirms it.
    pub enrollment: Option<TotpEnrollment>,
}

/// A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 seconds) to add to an authenticator
/// app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TotpEnrollment {
    /// The secret in base 32, to type in by hand.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri` as a `data:image/svg+xml` URI.
    pub qr_code: String,
}

/// `POST /api/v1/sessions/second-factor`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SecondFactorRequest {
    /// The `challenge` of the login's first answer.
    pub challenge: String,
    /// The 6-digit code the authenticator app shows, or one recovery code
    /// (`XXXX-XXXX-XXXX`).
    pub code: String,
}

/// A staff login completed by its second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StaffSession {
    /// JWT (EdDSA) to send as `Authorization: Bearer …`.
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Only when the authenticator was just confirmed: ten one-use codes for a login
    /// without it, shown this once.
    pub recovery_codes: Vec<String>,
    /// Recovery codes not used yet.
    pub unused_recovery_codes: u64,
}
