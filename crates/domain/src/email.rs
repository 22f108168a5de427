//! Email addresses as the portal stores and compares them.

use portal_shared::accounts::{EMAIL_MAX_CHARS, normalize_email};

/// A syntactically valid email, trimmed and lower-cased so that uniqueness is
/// case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a valid email address")]
pub struct InvalidEmail;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let normalized = normalize_email(raw);
        if normalized.is_empty()
            || normalized.chars().count() > EMAIL_MAX_CHARS
            || !portal_shared::validation::is_valid_email(&normalized)
        {
            return Err(InvalidEmail);
        }
        Ok(Self(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ana.Perez@Example.COM ").map(|e| e.0),
            Ok("ana.perez@example.com".into())
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for raw in ["", "ana", "ana@", "@example.com", "ana perez@example.com"] {
            assert_eq!(Email::parse(raw), Err(InvalidEmail), "{raw}");
        }
    }
}
