//! The one JSON error envelope of the API.

use crate::i18n::Locale;
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
    /// The receipt is for another port of entry than the officer's.
    ReceiptOtherPort,
    /// The inspection handle is past its 15 minutes: scan the QR again.
    InspectionExpired,
    /// The second-factor code is wrong, already used, or not from this account's
    /// authenticator.
    SecondFactorInvalid,
    /// The login's second step is unknown, expired or finished: log in again.
    LoginChallengeExpired,
    /// Citas: every seat of the chosen time is taken (or held); choose another time.
    SlotFull,
    /// Citas: the hold is unknown, not this account's, or its 5 minutes have run out.
    HoldExpired,
    /// Citas: the person already has an active appointment for this procedure.
    AppointmentExists,
    /// Citas: an appointment can be cancelled or moved only up to 24 hours before it.
    ChangeDeadlinePassed,
    /// Citas: the appointment was already moved twice.
    RescheduleLimitReached,
    /// Citas: the appointment is no longer booked (cancelled, attended, missed).
    AppointmentNotActive,
    /// Citas: the appointment changed meanwhile (moved or cancelled in another window);
    /// nothing was changed by this request.
    AppointmentChanged,
    /// Citas: the confirmation is for another office than the officer's.
    AppointmentOtherOffice,
    /// Citas: the confirmation is not for today at the office.
    AppointmentNotToday,
    /// Citas: the QR is not a valid appointment confirmation (damaged, altered, or
    /// signed with a key that is not published).
    ConfirmationInvalid,
    /// Citas: a no-show can be recorded only once the appointment's time has passed.
    AppointmentNotStarted,
    /// Citas: two missed appointments within 90 days block online booking for 30 days;
    /// retry after the `Retry-After` header.
    BookingBlocked,
    /// Too many attempts; retry after the `Retry-After` header.
    RateLimited,
    /// The request body arrived too slowly (long pauses, or a trickle) and was cut.
    RequestTimeout,
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
        PdfTooComplex = "pdf_too_complex",
        StayTooLong = "stay_too_long",
        ResidentExitRequired = "resident_exit_required",
        ResidentExitNeedsCard = "resident_exit_needs_card",
        NotEligibleAfterChange = "not_eligible_after_change",
        TermsNotAccepted = "terms_not_accepted",
        AttachmentRequired = "attachment_required",
        AuthorizedDaysOutOfRange = "authorized_days_out_of_range",
        PasswordTooShort = "password_too_short",
        PasswordTooLong = "password_too_long",
        PasswordTooCommon = "password_too_common",
        PasswordMissingDigit = "password_missing_digit",
        PasswordMissingUppercase = "password_missing_uppercase",
        PasswordMissingLowercase = "password_missing_lowercase",
        PasswordMissingSpecial = "password_missing_special",
        PasswordForbiddenCharacter = "password_forbidden_character",
        InvalidPostalCode = "invalid_postal_code",
        InvalidNue = "invalid_nue",
        InvalidDateTime = "invalid_date_time",
        CitasNotAvailable = "citas_not_available",
        ProcedureNotAtOffice = "procedure_not_at_office",
        SlotNotOffered = "slot_not_offered",
        RangeBackwards = "range_backwards",
        DateInPast = "date_in_past",
        RangeTooLong = "range_too_long",
        AlreadyWaiting = "already_waiting",
    }
}

