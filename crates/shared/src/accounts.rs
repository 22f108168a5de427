//! Account requests and responses (SPEC §2).

use crate::captcha::CaptchaAnswer;
use crate::catalogs::{self, Sex};
use crate::codes::Choice;
use crate::dates;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

/// Longest accepted name part.
pub const NAME_MAX_CHARS: usize = 100;
/// Longest accepted email (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// `POST /api/v1/accounts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CreateAccountRequest {
    #[validate(length(max = 100, code = "too_long"))]
    pub given_names: String,
    #[validate(length(max = 100, code = "too_long"))]
    pub surnames: String,
    /// ISO date, `YYYY-MM-DD`.
    pub birth_date: Option<NaiveDate>,
    /// ISO 3166 alpha-3 code from the `countries` catalog.
    pub nationality: String,
    /// Code from the `sexes` catalog.
    #[cfg_attr(feature = "server", schema(value_type = Sex))]
    pub sex: Choice<Sex>,
    /// Calling code from the `countries` catalog, e.g. `+57`.
    pub phone_country_code: String,
    /// Digits only.
    pub phone: String,
    #[validate(length(max = 254, code = "too_long"))]
    pub email: String,
    pub email_confirmation: String,
    pub password: String,
    pub password_confirmation: String,
    #[validate(nested)]
    pub captcha: CaptchaAnswer,
}

impl CreateAccountRequest {
    /// Every field rule of SPEC §2, as of `today` (the server's date, or the browser's).
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        if let Err(found) = self.validate() {
            errors.add_validator_errors(&found);
        }
        for (field, value) in [
            ("given_names", &self.given_names),
            ("surnames", &self.surnames),
        ] {
            if !errors.has(field) {
                check_person_name(&mut errors, field, value);
            }
        }
        match self.birth_date {
            None => errors.add("birth_date", FieldErrorCode::Required),
            Some(birth) if birth > today => {
                errors.add("birth_date", FieldErrorCode::BirthDateInFuture)
            }
            Some(birth) if dates::age_on(birth, today) > 130 => {
                errors.add("birth_date", FieldErrorCode::BirthDateTooOld)
            }
            Some(birth) if !dates::is_adult_on(birth, today) => {
                errors.add("birth_date", FieldErrorCode::UnderAge)
            }
            Some(_) => {}
        }
        if self.nationality.is_empty() {
            errors.add("nationality", FieldErrorCode::Required);
        } else if catalogs::country(&self.nationality).is_none() {
            errors.add("nationality", FieldErrorCode::UnknownCountry);
        }
        self.sex
            .require(&mut errors, "sex", FieldErrorCode::UnknownSex);
        if self.phone_country_code.is_empty() {
            errors.add("phone_country_code", FieldErrorCode::Required);
        } else if !catalogs::is_known_calling_code(&self.phone_country_code) {
            errors.add("phone_country_code", FieldErrorCode::UnknownCallingCode);
        }
        check_phone(&mut errors, "phone", &self.phone);
        if !errors.has("email") {
            check_email(&mut errors, "email", &self.email);
        }
        if !emails_match(&self.email, &self.email_confirmation) {
            errors.add("email_confirmation", FieldErrorCode::ConfirmationMismatch);
        }
        check_new_password(&mut errors, "password", &self.password);
        errors.check_confirmation(
            "password_confirmation",
            &self.password,
            &self.password_confirmation,
        );
        check_captcha(&mut errors, &self.captcha);
        errors.into_result()
    }
}

crate::wire_code! {
    /// Who an account belongs to.
    pub enum Role {
        Traveler = "traveler",
        Officer = "officer",
        /// Creates officers, edits rules, reads the audit log.
        Operator = "operator",
    }
}

/// `POST /api/v1/accounts/activate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActivateAccountRequest {
    /// The token from the activation link.
    pub token: String,
}

crate::wire_code! {
    /// What an account recovery asks for.
    pub enum RecoveryKind {
        /// Email a single-use link to choose a new password.
        PasswordReset = "password_reset",
        /// Email the activation link again (only while the account is not active).
        ResendActivation = "resend_activation",
    }
}

/// `POST /api/v1/accounts/recovery`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RecoveryRequest {
    pub kind: RecoveryKind,
    pub email: String,
    pub captcha: CaptchaAnswer,
}

impl RecoveryRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        check_email(&mut errors, "email", &self.email);
        check_captcha(&mut errors, &self.captcha);
        errors.into_result()
    }
}

/// `POST /api/v1/accounts/password-reset`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordResetRequest {
    /// The token from the reset link.
    pub token: String,
    pub password: String,
    pub password_confirmation: String,
}

