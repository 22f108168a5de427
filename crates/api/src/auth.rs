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
use uuid::Uuid;

const ISSUER: &str = "portal-de-servicios";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    /// Account id.
    sub: String,
    /// Session id: revoking the session invalidates the token at once.
    sid: String,
    role: String,
    iat: i64,
    exp: i64,
}

/// Signs and checks access tokens.
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    lifetime_minutes: i64,
}

impl TokenIssuer {
    pub fn new(
        keys: &SigningKeys,
        lifetime_minutes: i64,
    ) -> Result<Self, jsonwebtoken::errors::Error> {
        Ok(Self {
            encoding: EncodingKey::from_ed_pem(keys.private_pem.as_bytes())?,
            decoding: DecodingKey::from_ed_pem(keys.public_pem.as_bytes())?,
            lifetime_minutes,
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
            iat: now,
            exp: now + self.lifetime_minutes * 60,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The account and session a token names, when its signature and lifetime hold.
    fn verify(&self, token: &str) -> Option<CurrentAccount> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 5;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?;
        Some(CurrentAccount {
            account_id: data.claims.sub.parse().ok()?,
            session_id: data.claims.sid.parse().ok()?,
            role: Role::parse(&data.claims.role)?,
        })
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

impl FromRequest for CurrentAccount {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = token.ok_or(ApiError::Unauthorized)?;
            let current = state.tokens.verify(&token).ok_or(ApiError::Unauthorized)?;
            match portal_persistence::sessions::active_session_account(
                &state.db,
                current.session_id,
            )
            .await?
            {
                Some(owner) if owner == current.account_id => Ok(current),
                _ => Err(ApiError::Unauthorized),
            }
        })
    }
}

/// A valid access token whose session has NOT been checked yet: for a handler that checks
/// the session in the same statement as its own reads (the Pre-Registro submission), and
/// must call [`SignedAccount::confirm`] when that statement finds nothing.
#[derive(Debug, Clone, Copy)]
pub struct SignedAccount(CurrentAccount);

impl SignedAccount {
    /// The token's claims, to be used only in a query that also requires the session to
    /// be open.
    pub fn unconfirmed(&self) -> CurrentAccount {
        self.0
    }

    /// Checks the session on its own: 401 when it was closed.
    pub async fn confirm(&self, state: &AppState) -> Result<CurrentAccount, ApiError> {
        match portal_persistence::sessions::active_session_account(&state.db, self.0.session_id)
            .await?
        {
            Some(owner) if owner == self.0.account_id => Ok(self.0),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

impl FromRequest for SignedAccount {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let signed = (|| {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix("Bearer "))
                .ok_or(ApiError::Unauthorized)?;
            state
                .tokens
                .verify(token)
                .map(SignedAccount)
                .ok_or(ApiError::Unauthorized)
        })();
        std::future::ready(signed)
    }
}