impl FieldErrorCode {
    /// The message in `locale` (catalog `field_errors`).
    pub fn message(self, locale: Locale) -> &'static str {
        use crate::i18n::field_errors as t;
        match self {
            Self::Required => t::required(locale),
            Self::TooLong => t::too_long(locale),
            Self::InvalidCharacters => t::invalid_characters(locale),
            Self::InvalidEmail => t::invalid_email(locale),
            Self::ConfirmationMismatch => t::confirmation_mismatch(locale),
            Self::UnderAge => t::under_age(locale),
            Self::BirthDateInFuture => t::birth_date_in_future(locale),
            Self::BirthDateTooOld => t::birth_date_too_old(locale),
            Self::UnknownCountry => t::unknown_country(locale),
            Self::UnknownSex => t::unknown_sex(locale),
            Self::UnknownCallingCode => t::unknown_calling_code(locale),
            Self::InvalidPhone => t::invalid_phone(locale),
            Self::UnknownRecoveryKind => t::unknown_recovery_kind(locale),
            Self::SameAsCurrent => t::same_as_current(locale),
            Self::WrongCurrentPassword => t::wrong_current_password(locale),
            Self::CaptchaInvalid => t::captcha_invalid(locale),
            Self::UnknownOption => t::unknown_option(locale),
            Self::NationalityNotInDocument => t::nationality_not_in_document(locale),
            Self::InvalidDocumentNumber => t::invalid_document_number(locale),
            Self::IssueDateInFuture => t::issue_date_in_future(locale),
            Self::IssueDateBeforeBirth => t::issue_date_before_birth(locale),
            Self::ExpiryBeforeIssue => t::expiry_before_issue(locale),
            Self::DocumentExpired => t::document_expired(locale),
            Self::InsufficientValidity => t::insufficient_validity(locale),
            Self::HolderBirthDateMismatch => t::holder_birth_date_mismatch(locale),
            Self::ClassificationNotInDocument => t::classification_not_in_document(locale),
            Self::DocumentAlreadyRegistered => t::document_already_registered(locale),
            Self::ImageRequired => t::image_required(locale),
            Self::NotAnImage => t::not_an_image(locale),
            Self::ImageTooLarge => t::image_too_large(locale),
            Self::ImageDamaged => t::image_damaged(locale),
            Self::MrzNotFound => t::mrz_not_found(locale),
            Self::ScanNotFound => t::scan_not_found(locale),
            Self::EntryPointNotForMode => t::entry_point_not_for_mode(locale),
            Self::InvalidFlightNumber => t::invalid_flight_number(locale),
            Self::SpecificationNotForReason => t::specification_not_for_reason(locale),
            Self::ArrivalInPast => t::arrival_in_past(locale),
            Self::DepartureNotAfterArrival => t::departure_not_after_arrival(locale),
            Self::InvalidReference => t::invalid_reference(locale),
            Self::PreregistrationNotAvailable => t::preregistration_not_available(locale),
            Self::InvalidMexicanPhone => t::invalid_mexican_phone(locale),
            Self::ResidentCardExpired => t::resident_card_expired(locale),
            Self::StepNotSaved => t::step_not_saved(locale),
            Self::AnswerRequired => t::answer_required(locale),
            Self::UnsupportedFileType => t::unsupported_file_type(locale),
            Self::FileRequired => t::file_required(locale),
            Self::InvalidFileName => t::invalid_file_name(locale),
            Self::FileDamaged => t::file_damaged(locale),
            Self::FileHasActiveContent => t::file_has_active_content(locale),
            Self::PdfTooComplex => t::pdf_too_complex(locale),
            Self::StayTooLong => t::stay_too_long(locale),
            Self::ResidentExitRequired => t::resident_exit_required(locale),
            Self::ResidentExitNeedsCard => t::resident_exit_needs_card(locale),
            Self::NotEligibleAfterChange => t::not_eligible_after_change(locale),
            Self::TermsNotAccepted => t::terms_not_accepted(locale),
            Self::AttachmentRequired => t::attachment_required(locale),
            Self::AuthorizedDaysOutOfRange => t::authorized_days_out_of_range(locale),
            Self::PasswordTooShort => t::password_too_short(locale),
            Self::PasswordTooLong => t::password_too_long(locale),
            Self::PasswordTooCommon => t::password_too_common(locale),
            Self::PasswordMissingDigit => t::password_missing_digit(locale),
            Self::PasswordMissingUppercase => t::password_missing_uppercase(locale),
            Self::PasswordMissingLowercase => t::password_missing_lowercase(locale),
            Self::PasswordMissingSpecial => t::password_missing_special(locale),
            Self::PasswordForbiddenCharacter => t::password_forbidden_character(locale),
            Self::InvalidPostalCode => t::invalid_postal_code(locale),
            Self::InvalidNue => t::invalid_nue(locale),
            Self::InvalidDateTime => t::invalid_date_time(locale),
            Self::CitasNotAvailable => t::citas_not_available(locale),
            Self::ProcedureNotAtOffice => t::procedure_not_at_office(locale),
            Self::SlotNotOffered => t::slot_not_offered(locale),
            Self::RangeBackwards => t::range_backwards(locale),
            Self::DateInPast => t::date_in_past(locale),
            Self::RangeTooLong => t::range_too_long(locale),
            Self::AlreadyWaiting => t::already_waiting(locale),
        }
    }

    /// The Spanish and English messages, as the error envelope carries them.
    pub fn messages(self) -> (&'static str, &'static str) {
        (self.message(Locale::Es), self.message(Locale::En))
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
    /// The message in `locale` (catalog `errors`).
    pub fn message(self, locale: Locale) -> &'static str {
        use crate::i18n::errors as t;
        match self {
            Self::ValidationFailed => t::validation_failed(locale),
            Self::MalformedRequest => t::malformed_request(locale),
            Self::PayloadTooLarge => t::payload_too_large(locale),
            Self::CaptchaInvalid => t::captcha_invalid(locale),
            Self::InvalidCredentials => t::invalid_credentials(locale),
            Self::AccountNotActivated => t::account_not_activated(locale),
            Self::TokenInvalid => t::token_invalid(locale),
            Self::Unauthorized => t::unauthorized(locale),
            Self::Forbidden => t::forbidden(locale),
            Self::NotFound => t::not_found(locale),
            Self::DocumentInUse => t::document_in_use(locale),
            Self::AlreadySubmitted => t::already_submitted(locale),
            Self::IdempotencyKeyRequired => t::idempotency_key_required(locale),
            Self::PreregistrationBlocked => t::preregistration_blocked(locale),
            Self::DocumentsNotAvailable => t::documents_not_available(locale),
            Self::FlightChangeNotAllowed => t::flight_change_not_allowed(locale),
            Self::ReceiptInvalid => t::receipt_invalid(locale),
            Self::ReceiptRevoked => t::receipt_revoked(locale),
            Self::ReceiptNotForToday => t::receipt_not_for_today(locale),
            Self::AlreadyDecided => t::already_decided(locale),
            Self::ReceiptOtherPort => t::receipt_other_port(locale),
            Self::InspectionExpired => t::inspection_expired(locale),
            Self::SecondFactorInvalid => t::second_factor_invalid(locale),
            Self::LoginChallengeExpired => t::login_challenge_expired(locale),
            Self::SlotFull => t::slot_full(locale),
            Self::HoldExpired => t::hold_expired(locale),
            Self::AppointmentExists => t::appointment_exists(locale),
            Self::ChangeDeadlinePassed => t::change_deadline_passed(locale),
            Self::RescheduleLimitReached => t::reschedule_limit_reached(locale),
            Self::AppointmentNotActive => t::appointment_not_active(locale),
            Self::AppointmentChanged => t::appointment_changed(locale),
            Self::AppointmentOtherOffice => t::appointment_other_office(locale),
            Self::AppointmentNotToday => t::appointment_not_today(locale),
            Self::ConfirmationInvalid => t::confirmation_invalid(locale),
            Self::AppointmentNotStarted => t::appointment_not_started(locale),
            Self::BookingBlocked => t::booking_blocked(locale),
            Self::RateLimited => t::rate_limited(locale),
            Self::RequestTimeout => t::request_timeout(locale),
            Self::Internal => t::internal(locale),
            Self::Unavailable => t::unavailable(locale),
        }
    }

    /// The Spanish and English messages, as the error envelope carries them.
    pub fn messages(self) -> (&'static str, &'static str) {
        (self.message(Locale::Es), self.message(Locale::En))
    }
}
