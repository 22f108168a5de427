//! Field-by-field validation results with Spanish and English messages.

use crate::FieldError;
use crate::error::FieldErrorCode;
use crate::password::{self, PasswordRule};
use validator::ValidationErrors;

/// Collects field errors while a request is checked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error with the default messages of `code`.
    pub fn add(&mut self, field: &str, code: FieldErrorCode) {
        self.0.push(field_error(field, code));
    }

    /// Adds the errors found by a `validator` derive, nested fields as `outer.inner`.
    pub fn add_validator_errors(&mut self, errors: &ValidationErrors) {
        collect(errors, "", &mut self.0);
    }

    /// Adds one error per password rule that `value` breaks.
    pub fn check_password(&mut self, field: &str, value: &str) {
        for rule in password::broken_rules(value) {
            self.0.push(password_rule_error(field, rule));
        }
    }

    /// Adds `mismatch` on `confirmation_field` unless the two values are equal.
    pub fn check_confirmation(
        &mut self,
        confirmation_field: &str,
        value: &str,
        confirmation: &str,
    ) {
        if value != confirmation {
            self.add(confirmation_field, FieldErrorCode::ConfirmationMismatch);
        }
    }

    /// Adds `required` on `field` when `value` is blank.
    pub fn check_required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, FieldErrorCode::Required);
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok` when nothing was collected.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in entries {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    // The derived rules name their codes as text (`code = "too_long"`); a
                    // misspelt one is caught by this module's tests.
                    let code =
                        FieldErrorCode::parse(&error.code).unwrap_or(FieldErrorCode::TooLong);
                    out.push(field_error(&name, code));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &name, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{name}[{index}]"), out);
                }
            }
        }
    }
}

/// The error for one broken password rule.
pub fn password_rule_error(field: &str, rule: PasswordRule) -> FieldError {
    field_error(field, rule.into())
}

/// Builds a field error with the default messages of `code`.
pub fn field_error(field: &str, code: FieldErrorCode) -> FieldError {
    let (message, message_en) = code.messages();
    FieldError {
        field: field.to_owned(),
        code,
        message: message.to_owned(),
        message_en: message_en.to_owned(),
    }
}

/// Whether `email` (already trimmed) is an address the portal can write to: a local part
/// of the characters HTML forms allow in one (`A-Z a-z 0-9 .!#$%&'*+/=?^_`{|}~-`, at most
/// 64), `@`, and a domain of dot-separated labels of letters (any script), digits and
/// inner hyphens, each at most 63 characters. The rule of `validator`'s email check,
/// written out so that the browser app does not carry a regular-expression engine for it;
/// address literals (`user@[10.0.0.1]`) are refused.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    local_ok && domain.chars().count() <= 255 && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_email_rule_agrees_with_validators_on_every_combination_of_tricky_parts() {
        let locals = [
            "ana",
            "a.b",
            "a+b",
            "a b",
            "",
            "ñ",
            "a@b",
            "x".repeat(64).leak(),
            "x".repeat(65).leak(),
            "o'k",
            "\"q\"",
        ];
        let domains = [
            "example.com",
            "b",
            "-a.com",
            "a-.com",
            "a..com",
            "exa_mple.com",
            "münchen.de",
            "[10.0.0.1]",
            "",
            "a.b.c.d",
            "y".repeat(63).leak(),
            "y".repeat(64).leak(),
            "ex ample.com",
        ];
        for local in locals {
            for domain in domains {
                let email = format!("{local}@{domain}");
                let theirs = validator::ValidateEmail::validate_email(&email);
                if domain.starts_with('[') {
                    assert!(
                        !is_valid_email(&email),
                        "{email}: address literals are refused"
                    );
                } else {
                    assert_eq!(is_valid_email(&email), theirs, "{email}");
                }
            }
        }
    }

    #[test]
    fn emails_are_checked_by_the_same_rule_as_before() {
        for good in [
            "ana@example.com",
            "maria.jose+viajes@correo.gov.co",
            "o'brien@example.co",
            "a@b",
            "user@xn--80ak6aa92e.com",
            "josé@example.com".replacen("josé", "jose", 1).as_str(),
            "ana@correo.méxico.mx",
            "x_y-z{1}@sub-domain.example",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@@example.com",
            "ana maria@example.com",
            "josé@example.com",
            "ana@-example.com",
            "ana@example-.com",
            "ana@example..com",
            "ana@exam_ple.com",
            "ana@[10.0.0.1]",
            "ana@example.com ",
            &format!("{}@example.com", "a".repeat(65)),
            &format!("ana@{}.com", "b".repeat(64)),
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn every_field_error_code_has_its_own_message_in_both_languages() {
        for code in FieldErrorCode::ALL {
            let (es, en) = code.messages();
            assert!(!es.is_empty() && !en.is_empty() && es != en, "{code}");
        }
        for rule in PasswordRule::ALL {
            assert!(FieldErrorCode::ALL.contains(&FieldErrorCode::from(rule)));
        }
    }

    #[test]
    fn the_length_limits_of_the_derived_rules_are_reported_as_too_long() {
        let request = crate::accounts::CreateAccountRequest {
            given_names: "a".repeat(101),
            ..Default::default()
        };
        let mut errors = FieldErrors::new();
        if let Err(found) = validator::Validate::validate(&request) {
            errors.add_validator_errors(&found);
        }
        assert_eq!(
            errors.into_vec()[0].code,
            FieldErrorCode::TooLong,
            "the validator's code must name a FieldErrorCode"
        );
    }

    #[test]
    fn confirmation_is_compared_exactly() {
        let mut errors = FieldErrors::new();
        errors.check_confirmation("email_confirmation", "a@b.mx", "A@b.mx");
        assert!(errors.has("email_confirmation"));
    }
}
