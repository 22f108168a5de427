//! The Ed25519 key pairs of the portal: one signs access tokens, the other the QR
//! receipts (published at `GET /api/v1/keys`). Generated on first start into the data
//! folder; the private key files are readable by their owner only.

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rand::RngCore;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the signing key at {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the signing key at {path} is not a PKCS#8 Ed25519 key: {message}")]
    Format { path: String, message: String },
}

/// File of the key that signs access tokens.
pub const ACCESS_TOKEN_KEY_FILE: &str = "signing-ed25519.pem";
/// File of the key that signs pre-registration receipts.
pub const RECEIPT_KEY_FILE: &str = "receipt-ed25519.pem";

/// A signing key pair, also as PEM texts.
#[derive(Clone)]
pub struct SigningKeys {
    pub private_pem: String,
    pub public_pem: String,
    pub key: SigningKey,
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeys")
            .field("public_pem", &self.public_pem)
            .finish_non_exhaustive()
    }
}

/// Loads `<data>/keys/<file_name>`, creating it first if missing.
pub fn load_or_generate(data_dir: &Path, file_name: &str) -> Result<SigningKeys, KeyError> {
    let folder = data_dir.join("keys");
    let path = folder.join(file_name);
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    let format = |message: String| KeyError::Format {
        path: path.display().to_string(),
        message,
    };
    let key = if path.exists() {
        let pem = std::fs::read_to_string(&path).map_err(io)?;
        SigningKey::from_pkcs8_pem(&pem).map_err(|e| format(e.to_string()))?
    } else {
        std::fs::create_dir_all(&folder).map_err(io)?;
        let mut secret = [0_u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let key = SigningKey::from_bytes(&secret);
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| format(e.to_string()))?;
        write_private(&path, pem.as_bytes()).map_err(io)?;
        tracing::info!(path = %path.display(), "generated a new signing key");
        key
    };
    let private_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| format(e.to_string()))?
        .to_string();
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| format(e.to_string()))?;
    Ok(SigningKeys {
        private_pem,
        public_pem,
        key,
    })
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_reused_on_the_next_start() {
        let dir = tempfile::tempdir().ok();
        let dir = dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        let first = load_or_generate(&dir, RECEIPT_KEY_FILE)
            .map(|k| k.public_pem)
            .ok();
        let second = load_or_generate(&dir, RECEIPT_KEY_FILE)
            .map(|k| k.public_pem)
            .ok();
        assert!(first.is_some());
        assert_eq!(first, second);
        let other = load_or_generate(&dir, ACCESS_TOKEN_KEY_FILE)
            .map(|k| k.public_pem)
            .ok();
        assert_ne!(first, other, "each purpose has its own key");
    }
}
