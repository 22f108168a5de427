//! Travel documents: the refusals of its own rules, as codes and statuses.

use crate::error::ServiceError;
use actix_web::http::StatusCode;
use portal_shared::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum DocumentsError {
    #[error("document in use")]
    DocumentInUse,
}

impl ServiceError for DocumentsError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::DocumentInUse => ErrorCode::DocumentInUse,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::DocumentInUse => StatusCode::CONFLICT,
        }
    }
}

crate::service_error!(DocumentsError);
