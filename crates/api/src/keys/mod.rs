//! The Ed25519 key pairs of the portal. The access-token key is generated on first start
//! into the data folder (readable by its owner only). The keys that sign the QR receipts
//! live in the database (`receipt_signing_keys`) so that every instance signs alike and
//! an operator can rotate them (`portal keys rotate`): the newest key not retired signs,
//! every key not retired is published at `GET /api/v1/keys` (from the stored public keys
//! alone). Their private halves are sealed under a key-encryption key held outside the
//! database ([`sealing`]) and used only through the [`signer::Signer`] port.

pub mod sealing;
pub mod signer;

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use portal_persistence::receipt_keys::{self, StoredKey};
use portal_persistence::{ConnectionTrait, DatabaseConnection};
use portal_shared::receipts::PublicKey;
use rand::RngCore;
use sealing::KeyEncryptionKeys;
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
    #[error("receipt keys: {0}")]
    Storage(#[from] portal_persistence::PersistenceError),
    #[error("key-encryption key: {0}")]
    Sealing(#[from] sealing::SealError),
    #[error(
        "no key-encryption key file at {path}: create one with `portal keys generate-kek > {path}` (mode 0600)"
    )]
    MissingKekFile { path: String },
}

/// File of the key-encryption key when none is configured: generated on first start.
pub const DEFAULT_KEK_FILE: &str = "key-encryption.keys";

/// The key-encryption keys: `PORTAL_KEY_ENCRYPTION_KEYS`, else the file named by
/// `PORTAL_KEY_ENCRYPTION_KEY_FILE`, else `<data>/keys/key-encryption.keys` (generated on
/// first start; a backup of the database alone then cannot open the receipt keys, but one
/// of the whole data folder can: production keeps the file elsewhere).
pub fn load_key_encryption_keys(
    settings: &crate::config::Settings,
) -> Result<KeyEncryptionKeys, KeyError> {
    if let Some(keys) = &settings.key_encryption_keys {
        return Ok(KeyEncryptionKeys::parse(keys)?);
    }
    let (path, generate) = match &settings.key_encryption_key_file {
        Some(path) => (path.clone(), false),
        None => (settings.data_dir.join("keys").join(DEFAULT_KEK_FILE), true),
    };
    let io = |source| KeyError::Io {
        path: path.display().to_string(),
        source,
    };
    if !path.exists() {
        if !generate {
            return Err(KeyError::MissingKekFile {
                path: path.display().to_string(),
            });
        }
        if let Some(folder) = path.parent() {
            create_private_dir(folder).map_err(io)?;
        }
        let line = format!(
            "# Key-encryption key of the receipt signing keys. Keep a copy apart from the database backups.\n{}\n",
            KeyEncryptionKeys::generate()
        );
        write_private(&path, line.as_bytes()).map_err(io)?;
        tracing::warn!(
            path = %path.display(),
            "generated a key-encryption key in the data folder; in production keep it outside (PORTAL_KEY_ENCRYPTION_KEY_FILE) and back it up apart from the database"
        );
    }
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(&path).map_err(io)?);
    Ok(KeyEncryptionKeys::parse(&text)?)
}

/// File of the key that signs access tokens, sealed under the key-encryption key.
pub const ACCESS_TOKEN_KEY_FILE: &str = "access-token-ed25519.sealed";
/// Where earlier versions kept it in the clear: sealed and removed at start-up.
pub const LEGACY_ACCESS_TOKEN_KEY_FILE: &str = "signing-ed25519.pem";
/// What the sealed access-token key is bound to.
const ACCESS_TOKEN_KEY_CONTEXT: &str = "access-token-key";
/// File of the key that signed pre-registration receipts before the keys moved to the
/// database: imported as the first stored key so that its receipts keep verifying.
pub const LEGACY_RECEIPT_KEY_FILE: &str = "receipt-ed25519.pem";

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

