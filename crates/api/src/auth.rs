//! Access tokens (EdDSA JWT, at most 15 minutes) and the `CurrentAccount` extractor.

use crate::error::ApiError;
use crate::keys::SigningKeys;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::Utc;
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use portal_domain::account::Role;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use uuid::Uuid;

const ISSUER: &str = "portal-de-servicios";
/// Who the access tokens are for: this API and nothing else.
const AUDIENCE: &str = "portal-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    /// Account id.
    sub: String,
    /// Session id: revoking the session invalidates the token at once.
    sid: String,
    role: String,
    aud: String,
    iat: i64,
    nbf: i64,
    exp: i64,
}

/// Seconds of clock difference tolerated on `nbf` and `exp`.
const LEEWAY_SECONDS: i64 = 5;
/// How many verified tokens are remembered (a few hundred bytes each).
const VERIFIED_TOKENS_KEPT: usize = 4096;

/// Signs and checks access tokens.
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Named in every token's header; a token naming another key is refused before any
    /// signature check.
    key_id: String,
    lifetime_minutes: i64,
    verified: VerifiedTokens,
}

/// Tokens whose signature already held, so that a client's next requests skip the
/// Ed25519 verification (a tenth of the CPU of a history read). Only the exact token text
/// is looked up, and its lifetime is checked again at every use.
#[derive(Default)]
struct VerifiedTokens {
    entries: Mutex<HashMap<String, Verified>>,
}

#[derive(Clone, Copy)]
struct Verified {
    current: CurrentAccount,
    not_before: i64,
    expires: i64,
}

impl Verified {
    fn valid_at(&self, now: i64) -> bool {
        self.not_before <= now + LEEWAY_SECONDS && self.expires >= now - LEEWAY_SECONDS
    }
}

impl VerifiedTokens {
    fn lookup(&self, token: &str, now: i64) -> Option<CurrentAccount> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(token)
            .filter(|hit| hit.valid_at(now))
            .map(|hit| hit.current)
    }

    fn remember(&self, token: &str, verified: Verified, now: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= VERIFIED_TOKENS_KEPT {
            entries.retain(|_, kept| kept.valid_at(now));
            if entries.len() >= VERIFIED_TOKENS_KEPT {
                entries.clear();
            }
        }
        entries.insert(token.to_owned(), verified);
    }
}

impl TokenIssuer {
    pub fn new(
        keys: &SigningKeys,
        lifetime_minutes: i64,
    ) -> Result<Self, jsonwebtoken::errors::Error> {
        Ok(Self {
            encoding: EncodingKey::from_ed_pem(keys.private_pem.as_bytes())?,
            decoding: DecodingKey::from_ed_pem(keys.public_pem.as_bytes())?,
            key_id: portal_receipt_token::key_id(&keys.key.verifying_key()),
            lifetime_minutes,
            verified: VerifiedTokens::default(),
        })
    }

    pub fn lifetime_seconds(&self) -> u64 {
        u64::try_from(self.lifetime_minutes * 60).unwrap_or(900)
    }

    pub fn issue(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        role: Role,
    ) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            sub: account_id.to_string(),
            sid: session_id.to_string(),
            role: role.as_str().to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            nbf: now,
            exp: now + self.lifetime_minutes * 60,
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.key_id.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// The account and session a token names, when its signature and lifetime hold.
    fn verify(&self, token: &str) -> Option<CurrentAccount> {
        let now = Utc::now().timestamp();
        if let Some(current) = self.verified.lookup(token, now) {
            return Some(current);
        }
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::EdDSA || header.kid.as_deref() != Some(self.key_id.as_str()) {
            return None;
        }
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS.unsigned_abs();
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?;
        let current = CurrentAccount {
            account_id: data.claims.sub.parse().ok()?,
            session_id: data.claims.sid.parse().ok()?,
            role: Role::parse(&data.claims.role)?,
        };
        let verified = Verified {
            current,
            not_before: data.claims.nbf,
            expires: data.claims.exp,
        };
        // The same rule as the library's: a token that just passed it but fails ours
        // (the clock moved) is not kept.
        if verified.valid_at(now) {
            self.verified.remember(token, verified, now);
        }
        Some(current)
    }
}

/// The account behind a valid access token whose session is still open.
#[derive(Debug, Clone, Copy)]
pub struct CurrentAccount {
    pub account_id: Uuid,
    pub session_id: Uuid,
    pub role: Role,
}

impl CurrentAccount {
    /// The stored account; one deleted meanwhile is a 401.
    pub async fn load(
        &self,
        state: &AppState,
    ) -> Result<portal_domain::account::Account, ApiError> {
        portal_persistence::accounts::find_by_id(&state.db, self.account_id)
            .await?
            .ok_or(ApiError::Unauthorized)
    }
}

/// The state and the signed claims of the request's bearer token, checked at once (no
/// I/O), so that a missing or forged token, or a wrong role, is refused before any other
/// extractor's error (a malformed body) can answer first.
fn signed_claims(req: &HttpRequest) -> Result<(web::Data<AppState>, CurrentAccount), ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized)?;
    let current = state.tokens.verify(token).ok_or(ApiError::Unauthorized)?;
    Ok((state, current))
}

