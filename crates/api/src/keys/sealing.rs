//! Private keys at rest: envelope encryption under a key-encryption key (KEK) that is
//! kept outside the database. Each sealed value has a data key of its own (random, 256
//! bits) that encrypts the private key; the KEK encrypts the data key. Both layers are
//! XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`; 192-bit random nonces, so no
//! counter to keep) with the value's purpose and key id as associated data, so a sealed
//! value copied onto another row does not open.
//!
//! Rotating the KEK re-encrypts only the data keys (`portal keys rewrap`); a KMS could
//! hold the KEK and wrap the data keys in its place.
//!
//! Format: `v1.<kek id>.<nonce‖wrapped data key>.<nonce‖ciphertext>` (base64url).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const VERSION: &str = "v1";
const NONCE_BYTES: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("a key-encryption key must be 32 bytes in base64 ({0})")]
    BadKey(String),
    #[error("no key-encryption key is configured")]
    NoKey,
    #[error("the value is not sealed (it is stored in the clear)")]
    NotSealed,
    #[error("the value is sealed with key-encryption key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the sealed value does not open: wrong key, damaged, or moved from another row")]
    DoesNotOpen,
}

struct Kek {
    id: String,
    key: Zeroizing<[u8; 32]>,
}

/// The configured key-encryption keys: the first seals, every one opens.
pub struct KeyEncryptionKeys(Vec<Kek>);

impl std::fmt::Debug for KeyEncryptionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|k| k.id.as_str()))
            .finish()
    }
}

impl KeyEncryptionKeys {
    /// Reads keys written one per line or comma-separated, in standard or URL-safe
    /// base64; `#` starts a comment. The first is the current key.
    pub fn parse(text: &str) -> Result<Self, SealError> {
        let keys = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                let bytes = Zeroizing::new(
                    STANDARD
                        .decode(item)
                        .or_else(|_| URL_SAFE_NO_PAD.decode(item.trim_end_matches('=')))
                        .map_err(|e| SealError::BadKey(e.to_string()))?,
                );
                let key: [u8; 32] = bytes
                    .as_slice()
                    .try_into()
                    .map_err(|_| SealError::BadKey(format!("{} bytes", bytes.len())))?;
                Ok(Kek {
                    id: kek_id(&key),
                    key: Zeroizing::new(key),
                })
            })
            .collect::<Result<Vec<_>, SealError>>()?;
        if keys.is_empty() {
            return Err(SealError::NoKey);
        }
        Ok(Self(keys))
    }

    /// A new random key, as a line for a key file.
    pub fn generate() -> String {
        let mut key = Zeroizing::new([0_u8; 32]);
        rand::rng().fill_bytes(key.as_mut_slice());
        STANDARD.encode(key.as_slice())
    }

    /// The id of the key that seals.
    pub fn current_id(&self) -> &str {
        self.0.first().map_or("", |k| k.id.as_str())
    }

    /// Seals `plain` for `context` (what it is and which row: `receipt-key:<kid>`).
    pub fn seal(&self, plain: &[u8], context: &str) -> Result<String, SealError> {
        let kek = self.0.first().ok_or(SealError::NoKey)?;
        let mut data_key = Zeroizing::new([0_u8; 32]);
        rand::rng().fill_bytes(data_key.as_mut_slice());
        let content = encrypt(&data_key, plain, context)?;
        let wrapped = encrypt(&kek.key, data_key.as_slice(), context)?;
        Ok(format!(
            "{VERSION}.{}.{}.{}",
            kek.id,
            URL_SAFE_NO_PAD.encode(wrapped),
            URL_SAFE_NO_PAD.encode(content)
        ))
    }

    /// Opens a value sealed for `context` by any configured key.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let parts = Sealed::parse(sealed)?;
        let kek = self
            .0
            .iter()
            .find(|k| k.id == parts.kek_id)
            .ok_or_else(|| SealError::UnknownKey(parts.kek_id.to_owned()))?;
        let data_key = decrypt(&kek.key, &parts.wrapped, context)?;
        let data_key: Zeroizing<[u8; 32]> = Zeroizing::new(
            data_key
                .as_slice()
                .try_into()
                .map_err(|_| SealError::DoesNotOpen)?,
        );
        decrypt(&data_key, &parts.content, context)
    }

    /// The same value sealed under the current key (its data key re-wrapped), or `None`
    /// when it already is.
    pub fn rewrap(&self, sealed: &str, context: &str) -> Result<Option<String>, SealError> {
        if Sealed::parse(sealed)?.kek_id == self.current_id() {
            return Ok(None);
        }
        let plain = self.open(sealed, context)?;
        self.seal(&plain, context).map(Some)
    }
}

