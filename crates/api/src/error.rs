//! `ApiError`: every failure of a request, mapped to one status and the JSON envelope.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use portal_persistence::PersistenceError;
use portal_shared::FieldErrorCode;
use portal_shared::{ErrorBody, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("captcha invalid")]
    CaptchaInvalid,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("rate limited for {retry_after_seconds}s")]
    RateLimited { retry_after_seconds: u64 },
    /// A rule of one service refused the request: its own error enum says how.
    #[error("{0}")]
    Service(Box<dyn ServiceError>),
    /// Something failed that the client cannot mend; the cause is logged, never sent.
    #[error("internal error")]
    Internal(#[source] BoxError),
    /// The database cannot be reached (restarting, down, every connection busy).
    #[error("database unavailable")]
    Unavailable(#[source] PersistenceError),
    /// The body arrived too slowly and was cut.
    #[error("request body too slow")]
    RequestTimeout,
    /// Too much of one kind of work is waiting (logins, photos); retry shortly.
    #[error("busy; retry after {retry_after_seconds}s")]
    Busy { retry_after_seconds: u64 },
}

impl From<crate::keys::signer::SignerError> for ApiError {
    fn from(error: crate::keys::signer::SignerError) -> Self {
        match error {
            crate::keys::signer::SignerError::Storage(e) => e.into(),
            other => Self::internal(other),
        }
    }
}

/// The cause of an internal error.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The error enum of one service (accounts, documents, Pre-Registro, officer, …): each
/// variant names its code on the wire and its status. It converts into [`ApiError`]
/// with [`service_error!`](crate::service_error).
pub trait ServiceError: std::error::Error + Send + Sync + 'static {
    fn code(&self) -> ErrorCode;
    fn status(&self) -> StatusCode;
    /// Seconds to send in `Retry-After`, when the client may try again later.
    fn retry_after_seconds(&self) -> Option<u64> {
        None
    }
}

/// `impl From<$service_error> for ApiError`, so that `?` turns a service's error into the
/// edge's.
#[macro_export]
macro_rules! service_error {
    ($name:ty) => {
        impl From<$name> for $crate::error::ApiError {
            fn from(error: $name) -> Self {
                Self::Service(Box::new(error))
            }
        }
    };
}

/// How long clients are told to wait when the database is unavailable.
const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 5;

impl From<PersistenceError> for ApiError {
    fn from(error: PersistenceError) -> Self {
        if error.is_unavailable() {
            Self::Unavailable(error)
        } else {
            Self::Internal(Box::new(error))
        }
    }
}

impl From<sea_orm_error::DbErr> for ApiError {
    fn from(error: sea_orm_error::DbErr) -> Self {
        PersistenceError::from(error).into()
    }
}

/// Re-export path for the database error type, so handlers need no sea-orm dependency.
pub mod sea_orm_error {
    pub use portal_persistence::DbErr;
}

impl ApiError {
    /// An internal error whose cause is `error` (an error value or a description).
    pub fn internal(error: impl Into<BoxError>) -> Self {
        Self::Internal(error.into())
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::Malformed(_) | Self::UnsupportedMediaType => ErrorCode::MalformedRequest,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::CaptchaInvalid => ErrorCode::CaptchaInvalid,
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Service(error) => error.code(),
            Self::Internal(_) => ErrorCode::Internal,
            Self::Unavailable(_) | Self::Busy { .. } => ErrorCode::Unavailable,
            Self::RequestTimeout => ErrorCode::RequestTimeout,
        }
    }

    fn body(&self) -> ErrorBody {
        match self {
            Self::Validation(fields) => {
                ErrorBody::with_fields(ErrorCode::ValidationFailed, fields.clone())
            }
            Self::CaptchaInvalid => ErrorBody::with_fields(
                ErrorCode::CaptchaInvalid,
                vec![portal_shared::validation::field_error(
                    "captcha.answer",
                    FieldErrorCode::CaptchaInvalid,
                )],
            ),
            Self::Malformed(detail) => {
                let mut body = ErrorBody::new(ErrorCode::MalformedRequest);
                body.message = format!("{} ({detail})", body.message);
                body.message_en = format!("{} ({detail})", body.message_en);
                body
            }
            other => ErrorBody::new(other.code()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) | Self::CaptchaInvalid => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Service(error) => error.status(),
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) | Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // Logged once here, where it is turned into an opaque answer.
        match self {
            Self::Internal(cause) => {
                tracing::error!(cause = %Causes(cause.as_ref()), "request failed")
            }
            Self::Unavailable(cause) => {
                tracing::warn!(cause = %Causes(cause), "database unavailable")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, Self::Unavailable(_)) {
            response.insert_header((
                header::RETRY_AFTER,
                HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS),
            ));
        }
        let retry_after = match self {
            Self::RateLimited {
                retry_after_seconds,
            }
            | Self::Busy {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            Self::Service(error) => error.retry_after_seconds(),
            _ => None,
        };
        if let Some(seconds) = retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.insert_header((header::RETRY_AFTER, value));
        }
        if matches!(self, Self::Unauthorized) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(self.body())
    }
}

/// An error and its sources, `: `-separated, as one log field.
struct Causes<'a>(&'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Turns actix's JSON body errors into the envelope (400, 413 or 415).
pub fn json_error(
    error: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError;
    let api_error = match &error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(inner) => ApiError::Malformed(inner.to_string()),
        JsonPayloadError::Payload(payload) if crate::body_deadline::is_too_slow(payload) => {
            ApiError::RequestTimeout
        }
        other => ApiError::Malformed(other.to_string()),
    };
    api_error.into()
}

/// Path and query extraction errors as 400/404 in the envelope.
pub fn path_error(
    error: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::Malformed(error.to_string()).into()
}

/// A query string that does not parse: 400 in the JSON envelope.
pub fn query_error(
    error: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::Malformed(error.to_string()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::preregistrations::error::PreregistroError;

    #[test]
    fn an_internal_error_keeps_its_cause_as_its_source_and_answers_an_opaque_500() {
        let error = ApiError::from(PersistenceError::Corrupt("role \"chief\"".into()));
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("corrupt stored value: role \"chief\"")
        );
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = error.body();
        assert_eq!(body.code, ErrorCode::Internal);
        assert!(!body.message.contains("chief") && !body.message_en.contains("chief"));
    }

    #[test]
    fn a_service_error_answers_its_own_code_status_and_retry_after() {
        let error = ApiError::from(PreregistroError::PreregistrationBlocked {
            retry_after_seconds: 42,
        });
        assert_eq!(error.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.body().code, ErrorCode::PreregistrationBlocked);
        let response = error.error_response();
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("42")
        );
    }
}
