//! Secrets sent by email or cookie: 256 random bits, stored only as a SHA-256 digest.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A freshly generated secret and the digest to store in its place.
#[derive(Debug, Clone)]
pub struct SecretToken {
    /// What the holder receives (43 URL-safe characters).
    pub plain: String,
    /// What the database keeps (64 hex characters).
    pub digest: String,
}

impl SecretToken {
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let plain = URL_SAFE_NO_PAD.encode(bytes);
        let digest = digest(&plain);
        Self { plain, digest }
    }
}

/// The stored form of a presented secret.
pub fn digest(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_are_stored_hashed() {
        let token = SecretToken::generate();
        assert_eq!(token.plain.len(), 43);
        assert_eq!(token.digest.len(), 64);
        assert_ne!(token.plain, token.digest);
        assert_eq!(digest(&token.plain), token.digest);
    }

    #[test]
    fn tokens_do_not_repeat() {
        assert_ne!(SecretToken::generate().plain, SecretToken::generate().plain);
    }
}