/// The claims, once their session is confirmed open.
async fn with_open_session(
    state: web::Data<AppState>,
    current: CurrentAccount,
) -> Result<CurrentAccount, ApiError> {
    match portal_persistence::sessions::active_session_account(&state.db, current.session_id)
        .await?
    {
        Some(owner) if owner == current.account_id => Ok(current),
        _ => Err(ApiError::Unauthorized),
    }
}

/// The account of a request whose token holds one of `allowed` roles (403 otherwise).
fn account_with_role(
    req: &HttpRequest,
    allowed: &[Role],
) -> LocalBoxFuture<'static, Result<CurrentAccount, ApiError>> {
    match signed_claims(req) {
        Err(error) => Box::pin(std::future::ready(Err(error))),
        Ok((_, current)) if !allowed.contains(&current.role) => {
            Box::pin(std::future::ready(Err(ApiError::Forbidden)))
        }
        Ok((state, current)) => Box::pin(with_open_session(state, current)),
    }
}

impl FromRequest for CurrentAccount {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        account_with_role(req, &[Role::Traveler, Role::Officer, Role::Operator])
    }
}

/// Defines an extractor for accounts of the listed roles: any other role is 403.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $($role:path),+) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name(pub CurrentAccount);

        impl std::ops::Deref for $name {
            type Target = CurrentAccount;
            fn deref(&self) -> &CurrentAccount {
                &self.0
            }
        }

        impl FromRequest for $name {
            type Error = ApiError;
            type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

            fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
                let current = account_with_role(req, &[$($role),+]);
                Box::pin(async move { current.await.map(Self) })
            }
        }
    };
}

role_extractor!(
    /// A traveler: documents, pre-registrations, their own account.
    TravelerAccount,
    Role::Traveler
);
role_extractor!(
    /// A migration officer: inspections and entry decisions.
    OfficerAccount,
    Role::Officer
);
role_extractor!(
    /// An operator: the audit log.
    OperatorAccount,
    Role::Operator
);
role_extractor!(
    /// Staff (officer or operator): the revocation list.
    StaffAccount,
    Role::Officer,
    Role::Operator
);

/// A traveler's valid access token whose session has NOT been checked yet: for a handler
/// that checks the session in the same statement as its own reads (the Pre-Registro
/// submission, the history), and must refuse, or call [`SignedAccount::confirm`], when that
/// statement finds nothing.
#[derive(Debug, Clone, Copy)]
pub struct SignedAccount(CurrentAccount);

impl SignedAccount {
    /// The token's claims, to be used only in a query that also requires the session to
    /// be open.
    pub fn unconfirmed(&self) -> CurrentAccount {
        self.0
    }

    /// Checks the session on its own: 401 when it was closed.
    pub async fn confirm(&self, state: web::Data<AppState>) -> Result<CurrentAccount, ApiError> {
        with_open_session(state, self.0).await
    }
}

impl FromRequest for SignedAccount {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        // Only travelers submit and read a history; the role is in the signed token.
        std::future::ready(match signed_claims(req) {
            Ok((_, current)) if current.role == Role::Traveler => Ok(SignedAccount(current)),
            Ok(_) => Err(ApiError::Forbidden),
            Err(error) => Err(error),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn verified(not_before: i64, expires: i64) -> Verified {
        Verified {
            current: CurrentAccount {
                account_id: Uuid::new_v4(),
                session_id: Uuid::new_v4(),
                role: Role::Traveler,
            },
            not_before,
            expires,
        }
    }

    #[test]
    fn a_remembered_token_is_accepted_only_by_its_exact_text_and_within_its_lifetime() {
        let tokens = VerifiedTokens::default();
        let entry = verified(1_000, 1_900);
        tokens.remember("a.b.c", entry, 1_000);

        let hit = tokens.lookup("a.b.c", 1_500).expect("remembered");
        assert_eq!(hit.account_id, entry.current.account_id);
        assert!(tokens.lookup("a.b.d", 1_500).is_none(), "another text");
        assert!(tokens.lookup("a.b.c", 1_900 + LEEWAY_SECONDS).is_some());
        assert!(
            tokens.lookup("a.b.c", 1_901 + LEEWAY_SECONDS).is_none(),
            "expired"
        );
        assert!(tokens.lookup("a.b.c", 994).is_none(), "not yet valid");
    }

    #[test]
    fn the_remembered_tokens_stay_bounded_and_expired_ones_go_first() {
        let tokens = VerifiedTokens::default();
        for n in 0..VERIFIED_TOKENS_KEPT - 1 {
            tokens.remember(&format!("old.{n}"), verified(0, 100), 0);
        }
        tokens.remember("fresh", verified(0, 10_000), 0);
        tokens.remember("newest", verified(0, 10_000), 5_000);

        let kept = tokens.entries.lock().unwrap().len();
        assert_eq!(kept, 2, "the expired tokens were dropped to make room");
        assert!(tokens.lookup("fresh", 5_000).is_some());
        assert!(tokens.lookup("newest", 5_000).is_some());

        for n in 0..VERIFIED_TOKENS_KEPT * 2 {
            tokens.remember(&format!("live.{n}"), verified(0, 10_000), 5_000);
        }
        assert!(tokens.entries.lock().unwrap().len() <= VERIFIED_TOKENS_KEPT);
    }
}
