//! Accounts, sessions and emailed links: the refusals of its own rules, as codes and statuses.

use crate::error::ServiceError;
use actix_web::http::StatusCode;
use portal_shared::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account not activated")]
    AccountNotActivated,
    #[error("email link invalid")]
    TokenInvalid,
    #[error("second factor invalid")]
    SecondFactorInvalid,
    #[error("login challenge expired")]
    LoginChallengeExpired,
}

impl ServiceError for AccountsError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::AccountNotActivated => ErrorCode::AccountNotActivated,
            Self::TokenInvalid => ErrorCode::TokenInvalid,
            Self::SecondFactorInvalid => ErrorCode::SecondFactorInvalid,
            Self::LoginChallengeExpired => ErrorCode::LoginChallengeExpired,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidCredentials | Self::SecondFactorInvalid | Self::LoginChallengeExpired => {
                StatusCode::UNAUTHORIZED
            }
            Self::AccountNotActivated => StatusCode::FORBIDDEN,
            Self::TokenInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

crate::service_error!(AccountsError);