impl PasswordResetRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("token", &self.token);
        check_new_password(&mut errors, "password", &self.password);
        errors.check_confirmation(
            "password_confirmation",
            &self.password,
            &self.password_confirmation,
        );
        errors.into_result()
    }
}

/// `PUT /api/v1/me/password`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
    pub new_password_confirmation: String,
    pub captcha: CaptchaAnswer,
}

impl ChangePasswordRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("current_password", &self.current_password);
        check_new_password(&mut errors, "new_password", &self.new_password);
        if !self.new_password.is_empty() && self.new_password == self.current_password {
            errors.add("new_password", FieldErrorCode::SameAsCurrent);
        }
        errors.check_confirmation(
            "new_password_confirmation",
            &self.new_password,
            &self.new_password_confirmation,
        );
        check_captcha(&mut errors, &self.captcha);
        errors.into_result()
    }
}

/// `DELETE /api/v1/me`: the holder cancels the account (derecho de cancelación).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DeleteAccountRequest {
    pub password: String,
    pub captcha: CaptchaAnswer,
}

impl DeleteAccountRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("password", &self.password);
        check_captcha(&mut errors, &self.captcha);
        errors.into_result()
    }
}

/// `GET /api/v1/me/export`: everything the portal holds about the account (derecho de acceso).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccountExport {
    /// RFC 3339 instant the export was made.
    pub generated_at: String,
    pub account: AccountInfo,
    pub documents: Vec<crate::documents::TravelDocument>,
}

crate::wire_code! {
    /// Which request was taken: the browser shows its message from the catalogs.
    pub enum AcceptedCode {
        AccountCreated = "account_created",
        RecoveryRequested = "recovery_requested",
        AccountActivated = "account_activated",
        PasswordResetDone = "password_reset_done",
        PasswordChanged = "password_changed",
    }
}

impl AcceptedCode {
    /// What the person is told, in `locale` (catalog `messages`).
    pub fn message(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::messages as t;
        match self {
            Self::AccountCreated => t::account_created(locale),
            Self::RecoveryRequested => t::recovery_requested(locale),
            Self::AccountActivated => t::account_activated(locale),
            Self::PasswordResetDone => t::password_reset_done(locale),
            Self::PasswordChanged => t::password_changed(locale),
        }
    }
}

/// A request was taken; what happens next is told by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AcceptedResponse {
    pub code: AcceptedCode,
    /// The message of `code` in Spanish, for API clients.
    pub message: String,
    /// The message of `code` in English.
    pub message_en: String,
}

impl AcceptedResponse {
    pub fn new(code: AcceptedCode) -> Self {
        use crate::i18n::Locale;
        Self {
            code,
            message: code.message(Locale::Es).to_owned(),
            message_en: code.message(Locale::En).to_owned(),
        }
    }
}

/// `GET /api/v1/me` (Información).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccountInfo {
    pub id: String,
    pub email: String,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub nationality: String,
    pub sex: Sex,
    pub phone_country_code: String,
    pub phone: String,
    pub role: Role,
    /// RFC 3339 instant of creation.
    pub created_at: String,
}

/// Lower-cased, trimmed email as stored and compared.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn emails_match(email: &str, confirmation: &str) -> bool {
    normalize_email(email) == normalize_email(confirmation)
}

fn check_email(errors: &mut FieldErrors, field: &str, email: &str) {
    let email = email.trim();
    if email.is_empty() {
        errors.add(field, FieldErrorCode::Required);
    } else if email.chars().count() > EMAIL_MAX_CHARS {
        errors.add(field, FieldErrorCode::TooLong);
    } else if !crate::validation::is_valid_email(email) {
        errors.add(field, FieldErrorCode::InvalidEmail);
    }
}

/// Names: required, at most 100 characters, letters with spaces, apostrophes, dashes, dots.
pub fn check_person_name(errors: &mut FieldErrors, field: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, FieldErrorCode::Required);
    } else if value.chars().count() > NAME_MAX_CHARS {
        errors.add(field, FieldErrorCode::TooLong);
    } else if !value
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-' || c == '.')
        || !value.chars().any(char::is_alphabetic)
    {
        errors.add(field, FieldErrorCode::InvalidCharacters);
    }
}

pub(crate) fn check_phone(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.is_empty() {
        errors.add(field, FieldErrorCode::Required);
    } else if !(6..=15).contains(&value.len()) || !value.chars().all(|c| c.is_ascii_digit()) {
        errors.add(field, FieldErrorCode::InvalidPhone);
    }
}

