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
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account not activated")]
    AccountNotActivated,
    #[error("email link invalid")]
    TokenInvalid,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("document in use")]
    DocumentInUse,
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
    #[error("receipt invalid")]
    ReceiptInvalid,
    #[error("receipt revoked")]
    ReceiptRevoked,
    #[error("receipt not for today")]
    ReceiptNotForToday,
    #[error("entry already decided")]
    AlreadyDecided,
    #[error("rate limited for {retry_after_seconds}s")]
    RateLimited { retry_after_seconds: u64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// The database cannot be reached (restarting, down, every connection busy).
    #[error("database unavailable: {0}")]
    Unavailable(String),
}

/// How long clients are told to wait when the database is unavailable.
const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 5;

impl From<PersistenceError> for ApiError {
    fn from(error: PersistenceError) -> Self {
        if error.is_unavailable() {
            Self::Unavailable(error.to_string())
        } else {
            Self::Internal(error.to_string())
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
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::Internal(error.to_string())
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::Malformed(_) | Self::UnsupportedMediaType => ErrorCode::MalformedRequest,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::CaptchaInvalid => ErrorCode::CaptchaInvalid,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::AccountNotActivated => ErrorCode::AccountNotActivated,
            Self::TokenInvalid => ErrorCode::TokenInvalid,
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::DocumentInUse => ErrorCode::DocumentInUse,
            Self::AlreadySubmitted => ErrorCode::AlreadySubmitted,
            Self::IdempotencyKeyRequired => ErrorCode::IdempotencyKeyRequired,
            Self::PreregistrationBlocked { .. } => ErrorCode::PreregistrationBlocked,
            Self::DocumentsNotAvailable => ErrorCode::DocumentsNotAvailable,
            Self::FlightChangeNotAllowed => ErrorCode::FlightChangeNotAllowed,
            Self::ReceiptInvalid => ErrorCode::ReceiptInvalid,
            Self::ReceiptRevoked => ErrorCode::ReceiptRevoked,
            Self::ReceiptNotForToday => ErrorCode::ReceiptNotForToday,
            Self::AlreadyDecided => ErrorCode::AlreadyDecided,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Internal(_) => ErrorCode::Internal,
            Self::Unavailable(_) => ErrorCode::Unavailable,
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
            Self::Validation(_)
            | Self::CaptchaInvalid
            | Self::TokenInvalid
            | Self::ReceiptInvalid => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Malformed(_) | Self::IdempotencyKeyRequired => StatusCode::BAD_REQUEST,
            Self::PreregistrationBlocked { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::AlreadySubmitted
            | Self::DocumentsNotAvailable
            | Self::FlightChangeNotAllowed
            | Self::ReceiptRevoked
            | Self::ReceiptNotForToday
            | Self::AlreadyDecided => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::InvalidCredentials | Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::AccountNotActivated | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::DocumentInUse => StatusCode::CONFLICT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // Logged once here, where it is turned into an opaque answer.
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "request failed"),
            Self::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, Self::Unavailable(_)) {
            response.insert_header((
                header::RETRY_AFTER,
                HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS),
            ));
        }
        if let Self::RateLimited {
            retry_after_seconds,
        }
        | Self::PreregistrationBlocked {
            retry_after_seconds,
        } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            response.insert_header((header::RETRY_AFTER, value));
        }
        if matches!(self, Self::Unauthorized) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(self.body())
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
