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

crate::wire_code! {
    /// Stable codes of the field rules, e.g. `password_missing_digit`.
    pub enum FieldErrorCode {
        Required = "required",
        TooLong = "too_long",
        InvalidCharacters = "invalid_characters",
        InvalidEmail = "invalid_email",
        ConfirmationMismatch = "confirmation_mismatch",
        UnderAge = "under_age",
        BirthDateInFuture = "birth_date_in_future",
        BirthDateTooOld = "birth_date_too_old",
        UnknownCountry = "unknown_country",
        UnknownSex = "unknown_sex",
        UnknownCallingCode = "unknown_calling_code",
        InvalidPhone = "invalid_phone",
        UnknownRecoveryKind = "unknown_recovery_kind",
        SameAsCurrent = "same_as_current",
        WrongCurrentPassword = "wrong_current_password",
        CaptchaInvalid = "captcha_invalid",
        UnknownOption = "unknown_option",
        NationalityNotInDocument = "nationality_not_in_document",
        InvalidDocumentNumber = "invalid_document_number",
        IssueDateInFuture = "issue_date_in_future",
        IssueDateBeforeBirth = "issue_date_before_birth",
        ExpiryBeforeIssue = "expiry_before_issue",
        DocumentExpired = "document_expired",
        InsufficientValidity = "insufficient_validity",
        HolderBirthDateMismatch = "holder_birth_date_mismatch",
        ClassificationNotInDocument = "classification_not_in_document",
        DocumentAlreadyRegistered = "document_already_registered",
        ImageRequired = "image_required",
        NotAnImage = "not_an_image",
        ImageTooLarge = "image_too_large",
        ImageDamaged = "image_damaged",
        MrzNotFound = "mrz_not_found",
        ScanNotFound = "scan_not_found",
        EntryPointNotForMode = "entry_point_not_for_mode",
        InvalidFlightNumber = "invalid_flight_number",
        SpecificationNotForReason = "specification_not_for_reason",
        ArrivalInPast = "arrival_in_past",
        DepartureNotAfterArrival = "departure_not_after_arrival",
        InvalidReference = "invalid_reference",
        PreregistrationNotAvailable = "preregistration_not_available",
        InvalidMexicanPhone = "invalid_mexican_phone",
        ResidentCardExpired = "resident_card_expired",
        StepNotSaved = "step_not_saved",
        AnswerRequired = "answer_required",
        UnsupportedFileType = "unsupported_file_type",
        FileRequired = "file_required",
        InvalidFileName = "invalid_file_name",
        FileDamaged = "file_damaged",
        FileHasActiveContent = "file_has_active_content",
        StayTooLong = "stay_too_long",
        ResidentExitRequired = "resident_exit_required",
        ResidentExitNeedsCard = "resident_exit_needs_card",
        NotEligibleAfterChange = "not_eligible_after_change",
        TermsNotAccepted = "terms_not_accepted",
        AttachmentRequired = "attachment_required",
        AuthorizedDaysOutOfRange = "authorized_days_out_of_range",
        PasswordTooShort = "password_too_short",
        PasswordTooLong = "password_too_long",
        PasswordMissingDigit = "password_missing_digit",
        PasswordMissingUppercase = "password_missing_uppercase",
        PasswordMissingLowercase = "password_missing_lowercase",
        PasswordMissingSpecial = "password_missing_special",
        PasswordForbiddenCharacter = "password_forbidden_character",
    }
}

