//! The keys that sign receipt QR tokens. Kept in the database so that every instance
//! signs with the same key and sees a rotation at once; the newest key not retired signs,
//! and every key not retired is published for verification.

use crate::PersistenceError;
use crate::entities::receipt_signing_key;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

/// A stored key.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub key_id: String,
    /// The private key, sealed (never in the clear once the server has started).
    pub private_key_sealed: String,
    /// The 32-byte public key, base64url.
    pub public_key: String,
    pub created_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredKey")
            .field("key_id", &self.key_id)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

fn from_model(m: receipt_signing_key::Model) -> StoredKey {
    StoredKey {
        key_id: m.key_id,
        private_key_sealed: m.private_key_sealed,
        public_key: m.public_key,
        created_at: m.created_at,
        retired_at: m.retired_at,
    }
}

pub async fn insert<C: ConnectionTrait>(db: &C, key: StoredKey) -> Result<(), PersistenceError> {
    receipt_signing_key::Entity::insert(receipt_signing_key::ActiveModel {
        key_id: Set(key.key_id),
        private_key_sealed: Set(key.private_key_sealed),
        public_key: Set(key.public_key),
        created_at: Set(key.created_at),
        retired_at: Set(key.retired_at),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "key id"))?;
    Ok(())
}

/// Keys not retired, newest (the signing one) first.
pub async fn active<C: ConnectionTrait>(db: &C) -> Result<Vec<StoredKey>, PersistenceError> {
    Ok(receipt_signing_key::Entity::find()
        .filter(receipt_signing_key::Column::RetiredAt.is_null())
        .order_by_desc(receipt_signing_key::Column::CreatedAt)
        .order_by_desc(receipt_signing_key::Column::KeyId)
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect())
}

/// Every key, retired ones included, newest first.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<StoredKey>, PersistenceError> {
    Ok(receipt_signing_key::Entity::find()
        .order_by_desc(receipt_signing_key::Column::CreatedAt)
        .order_by_desc(receipt_signing_key::Column::KeyId)
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect())
}

/// Retires `key_id`; `false` when no such key is active.
pub async fn retire<C: ConnectionTrait>(
    db: &C,
    key_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let result = receipt_signing_key::Entity::update_many()
        .col_expr(receipt_signing_key::Column::RetiredAt, Some(now).into())
        .filter(receipt_signing_key::Column::KeyId.eq(key_id))
        .filter(receipt_signing_key::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// One key, retired or not.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    key_id: &str,
) -> Result<Option<StoredKey>, PersistenceError> {
    Ok(receipt_signing_key::Entity::find_by_id(key_id.to_owned())
        .one(db)
        .await?
        .map(from_model))
}

/// Replaces the sealed private key of `key_id` (sealing a plain key, re-wrapping under a
/// new key-encryption key) when it still holds `previous`.
pub async fn replace_sealed<C: ConnectionTrait>(
    db: &C,
    key_id: &str,
    previous: &str,
    sealed: String,
) -> Result<bool, PersistenceError> {
    let result = receipt_signing_key::Entity::update_many()
        .col_expr(receipt_signing_key::Column::PrivateKeySealed, sealed.into())
        .filter(receipt_signing_key::Column::KeyId.eq(key_id))
        .filter(receipt_signing_key::Column::PrivateKeySealed.eq(previous))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
