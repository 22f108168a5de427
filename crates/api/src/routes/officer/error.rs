//! The officer at the port of entry: the refusals of its own rules, as codes and statuses.

use crate::error::ServiceError;
use actix_web::http::StatusCode;
use portal_shared::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum OfficerError {
    #[error("receipt invalid")]
    ReceiptInvalid,
    #[error("receipt revoked")]
    ReceiptRevoked,
    #[error("receipt not for today")]
    ReceiptNotForToday,
    #[error("receipt for another port")]
    ReceiptOtherPort,
    #[error("inspection expired")]
    InspectionExpired,
    #[error("entry already decided")]
    AlreadyDecided,
}

impl ServiceError for OfficerError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::ReceiptInvalid => ErrorCode::ReceiptInvalid,
            Self::ReceiptRevoked => ErrorCode::ReceiptRevoked,
            Self::ReceiptNotForToday => ErrorCode::ReceiptNotForToday,
            Self::ReceiptOtherPort => ErrorCode::ReceiptOtherPort,
            Self::InspectionExpired => ErrorCode::InspectionExpired,
            Self::AlreadyDecided => ErrorCode::AlreadyDecided,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::ReceiptInvalid => StatusCode::UNPROCESSABLE_ENTITY,
            Self::ReceiptRevoked
            | Self::ReceiptNotForToday
            | Self::ReceiptOtherPort
            | Self::InspectionExpired
            | Self::AlreadyDecided => StatusCode::CONFLICT,
        }
    }
}

crate::service_error!(OfficerError);