fn check_new_password(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.is_empty() {
        errors.add(field, FieldErrorCode::Required);
    } else {
        errors.check_password(field, value);
    }
}

fn check_captcha(errors: &mut FieldErrors, captcha: &CaptchaAnswer) {
    if captcha.id.trim().is_empty() || captcha.answer.trim().is_empty() {
        errors.add("captcha.answer", FieldErrorCode::Required);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
    }

    fn valid() -> CreateAccountRequest {
        CreateAccountRequest {
            given_names: "María José".into(),
            surnames: "Pérez Gómez".into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 17),
            nationality: "COL".into(),
            sex: "female".into(),
            phone_country_code: "+57".into(),
            phone: "3001234567".into(),
            email: "maria@example.com".into(),
            email_confirmation: "Maria@Example.com".into(),
            password: "Viaje2026!".into(),
            password_confirmation: "Viaje2026!".into(),
            captcha: CaptchaAnswer {
                id: "c1".into(),
                answer: "ab12".into(),
            },
        }
    }

    fn codes(request: &CreateAccountRequest) -> Vec<(String, String)> {
        request
            .check(today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_owned()))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(valid().check(today()), Ok(()));
    }

    #[test]
    fn someone_turning_eighteen_today_may_register_but_not_the_day_before() {
        let mut request = valid();
        request.birth_date = NaiveDate::from_ymd_opt(2008, 11, 30);
        assert_eq!(request.check(today()), Ok(()));
        request.birth_date = NaiveDate::from_ymd_opt(2008, 12, 1);
        assert_eq!(codes(&request), vec![pair("birth_date", "under_age")]);
    }

    #[test]
    fn each_field_reports_its_own_rule() {
        type Mutation = fn(&mut CreateAccountRequest);
        let cases: Vec<(Mutation, (&str, &str))> = vec![
            (|r| r.given_names = " ".into(), ("given_names", "required")),
            (
                |r| r.surnames = "Pérez 3".into(),
                ("surnames", "invalid_characters"),
            ),
            (
                |r| r.given_names = "a".repeat(101),
                ("given_names", "too_long"),
            ),
            (|r| r.birth_date = None, ("birth_date", "required")),
            (
                |r| r.birth_date = NaiveDate::from_ymd_opt(2027, 1, 1),
                ("birth_date", "birth_date_in_future"),
            ),
            (
                |r| r.nationality = "XXX".into(),
                ("nationality", "unknown_country"),
            ),
            (|r| r.nationality = "".into(), ("nationality", "required")),
            (|r| r.sex = "other".into(), ("sex", "unknown_sex")),
            (
                |r| r.phone_country_code = "+999".into(),
                ("phone_country_code", "unknown_calling_code"),
            ),
            (|r| r.phone = "300-123".into(), ("phone", "invalid_phone")),
            (|r| r.phone = "12345".into(), ("phone", "invalid_phone")),
            (|r| r.phone = "".into(), ("phone", "required")),
            (
                |r| r.email_confirmation = "otra@example.com".into(),
                ("email_confirmation", "confirmation_mismatch"),
            ),
            (
                |r| r.password_confirmation = "Viaje2026@".into(),
                ("password_confirmation", "confirmation_mismatch"),
            ),
            (
                |r| r.captcha.answer = "".into(),
                ("captcha.answer", "required"),
            ),
        ];
        for (mutate, (field, code)) in cases {
            let mut request = valid();
            mutate(&mut request);
            assert_eq!(codes(&request), vec![pair(field, code)], "{field} {code}");
        }
    }

    #[test]
    fn a_malformed_email_is_refused_and_its_confirmation_too() {
        let mut request = valid();
        request.email = "maria.example.com".into();
        request.email_confirmation = "maria.example.com".into();
        assert_eq!(codes(&request), vec![pair("email", "invalid_email")]);
    }

    #[test]
    fn a_forbidden_character_in_the_password_is_reported_with_its_rule() {
        let mut request = valid();
        request.password = "Viaje.2026!".into();
        request.password_confirmation = "Viaje.2026!".into();
        assert_eq!(
            codes(&request),
            vec![pair("password", "password_forbidden_character")]
        );
    }

    #[test]
    fn change_password_refuses_reusing_the_current_one() {
        let request = ChangePasswordRequest {
            current_password: "Viaje2026!".into(),
            new_password: "Viaje2026!".into(),
            new_password_confirmation: "Viaje2026!".into(),
            captcha: CaptchaAnswer {
                id: "c".into(),
                answer: "a".into(),
            },
        };
        let errors = request.check().err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, FieldErrorCode::SameAsCurrent);
    }
}
