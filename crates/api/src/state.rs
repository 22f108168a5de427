//! What every handler can reach.

use crate::auth::TokenIssuer;
use crate::config::Settings;
use portal_mailer::Branding;
use portal_persistence::DatabaseConnection;
use std::sync::Arc;

pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub tokens: TokenIssuer,
    pub branding: Branding,
    /// PEM of the public key that verifies access tokens.
    pub public_key_pem: String,
    /// Passport photos and pre-registration attachments.
    pub files: crate::storage::FileStore,
    /// Signs receipt tokens (the private keys stay behind it).
    pub signer: Arc<dyn crate::keys::signer::Signer>,
    /// Seals the secrets kept in the database (the staff's TOTP secrets).
    pub keks: Arc<crate::keys::sealing::KeyEncryptionKeys>,
    /// Where "now" comes from.
    pub clock: Arc<dyn crate::clock::Clock>,
    /// Signs the verification snapshots officers' devices keep; the staff page pins its
    /// public half.
    pub trust_root: Arc<ed25519_dalek::SigningKey>,
    /// Citas times this instance found full a moment ago.
    pub citas_full_slots: crate::routes::citas::full_slots::FullSlots,
}