/// The errors of reading or writing the key file at `path`: (I/O, format).
fn file_errors(
    path: &Path,
) -> (
    impl Fn(std::io::Error) -> KeyError + Copy + '_,
    impl Fn(String) -> KeyError + Copy + '_,
) {
    (
        move |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        },
        move |message| KeyError::Format {
            path: path.display().to_string(),
            message,
        },
    )
}

/// Loads `<data>/keys/<file_name>`, creating it first if missing.
pub fn load_or_generate(data_dir: &Path, file_name: &str) -> Result<SigningKeys, KeyError> {
    let folder = data_dir.join("keys");
    let path = folder.join(file_name);
    let (io, format) = file_errors(&path);
    let key = if path.exists() {
        let pem = std::fs::read_to_string(&path).map_err(io)?;
        SigningKey::from_pkcs8_pem(&pem).map_err(|e| format(e.to_string()))?
    } else {
        create_private_dir(&folder).map_err(io)?;
        let key = new_key();
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| format(e.to_string()))?;
        write_private(&path, pem.as_bytes()).map_err(io)?;
        tracing::info!(path = %path.display(), "generated a new signing key");
        key
    };
    key_pair(key).map_err(format)
}

/// The access-token key pair: `<data>/keys/access-token-ed25519.sealed`, sealed under
/// `keks`; made from the plain file of an earlier version (then removed) or generated.
pub fn access_token_keys(
    data_dir: &Path,
    keks: &KeyEncryptionKeys,
) -> Result<SigningKeys, KeyError> {
    sealed_key_file(
        data_dir,
        keks,
        &ACCESS_TOKEN_KEY,
        Some(LEGACY_ACCESS_TOKEN_KEY_FILE),
    )
}

/// The trust root that signs the verification snapshots officers' devices keep:
/// `<data>/keys/trust-root-ed25519.sealed`, sealed under `keks`, generated the first time.
/// Its public half is what the staff page pins.
pub fn trust_root_keys(data_dir: &Path, keks: &KeyEncryptionKeys) -> Result<SigningKeys, KeyError> {
    sealed_key_file(data_dir, keks, &TRUST_ROOT_KEY, None)
}

/// A key kept in a file of its own under `<data>/keys`, sealed under the key-encryption key.
struct SealedKeyFile {
    file_name: &'static str,
    /// What the sealed key is bound to.
    context: &'static str,
    what: &'static str,
}

const ACCESS_TOKEN_KEY: SealedKeyFile = SealedKeyFile {
    file_name: ACCESS_TOKEN_KEY_FILE,
    context: ACCESS_TOKEN_KEY_CONTEXT,
    what: "access-token signing key",
};

/// File of the trust root, sealed under the key-encryption key.
pub const TRUST_ROOT_KEY_FILE: &str = "trust-root-ed25519.sealed";

const TRUST_ROOT_KEY: SealedKeyFile = SealedKeyFile {
    file_name: TRUST_ROOT_KEY_FILE,
    context: "trust-root-key",
    what: "trust root (verification snapshots)",
};

/// Loads the sealed key file `file`; made from the plain file `legacy` of an earlier
/// version (then removed) or generated when missing.
fn sealed_key_file(
    data_dir: &Path,
    keks: &KeyEncryptionKeys,
    file: &SealedKeyFile,
    legacy: Option<&str>,
) -> Result<SigningKeys, KeyError> {
    let folder = data_dir.join("keys");
    let path = folder.join(file.file_name);
    let legacy = legacy.map(|name| (name, folder.join(name)));
    let (io, format) = file_errors(&path);
    let key = if path.exists() {
        let sealed = std::fs::read_to_string(&path).map_err(io)?;
        let der = keks.open(sealed.trim(), file.context)?;
        SigningKey::from_pkcs8_der(&der).map_err(|e| format(e.to_string()))?
    } else {
        let key = match &legacy {
            Some((name, legacy)) if legacy.exists() => {
                let key = load_or_generate(data_dir, name)?.key;
                tracing::warn!(path = %legacy.display(), "sealing the {} an earlier version kept in the clear", file.what);
                key
            }
            _ => {
                tracing::info!(path = %path.display(), "generated a new {}", file.what);
                new_key()
            }
        };
        create_private_dir(&folder).map_err(io)?;
        let der = key.to_pkcs8_der().map_err(|e| format(e.to_string()))?;
        let sealed = keks.seal(der.as_bytes(), file.context)?;
        write_private(&path, sealed.as_bytes()).map_err(io)?;
        if let Some((_, legacy)) = legacy.filter(|(_, legacy)| legacy.exists()) {
            std::fs::remove_file(&legacy).map_err(io)?;
        }
        key
    };
    key_pair(key).map_err(format)
}

