//! The one JSON error envelope of the API.

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes. The HTTP status is chosen by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `fields`.
    ValidationFailed,
    /// The body is not valid JSON or does not have the expected shape.
    MalformedRequest,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The captcha answer is wrong, expired or already used.
    CaptchaInvalid,
    /// Email or password is wrong.
    InvalidCredentials,
    /// The password is right but the account has not been activated yet.
    AccountNotActivated,
    /// An emailed link is unknown, expired or already used.
    TokenInvalid,
    /// No valid access token was presented.
    Unauthorized,
    /// The session is valid but not allowed to do this.
    Forbidden,
    /// Nothing exists at this address.
    NotFound,
    /// The document has service records (pre-registrations) and cannot be deleted.
    DocumentInUse,
    /// The pre-registration was already submitted (with another `Idempotency-Key`) and
    /// can no longer change this way.
    AlreadySubmitted,
    /// A submission needs an `Idempotency-Key` header (1–100 visible ASCII characters).
    IdempotencyKeyRequired,
    /// The document's last pre-registration was not eligible less than 3 hours ago;
    /// retry after the `Retry-After` header.
    PreregistrationBlocked,
    /// The receipt and FMM exist only for approved pre-registrations whose arrival date
    /// has not passed.
    DocumentsNotAvailable,
    /// The flight data can change only on an approved pre-registration whose arrival
    /// date has not passed.
    FlightChangeNotAllowed,
    /// The QR text is not a receipt signed with one of the published keys (damaged,
    /// altered, or signed with a retired key).
    ReceiptInvalid,
    /// The receipt was superseded by a flight change or its pre-registration cancelled.
    ReceiptRevoked,
    /// The receipt's arrival date is not today (give or take a day): no admission.
    ReceiptNotForToday,
    /// An officer already admitted or refused this pre-registration.
    AlreadyDecided,
    /// Too many attempts; retry after the `Retry-After` header.
    RateLimited,
    /// Something failed on the server; it has been logged.
    Internal,
    /// The server cannot reach its database for a moment; retry after the `Retry-After`
    /// header. Nothing was changed.
    Unavailable,
}

/// A problem with one field, in Spanish (`message`) and English (`message_en`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field, as named in the JSON body (`captcha.answer` for nested ones).
    pub field: String,
    /// Stable rule code, e.g. `password_missing_digit`.
    pub code: String,
    pub message: String,
    pub message_en: String,
}

/// Body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Spanish message for people.
    pub message: String,
    /// English message for people.
    pub message_en: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode) -> Self {
        let (message, message_en) = code.messages();
        Self {
            code,
            message: message.to_owned(),
            message_en: message_en.to_owned(),
            fields: Vec::new(),
        }
    }

    pub fn with_fields(code: ErrorCode, fields: Vec<FieldError>) -> Self {
        Self {
            fields,
            ..Self::new(code)
        }
    }
}

impl ErrorCode {
    /// Default Spanish and English messages.
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Self::ValidationFailed => (
                "Revise los campos marcados.",
                "Please check the highlighted fields.",
            ),
            Self::MalformedRequest => (
                "La solicitud no tiene el formato esperado.",
                "The request does not have the expected format.",
            ),
            Self::PayloadTooLarge => (
                "La solicitud es demasiado grande.",
                "The request is too large.",
            ),
            Self::CaptchaInvalid => (
                "El texto de la imagen no es correcto o ya expiró. Escriba el de la nueva imagen.",
                "The text from the image is wrong or has expired. Type the one in the new image.",
            ),
            Self::InvalidCredentials => (
                "Correo electrónico o contraseña incorrectos.",
                "Wrong email or password.",
            ),
            Self::AccountNotActivated => (
                "Su cuenta aún no está activada. Revise su correo o solicite un nuevo enlace de activación.",
                "Your account is not activated yet. Check your email or ask for a new activation link.",
            ),
            Self::TokenInvalid => (
                "El enlace no es válido, ya fue utilizado o expiró.",
                "The link is not valid, has already been used or has expired.",
            ),
            Self::Unauthorized => (
                "Su sesión no es válida o expiró. Inicie sesión de nuevo.",
                "Your session is not valid or has expired. Please log in again.",
            ),
            Self::Forbidden => (
                "No tiene permiso para realizar esta acción.",
                "You are not allowed to do this.",
            ),
            Self::NotFound => ("No se encontró el recurso.", "Not found."),
            Self::DocumentInUse => (
                "Este documento no puede eliminarse porque tiene registros de servicios (Pre-Registro).",
                "This document cannot be deleted because it has service records (Pre-Registro).",
            ),
            Self::AlreadySubmitted => (
                "Este Pre-Registro ya fue enviado; consulte su resultado en Historial Registros.",
                "This pre-registration was already sent; see its result in the registration history.",
            ),
            Self::IdempotencyKeyRequired => (
                "La solicitud no incluye la clave de envío único (Idempotency-Key).",
                "The request lacks its single-submission key (Idempotency-Key).",
            ),
            Self::PreregistrationBlocked => (
                "El último Pre-Registro de este documento no cumplió con los requisitos. Podrá realizar uno nuevo 3 horas después de ese intento.",
                "This document's last pre-registration did not meet the requirements. You can make a new one 3 hours after that attempt.",
            ),
            Self::DocumentsNotAvailable => (
                "El comprobante y la FMM solo están disponibles para Pre-Registros aprobados cuya fecha de llegada no ha pasado.",
                "The receipt and the FMM are only available for approved pre-registrations whose arrival date has not passed.",
            ),
            Self::FlightChangeNotAllowed => (
                "Solo puede modificar los datos del vuelo de un Pre-Registro aprobado cuya fecha de llegada no ha pasado.",
                "You can only change the flight data of an approved pre-registration whose arrival date has not passed.",
            ),
            Self::ReceiptInvalid => (
                "El código QR no es un comprobante válido: está dañado, fue alterado o no lo firmó este portal.",
                "The QR code is not a valid receipt: it is damaged, altered or was not signed by this portal.",
            ),
            Self::ReceiptRevoked => (
                "Este comprobante ya no es válido: fue sustituido por uno más reciente o el Pre-Registro fue cancelado.",
                "This receipt is no longer valid: a newer one replaced it or the pre-registration was cancelled.",
            ),
            Self::ReceiptNotForToday => (
                "La fecha de llegada del comprobante no corresponde a hoy; no puede registrarse la internación.",
                "The receipt's arrival date is not today; the admission cannot be recorded.",
            ),
            Self::AlreadyDecided => (
                "Ya se registró la decisión de internación de este Pre-Registro.",
                "The entry decision for this pre-registration has already been recorded.",
            ),
            Self::RateLimited => (
                "Demasiados intentos. Espere un momento e intente de nuevo.",
                "Too many attempts. Please wait a moment and try again.",
            ),
            Self::Internal => (
                "Ocurrió un error en el servidor. Intente más tarde.",
                "Something went wrong on the server. Please try again later.",
            ),
            Self::Unavailable => (
                "El servicio no está disponible por un momento. No se guardó ningún cambio; intente de nuevo en unos segundos.",
                "The service is unavailable for a moment. Nothing was changed; please try again in a few seconds.",
            ),
        }
    }
}