impl FieldErrorCode {
    /// Default Spanish and English messages.
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Self::Required => ("Este campo es obligatorio.", "This field is required."),
            Self::TooLong => ("El texto es demasiado largo.", "The text is too long."),
            Self::InvalidCharacters => (
                "Contiene caracteres no permitidos.",
                "It contains characters that are not allowed.",
            ),
            Self::InvalidEmail => (
                "Escriba un correo electrónico válido, por ejemplo nombre@dominio.com.",
                "Enter a valid email address, for example name@domain.com.",
            ),
            Self::ConfirmationMismatch => (
                "La confirmación no coincide.",
                "The confirmation does not match.",
            ),
            Self::UnderAge => (
                "Debe tener 18 años cumplidos para crear una cuenta.",
                "You must be at least 18 years old to create an account.",
            ),
            Self::BirthDateInFuture => (
                "La fecha de nacimiento no puede ser posterior a hoy.",
                "The birth date cannot be later than today.",
            ),
            Self::BirthDateTooOld => (
                "Revise la fecha de nacimiento.",
                "Please check the birth date.",
            ),
            Self::UnknownCountry => (
                "Seleccione un país de la lista.",
                "Choose a country from the list.",
            ),
            Self::UnknownSex => (
                "Seleccione una opción de la lista.",
                "Choose an option from the list.",
            ),
            Self::UnknownCallingCode => (
                "Seleccione una clave lada de la lista.",
                "Choose a country calling code from the list.",
            ),
            Self::InvalidPhone => (
                "Escriba solo dígitos: entre 6 y 15.",
                "Use digits only: between 6 and 15.",
            ),
            Self::UnknownRecoveryKind => (
                "Seleccione qué desea recuperar.",
                "Choose what you want to recover.",
            ),
            Self::SameAsCurrent => (
                "La nueva contraseña debe ser distinta de la actual.",
                "The new password must differ from the current one.",
            ),
            Self::WrongCurrentPassword => (
                "La contraseña actual no es correcta.",
                "The current password is not correct.",
            ),
            Self::CaptchaInvalid => (
                "El texto de la imagen no es correcto o ya expiró.",
                "The text from the image is wrong or has expired.",
            ),
            Self::UnknownOption => (
                "Seleccione una opción de la lista.",
                "Choose an option from the list.",
            ),
            Self::NationalityNotInDocument => (
                "La nacionalidad debe ser la que indica el documento (la del país que lo expidió).",
                "The nationality must be the one the document states (that of the issuing country).",
            ),
            Self::InvalidDocumentNumber => (
                "Escriba solo letras y números, como aparecen en el documento.",
                "Use only letters and digits, as printed on the document.",
            ),
            Self::IssueDateInFuture => (
                "La fecha de expedición no puede ser posterior a hoy.",
                "The issue date cannot be later than today.",
            ),
            Self::IssueDateBeforeBirth => (
                "La fecha de expedición no puede ser anterior a la de nacimiento.",
                "The issue date cannot be before the birth date.",
            ),
            Self::ExpiryBeforeIssue => (
                "La fecha de vencimiento debe ser posterior a la de expedición.",
                "The expiry date must be after the issue date.",
            ),
            Self::DocumentExpired => ("El documento está vencido.", "The document has expired."),
            Self::InsufficientValidity => (
                "El pasaporte debe tener una vigencia de al menos 6 meses a partir de hoy.",
                "The passport must remain valid for at least 6 more months from today.",
            ),
            Self::HolderBirthDateMismatch => (
                "Para el titular, la fecha de nacimiento debe ser la de la cuenta.",
                "For the account holder, the birth date must be the one of the account.",
            ),
            Self::ClassificationNotInDocument => (
                "El documento es diplomático: márquelo como tal.",
                "The document is diplomatic: mark it as such.",
            ),
            Self::DocumentAlreadyRegistered => (
                "Este pasaporte ya está registrado en su cuenta.",
                "This passport is already registered in your account.",
            ),
            Self::ImageRequired => (
                "Adjunte una imagen del pasaporte (PNG, JPG o JPEG, máximo 2 MB).",
                "Attach a picture of the passport (PNG, JPG or JPEG, at most 2 MB).",
            ),
            Self::NotAnImage => (
                "El archivo no es una imagen PNG, JPG o JPEG.",
                "The file is not a PNG, JPG or JPEG image.",
            ),
            Self::ImageTooLarge => (
                "La imagen tiene demasiados píxeles. Reduzca su tamaño e intente de nuevo.",
                "The image has too many pixels. Make it smaller and try again.",
            ),
            Self::ImageDamaged => (
                "La imagen está dañada o incompleta. Tome o elija otra.",
                "The image is damaged or incomplete. Take or choose another one.",
            ),
            Self::MrzNotFound => (
                "No se pudo leer la zona de lectura mecánica (las dos líneas con «<<<» al pie de la página del pasaporte). Tome una foto más nítida, con la página completa y sin reflejos, o capture los datos a mano.",
                "The machine readable zone (the two lines with “<<<” at the foot of the passport page) could not be read. Take a sharper photo of the whole page without glare, or type the data.",
            ),
            Self::ScanNotFound => (
                "La foto leída ya no está disponible (vence en 1 hora). Vuelva a validar el documento.",
                "The photo that was read is no longer available (it lasts 1 hour). Validate the document again.",
            ),
            Self::EntryPointNotForMode => (
                "Elija un punto de internación de la vía seleccionada.",
                "Choose a port of entry of the selected way of entry.",
            ),
            Self::InvalidFlightNumber => (
                "Escriba el número de vuelo como aparece en su boleto, por ejemplo AM 719.",
                "Enter the flight number as printed on your ticket, for example AM 719.",
            ),
            Self::SpecificationNotForReason => (
                "Elija una especificación del motivo de viaje seleccionado.",
                "Choose a specification of the selected purpose of trip.",
            ),
            Self::ArrivalInPast => (
                "La fecha de llegada a México no puede ser anterior a hoy.",
                "The arrival date in Mexico cannot be before today.",
            ),
            Self::DepartureNotAfterArrival => (
                "La fecha de salida debe ser posterior a la fecha de llegada.",
                "The departure date must be after the arrival date.",
            ),
            Self::InvalidReference => (
                "Escriba el número como aparece en su tarjeta: letras, números o guiones, máximo 20.",
                "Type the number as printed on your card: letters, digits or hyphens, at most 20.",
            ),
            Self::PreregistrationNotAvailable => (
                "Este documento no puede iniciar un Pre-Registro: es solo para pasaportes colombianos vigentes.",
                "This document cannot start a Pre-Registro: it is only for valid Colombian passports.",
            ),
            Self::InvalidMexicanPhone => (
                "Escriba el teléfono en México con sus 10 dígitos, sin espacios.",
                "Enter the phone number in Mexico as its 10 digits, without spaces.",
            ),
            Self::ResidentCardExpired => (
                "La tarjeta de residente está vencida.",
                "The resident card has expired.",
            ),
            Self::StepNotSaved => (
                "Primero guarde el paso anterior del Pre-Registro.",
                "First save the previous step of the Pre-Registro.",
            ),
            Self::AnswerRequired => (
                "Responda esta pregunta (Sí o No).",
                "Answer this question (Yes or No).",
            ),
            Self::UnsupportedFileType => (
                "El archivo debe ser PDF, JPG, JPEG o PNG (se revisa su contenido, no su nombre).",
                "The file must be a PDF, JPG, JPEG or PNG (its content is checked, not its name).",
            ),
            Self::FileRequired => ("Elija un archivo.", "Choose a file."),
            Self::InvalidFileName => (
                "El nombre del archivo no es válido: no debe incluir rutas (/, \\, ..) ni caracteres de control, y debe tener como máximo 200 caracteres. Cámbielo e intente de nuevo.",
                "The file name is not valid: it must not contain paths (/, \\, ..) or control characters, and must be at most 200 characters. Rename it and try again.",
            ),
            Self::FileDamaged => (
                "El archivo está incompleto o dañado. Genérelo o escanéelo de nuevo.",
                "The file is incomplete or damaged. Create or scan it again.",
            ),
            Self::FileHasActiveContent => (
                "El PDF contiene contenido activo (JavaScript, acciones o archivos incrustados) y no puede aceptarse. Imprímalo a un PDF nuevo o adjunte una imagen.",
                "The PDF contains active content (JavaScript, actions or embedded files) and cannot be accepted. Print it to a new PDF or attach an image.",
            ),
            Self::StayTooLong => (
                "La fecha de salida de México no debe ser mayor a 180 días después de la llegada.",
                "The departure from Mexico must be at most 180 days after the arrival.",
            ),
            Self::ResidentExitRequired => (
                "Con tarjeta de residente temporal o permanente, elija el tipo de salida Residente.",
                "With a temporary or permanent resident card, choose the exit type Resident.",
            ),
            Self::ResidentExitNeedsCard => (
                "El tipo de salida Residente es solo para quien tiene tarjeta de residente (NUE); elija Visitante.",
                "The exit type Resident is only for holders of a resident card (NUE); choose Visitor.",
            ),
            Self::NotEligibleAfterChange => (
                "Con estas fechas el Pre-Registro ya no cumple los requisitos (por ejemplo, su documento vence antes de la salida). No se hizo ningún cambio.",
                "With these dates the pre-registration no longer meets the requirements (for example, your document expires before departure). Nothing was changed.",
            ),
            Self::TermsNotAccepted => (
                "Lea y acepte los términos y condiciones para enviar la información.",
                "Read and accept the terms and conditions to send the information.",
            ),
            Self::AttachmentRequired => (
                "Adjunte este archivo: es obligatorio.",
                "Attach this file: it is required.",
            ),
            Self::AuthorizedDaysOutOfRange => (
                "La estancia autorizada debe ser de 1 a 180 días.",
                "The authorized stay must be 1 to 180 days.",
            ),
            Self::PasswordTooShort => (
                "La contraseña no cumple: al menos 8 caracteres.",
                "The password does not meet: at least 8 characters.",
            ),
            Self::PasswordTooLong => (
                "La contraseña no cumple: como máximo 128 caracteres.",
                "The password does not meet: at most 128 characters.",
            ),
            Self::PasswordMissingDigit => (
                "La contraseña no cumple: al menos un número.",
                "The password does not meet: at least one number.",
            ),
            Self::PasswordMissingUppercase => (
                "La contraseña no cumple: al menos una letra mayúscula.",
                "The password does not meet: at least one uppercase letter.",
            ),
            Self::PasswordMissingLowercase => (
                "La contraseña no cumple: al menos una letra minúscula.",
                "The password does not meet: at least one lowercase letter.",
            ),
            Self::PasswordMissingSpecial => (
                "La contraseña no cumple: al menos un carácter especial: ! @ # $ % ^ & *.",
                "The password does not meet: at least one special character: ! @ # $ % ^ & *.",
            ),
            Self::PasswordForbiddenCharacter => (
                "La contraseña no cumple: sin los caracteres . ñ Ñ.",
                "The password does not meet: without the characters . ñ Ñ.",
            ),
        }
    }
}

/// A problem with one field, in Spanish (`message`) and English (`message_en`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field, as named in the JSON body (`captcha.answer` for nested ones).
    pub field: String,
    /// The rule the value breaks.
    pub code: FieldErrorCode,
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
