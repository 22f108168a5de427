//! Password hashing with argon2id at the OWASP parameters (m = 19 MiB, t = 2, p = 1).
//!
//! These functions are CPU-heavy and blocking: callers on an async runtime run them on
//! a blocking thread.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashingError(String);

fn hasher() -> Argon2<'static> {
    // The OWASP parameters are valid constants; `Params::new` only rejects out-of-range values.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, HashingError> {
    let mut salt_bytes = [0_u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| HashingError(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashingError(e.to_string()))
}

/// Whether `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real verification when no account matches an email, so
/// that response times do not reveal which emails are registered.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy =
        DUMMY.get_or_init(|| hash_password("dummy-password-for-timing").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let hash = hash_password("Viaje2026!").unwrap_or_default();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("Viaje2026!", &hash));
        assert!(!verify_password("Viaje2026?", &hash));
    }

    #[test]
    fn two_hashes_of_the_same_password_differ_by_salt() {
        let a = hash_password("Viaje2026!").unwrap_or_default();
        let b = hash_password("Viaje2026!").unwrap_or_default();
        assert_ne!(a, b);
    }

    #[test]
    fn a_malformed_stored_hash_never_matches() {
        assert!(!verify_password("anything", "not-a-hash"));
        assert!(!verify_password("", ""));
    }
}

/// The common and leaked passwords (`data/common-passwords.txt`, written by
/// `scripts/common-passwords.py`), normalised, sorted.
static COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Whether `password` is, but for capitals and the special characters `!@#$%^&*` (`@`
/// and `$` also read as `a` and `s`), one of the 200,000 most common passwords of the
/// leaked-password lists: `Password1!`, `P@ssword1` and `Abc12345$` are all common. The
/// seed's rule alone lets such passwords through.
pub fn is_common_password(password: &str) -> bool {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    let sorted = SORTED.get_or_init(|| {
        let mut lines: Vec<&'static str> = COMMON_PASSWORDS
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        lines.sort_unstable();
        lines
    });
    let lower = password.to_lowercase();
    let as_letters: String = lower
        .chars()
        .map(|c| match c {
            '@' => 'a',
            '$' => 's',
            other => other,
        })
        .filter(|c| !"!#%^&*".contains(*c))
        .collect();
    let without_symbols: String = lower.chars().filter(|c| !"!@#$%^&*".contains(*c)).collect();
    [as_letters, without_symbols]
        .iter()
        .any(|word| sorted.binary_search(&word.as_str()).is_ok())
}

#[cfg(test)]
mod common_password_tests {
    use super::is_common_password;

    #[test]
    fn common_passwords_dressed_up_to_pass_the_rule_are_recognised() {
        for common in [
            "Password1!",
            "P@ssword1",
            "Qwerty123!",
            "Iloveyou1!",
            "Abc12345$",
        ] {
            assert!(is_common_password(common), "{common}");
        }
        for rare in [
            "Viaje2026!",
            "Tlaquepaque#84",
            "Agente#2026",
            "Nueva#Clave2026",
        ] {
            assert!(!is_common_password(rare), "{rare}");
        }
    }
}
