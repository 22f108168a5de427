//! What the QR of an approved pre-registration carries, and the keys that verify it.
//!
//! The QR holds a JWS compact token (RFC 7515) signed with EdDSA over Ed25519 (RFC 8037).
//! Its claims use one-letter names so that the QR stays small enough to scan from a
//! phone screen; every field a migration officer needs to recognise the traveler and the
//! trip is inside, so the token can be checked with no network.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The signed content of a pre-registration receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReceiptClaims {
    /// Pre-registration id.
    #[serde(rename = "i")]
    pub preregistration_id: String,
    /// Revision of the receipt: a flight change issues a new one and the older ones are
    /// no longer valid.
    #[serde(rename = "r")]
    pub revision: u32,
    /// Travel document number.
    #[serde(rename = "d")]
    pub document_number: String,
    /// Nationality (ICAO three-letter code).
    #[serde(rename = "n")]
    pub nationality: String,
    #[serde(rename = "s")]
    pub surnames: String,
    #[serde(rename = "g")]
    pub given_names: String,
    #[serde(rename = "b")]
    pub birth_date: NaiveDate,
    #[serde(rename = "a")]
    pub arrival_date: NaiveDate,
    #[serde(rename = "e")]
    pub departure_date: NaiveDate,
    /// Port of entry code (catalog `entry_points`).
    #[serde(rename = "p")]
    pub entry_point: String,
    /// Airline code or vessel name.
    #[serde(rename = "c")]
    pub carrier: String,
    /// Flight number (air only; empty otherwise).
    #[serde(rename = "f")]
    pub flight_number: String,
    /// When the receipt was issued, seconds since 1970-01-01 UTC.
    #[serde(rename = "t")]
    pub issued_at: i64,
}

/// One public key, as a JSON Web Key (RFC 8037: `kty` OKP, `crv` Ed25519).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PublicKey {
    /// Key id, as in the `kid` header of the tokens it verifies.
    pub kid: String,
    pub kty: KeyType,
    pub crv: Curve,
    pub alg: Algorithm,
    /// What the key verifies.
    #[serde(rename = "use")]
    pub key_use: KeyUse,
    /// The 32-byte public key, base64url without padding.
    pub x: String,
}

/// The keys that verify the portal's signed receipts (a JSON Web Key Set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PublicKeys {
    pub keys: Vec<PublicKey>,
}

crate::wire_code! {
    /// JWK key type (RFC 8037).
    pub enum KeyType {
        /// Octet key pair.
        Okp = "OKP",
    }
}

crate::wire_code! {
    /// JWK curve (RFC 8037).
    pub enum Curve {
        Ed25519 = "Ed25519",
    }
}

crate::wire_code! {
    /// JWS algorithm (RFC 8037).
    pub enum Algorithm {
        EdDsa = "EdDSA",
    }
}

crate::wire_code! {
    /// What a published key verifies.
    pub enum KeyUse {
        /// Pre-registration receipts (QR codes).
        Receipt = "receipt",
        /// The verification snapshots officers' devices keep (the trust root).
        Snapshot = "snapshot",
    }
}