/// The key with its PEM texts.
fn key_pair(key: SigningKey) -> Result<SigningKeys, String> {
    let private_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?
        .to_string();
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?;
    Ok(SigningKeys {
        private_pem,
        public_pem,
        key,
    })
}

fn new_key() -> SigningKey {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    SigningKey::from_bytes(&secret)
}

fn stored(
    key: &SigningKey,
    keks: &KeyEncryptionKeys,
    now: DateTime<Utc>,
) -> Result<StoredKey, String> {
    let key_id = portal_receipt_token::key_id(&key.verifying_key());
    let der = key.to_pkcs8_der().map_err(|e| e.to_string())?;
    Ok(StoredKey {
        private_key_sealed: keks
            .seal(der.as_bytes(), &signer::sealing_context(&key_id))
            .map_err(|e| e.to_string())?,
        key_id,
        public_key: portal_receipt_token::public_key(&key.verifying_key()).x,
        created_at: now,
        retired_at: None,
    })
}

/// Seals the receipt keys an earlier version stored as plain PEM (at start-up, before
/// the server signs anything).
pub async fn seal_plain_keys<C: ConnectionTrait>(
    db: &C,
    keks: &KeyEncryptionKeys,
) -> Result<usize, KeyError> {
    let mut sealed = 0;
    for stored in receipt_keys::all(db).await? {
        if sealing::is_sealed(&stored.private_key_sealed) {
            continue;
        }
        let format = |message: String| KeyError::Format {
            path: format!("receipt key {}", stored.key_id),
            message,
        };
        let key = SigningKey::from_pkcs8_pem(&stored.private_key_sealed)
            .map_err(|e| format(e.to_string()))?;
        let der = key.to_pkcs8_der().map_err(|e| format(e.to_string()))?;
        let value = keks.seal(der.as_bytes(), &signer::sealing_context(&stored.key_id))?;
        if receipt_keys::replace_sealed(db, &stored.key_id, &stored.private_key_sealed, value)
            .await?
        {
            sealed += 1;
        }
    }
    if sealed > 0 {
        tracing::warn!(sealed, "sealed receipt keys that were stored in the clear");
    }
    Ok(sealed)
}

/// Re-wraps every receipt key under the current key-encryption key; the older ones can
/// then be removed from the configuration.
async fn rewrap_keys<C: ConnectionTrait>(
    db: &C,
    keks: &KeyEncryptionKeys,
) -> Result<usize, String> {
    let mut rewrapped = 0;
    for stored in receipt_keys::all(db).await.map_err(|e| e.to_string())? {
        let context = signer::sealing_context(&stored.key_id);
        let value = keks
            .rewrap(&stored.private_key_sealed, &context)
            .map_err(|e| format!("{}: {e}", stored.key_id))?;
        if let Some(value) = value {
            receipt_keys::replace_sealed(db, &stored.key_id, &stored.private_key_sealed, value)
                .await
                .map_err(|e| e.to_string())?;
            rewrapped += 1;
        }
    }
    for factor in portal_persistence::second_factors::all(db)
        .await
        .map_err(|e| e.to_string())?
    {
        let context = second_factor_context(factor.account_id);
        let value = keks
            .rewrap(&factor.secret_sealed, &context)
            .map_err(|e| format!("authenticator of {}: {e}", factor.account_id))?;
        if let Some(value) = value {
            portal_persistence::second_factors::update_sealed(db, factor.account_id, value)
                .await
                .map_err(|e| e.to_string())?;
            rewrapped += 1;
        }
    }
    Ok(rewrapped)
}

