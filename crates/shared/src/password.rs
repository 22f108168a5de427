//! The password policy of the seed manual, shared by the browser (live, rule by rule)
//! and the server.

use crate::error::FieldErrorCode;

/// Characters that count as "special".
pub const SPECIAL_CHARACTERS: &str = "!@#$%^&*";
/// Characters the seed forbids outright.
pub const FORBIDDEN_CHARACTERS: [char; 3] = ['.', 'ñ', 'Ñ'];
/// Minimum length, counted in characters.
pub const MIN_LENGTH: usize = 8;
/// Upper bound so that hashing cost stays bounded.
pub const MAX_LENGTH: usize = 128;

/// One rule of the policy, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    MinLength,
    Digit,
    Uppercase,
    Lowercase,
    Special,
    NoForbiddenCharacters,
    MaxLength,
}

impl PasswordRule {
    pub const ALL: [PasswordRule; 7] = [
        Self::MinLength,
        Self::Digit,
        Self::Uppercase,
        Self::Lowercase,
        Self::Special,
        Self::NoForbiddenCharacters,
        Self::MaxLength,
    ];

    /// Whether `password` satisfies this rule.
    pub fn is_met_by(self, password: &str) -> bool {
        match self {
            Self::MinLength => password.chars().count() >= MIN_LENGTH,
            Self::MaxLength => password.chars().count() <= MAX_LENGTH,
            Self::Digit => password.chars().any(|c| c.is_ascii_digit()),
            Self::Uppercase => password.chars().any(|c| c.is_uppercase() && c != 'Ñ'),
            Self::Lowercase => password.chars().any(|c| c.is_lowercase() && c != 'ñ'),
            Self::Special => password.chars().any(|c| SPECIAL_CHARACTERS.contains(c)),
            Self::NoForbiddenCharacters => {
                !password.chars().any(|c| FORBIDDEN_CHARACTERS.contains(&c))
            }
        }
    }

    /// The rule as the form lists it, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::MinLength => t::password_rule_min_length(locale),
            Self::MaxLength => t::password_rule_max_length(locale),
            Self::Digit => t::password_rule_digit(locale),
            Self::Uppercase => t::password_rule_uppercase(locale),
            Self::Lowercase => t::password_rule_lowercase(locale),
            Self::Special => t::password_rule_special(locale),
            Self::NoForbiddenCharacters => t::password_rule_no_forbidden_characters(locale),
        }
    }
}

impl From<PasswordRule> for FieldErrorCode {
    fn from(rule: PasswordRule) -> Self {
        match rule {
            PasswordRule::MinLength => Self::PasswordTooShort,
            PasswordRule::MaxLength => Self::PasswordTooLong,
            PasswordRule::Digit => Self::PasswordMissingDigit,
            PasswordRule::Uppercase => Self::PasswordMissingUppercase,
            PasswordRule::Lowercase => Self::PasswordMissingLowercase,
            PasswordRule::Special => Self::PasswordMissingSpecial,
            PasswordRule::NoForbiddenCharacters => Self::PasswordForbiddenCharacter,
        }
    }
}

/// The rules `password` breaks, in display order; empty when it is acceptable.
pub fn broken_rules(password: &str) -> Vec<PasswordRule> {
    PasswordRule::ALL
        .into_iter()
        .filter(|rule| !rule.is_met_by(password))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_meeting_every_rule_is_accepted() {
        assert!(broken_rules("Viaje2026!").is_empty());
        assert!(broken_rules("aB3$aaaa").is_empty());
    }

    #[test]
    fn seven_characters_are_too_short_and_eight_are_enough() {
        assert_eq!(broken_rules("aB3$aaa"), vec![PasswordRule::MinLength]);
        assert!(broken_rules("aB3$aaaa").is_empty());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // "é" is two bytes; seven characters must still be too short.
        assert_eq!(broken_rules("éB3$aaa"), vec![PasswordRule::MinLength]);
    }

    #[test]
    fn each_missing_class_is_reported_on_its_own() {
        assert_eq!(broken_rules("Viajeros!"), vec![PasswordRule::Digit]);
        assert_eq!(broken_rules("viaje2026!"), vec![PasswordRule::Uppercase]);
        assert_eq!(broken_rules("VIAJE2026!"), vec![PasswordRule::Lowercase]);
        assert_eq!(broken_rules("Viaje2026a"), vec![PasswordRule::Special]);
    }

    #[test]
    fn only_the_listed_specials_count() {
        for special in SPECIAL_CHARACTERS.chars() {
            assert!(broken_rules(&format!("Viaje2026{special}")).is_empty());
        }
        for other in ['-', '_', '+', '?', '(', ' ', '~'] {
            assert_eq!(
                broken_rules(&format!("Viaje2026{other}")),
                vec![PasswordRule::Special],
                "{other:?} must not count as special"
            );
        }
    }

    #[test]
    fn dot_and_enye_are_forbidden_even_when_everything_else_is_met() {
        assert_eq!(
            broken_rules("Viaje2026!."),
            vec![PasswordRule::NoForbiddenCharacters]
        );
        assert_eq!(
            broken_rules("Viaje2026!ñ"),
            vec![PasswordRule::NoForbiddenCharacters]
        );
        assert_eq!(
            broken_rules("Viaje2026!Ñ"),
            vec![PasswordRule::NoForbiddenCharacters]
        );
    }

    #[test]
    fn enye_does_not_satisfy_the_letter_rules() {
        let broken = broken_rules("ÑÑÑÑ2026!");
        assert!(broken.contains(&PasswordRule::Uppercase));
        assert!(broken.contains(&PasswordRule::Lowercase));
        assert!(broken.contains(&PasswordRule::NoForbiddenCharacters));
    }

    #[test]
    fn empty_password_breaks_all_but_the_forbidden_and_max_rules() {
        assert_eq!(
            broken_rules(""),
            vec![
                PasswordRule::MinLength,
                PasswordRule::Digit,
                PasswordRule::Uppercase,
                PasswordRule::Lowercase,
                PasswordRule::Special,
            ]
        );
    }

    #[test]
    fn overly_long_passwords_are_refused() {
        let long = format!("Aa1!{}", "x".repeat(MAX_LENGTH));
        assert_eq!(broken_rules(&long), vec![PasswordRule::MaxLength]);
    }
}
