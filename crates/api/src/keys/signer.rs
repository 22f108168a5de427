//! The port through which signed tokens (receipts now; appointments and certificates
//! next) get their signatures. The portal's own implementation keeps the private keys in
//! the database, sealed under the key-encryption key, and opens one only for the moment
//! it signs; a KMS or HSM can take its place by implementing [`Signer`].

use super::sealing::{KeyEncryptionKeys, SealError};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use portal_persistence::DatabaseConnection;
use portal_persistence::receipt_keys;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    #[error("no signing key is active")]
    NoActiveKey,
    #[error("signing key {0} does not exist or is retired")]
    UnknownKey(String),
    #[error("signing key {key_id}: {source}")]
    Sealed { key_id: String, source: SealError },
    #[error("signing key {0} is not a PKCS#8 Ed25519 key")]
    Format(String),
    #[error(transparent)]
    Storage(#[from] portal_persistence::PersistenceError),
}

/// Signs with Ed25519 keys it holds; callers see key ids and signatures only.
#[async_trait::async_trait]
pub trait Signer: Send + Sync {
    /// The id of the key that signs new tokens now.
    async fn current_key_id(&self) -> Result<String, SignerError>;
    /// The signature of `message` by the active key `key_id`.
    async fn sign(&self, key_id: &str, message: &[u8]) -> Result<[u8; 64], SignerError>;
}

/// The row context a sealed receipt key is bound to.
pub(crate) fn sealing_context(key_id: &str) -> String {
    format!("receipt-key:{key_id}")
}

/// Receipt keys in the `receipt_signing_keys` table, sealed under `keks`.
pub struct DatabaseSigner {
    db: DatabaseConnection,
    keks: Arc<KeyEncryptionKeys>,
}

impl DatabaseSigner {
    pub fn new(db: DatabaseConnection, keks: Arc<KeyEncryptionKeys>) -> Self {
        Self { db, keks }
    }
}

/// Opens a stored sealed key.
pub fn open_key(
    keks: &KeyEncryptionKeys,
    key_id: &str,
    sealed: &str,
) -> Result<SigningKey, SignerError> {
    let der = keks
        .open(sealed, &sealing_context(key_id))
        .map_err(|source| SignerError::Sealed {
            key_id: key_id.to_owned(),
            source,
        })?;
    SigningKey::from_pkcs8_der(&der).map_err(|_| SignerError::Format(key_id.to_owned()))
}

#[async_trait::async_trait]
impl Signer for DatabaseSigner {
    async fn current_key_id(&self) -> Result<String, SignerError> {
        receipt_keys::active(&self.db)
            .await?
            .first()
            .map(|key| key.key_id.clone())
            .ok_or(SignerError::NoActiveKey)
    }

    async fn sign(&self, key_id: &str, message: &[u8]) -> Result<[u8; 64], SignerError> {
        let stored = receipt_keys::find(&self.db, key_id)
            .await?
            .filter(|key| key.retired_at.is_none())
            .ok_or_else(|| SignerError::UnknownKey(key_id.to_owned()))?;
        let key = open_key(&self.keks, key_id, &stored.private_key_sealed)?;
        Ok(ed25519_dalek::Signer::sign(&key, message).to_bytes())
    }
}

/// A receipt token for `claims`, signed by the key signing now.
pub async fn sign_receipt(
    signer: &dyn Signer,
    claims: &portal_shared::receipts::ReceiptClaims,
) -> Result<String, SignerError> {
    let key_id = signer.current_key_id().await?;
    let input = portal_receipt_token::signing_input(claims, &key_id);
    let signature = signer.sign(&key_id, input.as_bytes()).await?;
    Ok(portal_receipt_token::assemble(&input, &signature))
}

/// An appointment confirmation token for `claims`, signed by the key signing now.
pub async fn sign_appointment(
    signer: &dyn Signer,
    claims: &portal_shared::citas::AppointmentClaims,
) -> Result<String, SignerError> {
    let key_id = signer.current_key_id().await?;
    let input = portal_receipt_token::appointment_signing_input(claims, &key_id);
    let signature = signer.sign(&key_id, input.as_bytes()).await?;
    Ok(portal_receipt_token::assemble(&input, &signature))
}
