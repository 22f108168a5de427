use sea_orm::entity::prelude::*;

/// A key that signs receipt QR tokens; the newest one not retired signs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipt_signing_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_id: String,
    /// The PKCS#8 DER of the Ed25519 private key, sealed under the key-encryption key
    /// (see the api crate's `keys::sealing`); a plain PEM only until the server first
    /// starts after the upgrade that introduced sealing.
    pub private_key_sealed: String,
    /// The 32-byte public key, base64url.
    pub public_key: String,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
