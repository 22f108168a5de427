//! The Pre-Registro: the refusals of its own rules, as codes and statuses.

use crate::error::ServiceError;
use actix_web::http::StatusCode;
use portal_shared::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum PreregistroError {
    #[error("already submitted")]
    AlreadySubmitted,
    #[error("idempotency key required")]
    IdempotencyKeyRequired,
    #[error("pre-registration blocked for {retry_after_seconds}s")]
    PreregistrationBlocked { retry_after_seconds: u64 },
    #[error("documents not available")]
    DocumentsNotAvailable,
    #[error("flight change not allowed")]
    FlightChangeNotAllowed,
}

impl ServiceError for PreregistroError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::AlreadySubmitted => ErrorCode::AlreadySubmitted,
            Self::IdempotencyKeyRequired => ErrorCode::IdempotencyKeyRequired,
            Self::PreregistrationBlocked { .. } => ErrorCode::PreregistrationBlocked,
            Self::DocumentsNotAvailable => ErrorCode::DocumentsNotAvailable,
            Self::FlightChangeNotAllowed => ErrorCode::FlightChangeNotAllowed,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::AlreadySubmitted | Self::DocumentsNotAvailable | Self::FlightChangeNotAllowed => {
                StatusCode::CONFLICT
            }
            Self::IdempotencyKeyRequired => StatusCode::BAD_REQUEST,
            Self::PreregistrationBlocked { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Self::PreregistrationBlocked {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            _ => None,
        }
    }
}

crate::service_error!(PreregistroError);