/// What the sealed TOTP secret of a staff account is bound to: a sealed secret copied to
/// another account's row does not open.
pub fn second_factor_context(account_id: uuid::Uuid) -> String {
    format!("totp-secret:{account_id}")
}

/// Makes sure a receipt key exists: the legacy key file's when there is one, a new one
/// otherwise.
pub async fn ensure_receipt_key<C: ConnectionTrait>(
    db: &C,
    data_dir: &Path,
    keks: &KeyEncryptionKeys,
    now: DateTime<Utc>,
) -> Result<(), KeyError> {
    seal_plain_keys(db, keks).await?;
    if !receipt_keys::active(db).await?.is_empty() {
        return Ok(());
    }
    let legacy = data_dir.join("keys").join(LEGACY_RECEIPT_KEY_FILE);
    let key = if legacy.exists() {
        load_or_generate(data_dir, LEGACY_RECEIPT_KEY_FILE)?.key
    } else {
        new_key()
    };
    let stored = stored(&key, keks, now).map_err(|message| KeyError::Format {
        path: "receipt key".to_owned(),
        message,
    })?;
    tracing::info!(key_id = %stored.key_id, "stored the first receipt signing key");
    receipt_keys::insert(db, stored).await?;
    Ok(())
}

/// The keys that verify receipts: every key not retired, from the stored public keys
/// (the private halves are not opened to publish them).
pub async fn published_receipt_keys<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<PublicKey>, ApiError> {
    receipt_keys::active(db)
        .await?
        .iter()
        .map(|stored| {
            portal_receipt_token::public_key_from_x(&stored.public_key).ok_or_else(|| {
                ApiError::internal(format!("receipt key {}: bad public key", stored.key_id))
            })
        })
        .collect()
}