/// Whether a stored value is sealed (rather than an old plain PEM).
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(&format!("{VERSION}."))
}

struct Sealed<'a> {
    kek_id: &'a str,
    wrapped: Vec<u8>,
    content: Vec<u8>,
}

impl<'a> Sealed<'a> {
    fn parse(value: &'a str) -> Result<Self, SealError> {
        let mut parts = value.split('.');
        let (Some(VERSION), Some(kek_id), Some(wrapped), Some(content), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(SealError::NotSealed);
        };
        let decode = |part: &str| {
            URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| SealError::DoesNotOpen)
        };
        Ok(Self {
            kek_id,
            wrapped: decode(wrapped)?,
            content: decode(content)?,
        })
    }
}

fn kek_id(key: &[u8; 32]) -> String {
    let digest = Sha256::digest([b"portal-kek:".as_slice(), key.as_slice()].concat());
    URL_SAFE_NO_PAD.encode(&digest[..6])
}

fn encrypt(key: &[u8; 32], plain: &[u8], context: &str) -> Result<Vec<u8>, SealError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0_u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| SealError::DoesNotOpen)?;
    Ok([nonce.as_slice(), &sealed].concat())
}

fn decrypt(key: &[u8; 32], sealed: &[u8], context: &str) -> Result<Zeroizing<Vec<u8>>, SealError> {
    if sealed.len() < NONCE_BYTES {
        return Err(SealError::DoesNotOpen);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| SealError::DoesNotOpen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lines: &[&str]) -> KeyEncryptionKeys {
        KeyEncryptionKeys::parse(&lines.join("\n")).unwrap_or(KeyEncryptionKeys(Vec::new()))
    }

    #[test]
    fn a_sealed_value_opens_with_its_key_and_context_only() {
        let first = KeyEncryptionKeys::generate();
        let kek = keys(&[&first]);
        let sealed = kek
            .seal(b"secret key bytes", "receipt-key:abc")
            .unwrap_or_default();
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("secret"));
        assert_eq!(
            kek.open(&sealed, "receipt-key:abc").map(|p| p.to_vec()),
            Ok(b"secret key bytes".to_vec())
        );
        assert_eq!(
            kek.open(&sealed, "receipt-key:xyz").err(),
            Some(SealError::DoesNotOpen),
            "moved to another row"
        );
        let stranger = keys(&[&KeyEncryptionKeys::generate()]);
        assert!(matches!(
            stranger.open(&sealed, "receipt-key:abc"),
            Err(SealError::UnknownKey(_))
        ));
        assert_eq!(
            kek.open("-----BEGIN PRIVATE KEY-----", "receipt-key:abc")
                .err(),
            Some(SealError::NotSealed)
        );
        let mut damaged = sealed.clone().into_bytes();
        let last = damaged.len() - 3;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        let damaged = String::from_utf8(damaged).unwrap_or_default();
        assert_eq!(
            kek.open(&damaged, "receipt-key:abc").err(),
            Some(SealError::DoesNotOpen)
        );
    }

    #[test]
    fn a_new_first_key_seals_and_rewraps_what_the_old_one_sealed() {
        let old = KeyEncryptionKeys::generate();
        let new = KeyEncryptionKeys::generate();
        let sealed_by_old = keys(&[&old]).seal(b"k", "c").unwrap_or_default();
        let rotated = keys(&[&new, &format!("{old}  # the previous key")]);
        assert_eq!(
            rotated.open(&sealed_by_old, "c").map(|p| p.to_vec()),
            Ok(b"k".to_vec())
        );
        let rewrapped = rotated
            .rewrap(&sealed_by_old, "c")
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(rewrapped.starts_with(&format!("v1.{}.", rotated.current_id())));
        assert_eq!(rotated.rewrap(&rewrapped, "c"), Ok(None), "already current");
        let only_new = keys(&[&new]);
        assert_eq!(
            only_new.open(&rewrapped, "c").map(|p| p.to_vec()),
            Ok(b"k".to_vec())
        );
        assert!(only_new.open(&sealed_by_old, "c").is_err());
    }

    #[test]
    fn bad_key_lists_are_refused() {
        assert_eq!(
            KeyEncryptionKeys::parse("  # nothing\n").err(),
            Some(SealError::NoKey)
        );
        assert!(matches!(
            KeyEncryptionKeys::parse("c2hvcnQ="),
            Err(SealError::BadKey(_))
        ));
        assert!(matches!(
            KeyEncryptionKeys::parse("not base64!"),
            Err(SealError::BadKey(_))
        ));
    }
}