/// `portal keys …`: list, rotate (a new signing key) and retire the receipt keys;
/// re-wrap them under a new key-encryption key; print a new key-encryption key.
pub async fn keys_command(
    db: &DatabaseConnection,
    keks: &KeyEncryptionKeys,
    data_dir: &Path,
    args: &[&str],
) -> Result<String, String> {
    let now = Utc::now();
    match args {
        ["generate-kek"] => Ok(KeyEncryptionKeys::generate()),
        ["rewrap"] => {
            let rewrapped = rewrap_keys(db, keks).await? + rewrap_key_files(data_dir, keks)?;
            tracing::info!(
                rewrapped,
                kek = keks.current_id(),
                "receipt keys re-wrapped"
            );
            crate::audit_trail::record_command(
                db,
                portal_shared::officers::AuditAction::KeysRewrapped,
                "keys rewrap",
                Some(format!("key-encryption key {}", keks.current_id())),
            )
            .await?;
            Ok(format!(
                "{rewrapped} keys re-wrapped (receipt keys, staff authenticator secrets, the access-token key and the trust root); every key is now sealed under key-encryption key {}: the older key-encryption keys can be removed",
                keks.current_id()
            ))
        }
        ["list"] | [] => {
            let keys = receipt_keys::all(db).await.map_err(|e| e.to_string())?;
            let signing = keys
                .iter()
                .find(|k| k.retired_at.is_none())
                .map(|k| k.key_id.clone());
            Ok(keys
                .iter()
                .map(|k| {
                    let state = match k.retired_at {
                        Some(at) => format!("retired {}", at.format("%Y-%m-%d %H:%M UTC")),
                        None if Some(&k.key_id) == signing.as_ref() => "signing".to_owned(),
                        None => "verifying".to_owned(),
                    };
                    format!(
                        "{}  created {}  {state}",
                        k.key_id,
                        k.created_at.format("%Y-%m-%d %H:%M UTC")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        ["rotate"] => {
            let stored = stored(&new_key(), keks, now)?;
            let key_id = stored.key_id.clone();
            receipt_keys::insert(db, stored)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(%key_id, "receipt signing key rotated");
            crate::audit_trail::record_command(
                db,
                portal_shared::officers::AuditAction::KeyRotated,
                "keys rotate",
                Some(key_id.clone()),
            )
            .await?;
            Ok(format!(
                "{key_id} now signs new receipts; the older keys keep verifying until retired"
            ))
        }
        ["retire", key_id] => {
            let active = receipt_keys::active(db).await.map_err(|e| e.to_string())?;
            if active.first().is_some_and(|k| k.key_id == *key_id) {
                return Err(format!(
                    "{key_id} is the key signing new receipts: rotate first (portal keys rotate)"
                ));
            }
            if !receipt_keys::retire(db, key_id, now)
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("no active receipt key {key_id} (portal keys list)"));
            }
            tracing::info!(%key_id, "receipt key retired");
            crate::audit_trail::record_command(
                db,
                portal_shared::officers::AuditAction::KeyRetired,
                &format!("keys retire {key_id}"),
                Some((*key_id).to_owned()),
            )
            .await?;
            Ok(format!(
                "{key_id} retired: receipts signed with it no longer verify"
            ))
        }
        _ => Err(KEYS_USAGE.to_owned()),
    }
}

pub const KEYS_USAGE: &str =
    "Usage: portal keys [list | rotate | retire KEY_ID | generate-kek | rewrap]

  list            the receipt signing keys: the one signing, those still verifying, the retired
  rotate          a new key signs new receipts; the older ones keep verifying
  retire KEY_ID   receipts signed with KEY_ID stop verifying (not the signing key)
  generate-kek    print a new key-encryption key (for PORTAL_KEY_ENCRYPTION_KEY_FILE)
  rewrap          seal every receipt key, staff authenticator secret, the access-token key and the trust root under the first configured key-encryption key";

/// Re-seals the key files (access-token key, trust root) under the current
/// key-encryption key (each written beside itself, then moved over it); how many were
/// re-sealed.
fn rewrap_key_files(data_dir: &Path, keks: &KeyEncryptionKeys) -> Result<usize, String> {
    let mut rewrapped = 0;
    for file in [&ACCESS_TOKEN_KEY, &TRUST_ROOT_KEY] {
        let path = data_dir.join("keys").join(file.file_name);
        if !path.exists() {
            continue;
        }
        let sealed =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(resealed) = keks
            .rewrap(sealed.trim(), file.context)
            .map_err(|e| format!("{}: {e}", path.display()))?
        else {
            continue;
        };
        let next = path.with_extension("sealed.next");
        let _ = std::fs::remove_file(&next);
        write_private(&next, resealed.as_bytes())
            .map_err(|e| format!("{}: {e}", next.display()))?;
        std::fs::rename(&next, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        rewrapped += 1;
    }
    Ok(rewrapped)
}

/// Creates `folder` (and its parents) readable by the owner only.
pub fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(folder)
    }
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
        let first = load_or_generate(&dir, LEGACY_RECEIPT_KEY_FILE)
            .map(|k| k.public_pem)
            .ok();
        let second = load_or_generate(&dir, LEGACY_RECEIPT_KEY_FILE)
            .map(|k| k.public_pem)
            .ok();
        assert!(first.is_some());
        assert_eq!(first, second);
        let keks = KeyEncryptionKeys::parse(&KeyEncryptionKeys::generate()).ok();
        let keks = keks.as_ref();
        let other = keks
            .and_then(|k| access_token_keys(&dir, k).ok())
            .map(|k| k.public_pem);
        assert!(other.is_some());
        assert_ne!(first, other, "each purpose has its own key");
        let again = keks
            .and_then(|k| access_token_keys(&dir, k).ok())
            .map(|k| k.public_pem);
        assert_eq!(other, again, "the sealed access-token key is reused");
        let sealed = std::fs::read_to_string(dir.join("keys").join(ACCESS_TOKEN_KEY_FILE))
            .unwrap_or_default();
        assert!(sealed.starts_with("v1.") && !sealed.contains("PRIVATE KEY"));
    }
}
