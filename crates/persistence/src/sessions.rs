//! Login sessions and their rotating refresh tokens (one family per session).

use crate::PersistenceError;
use crate::entities::{refresh_token, session};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeReason {
    Logout,
    RefreshTokenReused,
    PasswordChanged,
    PasswordReset,
    /// A staff session past its 12 hours.
    Ended,
    /// The operator disabled the account.
    AccountDisabled,
    /// The operator reset the account's second factor.
    SecondFactorReset,
}

impl RevokeReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Logout => "logout",
            Self::RefreshTokenReused => "refresh_token_reused",
            Self::PasswordChanged => "password_changed",
            Self::PasswordReset => "password_reset",
            Self::Ended => "ended",
            Self::AccountDisabled => "account_disabled",
            Self::SecondFactorReset => "second_factor_reset",
        }
    }
}

/// A refresh token as found by its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    pub id: Uuid,
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
    /// When it was used, if it was.
    pub used_at: Option<DateTime<Utc>>,
    pub session_revoked: bool,
    /// When the session's login was.
    pub session_started_at: DateTime<Utc>,
}

/// Starts a session with its first refresh token.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    refresh_digest: String,
    refresh_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Uuid, PersistenceError> {
    let session_id = Uuid::new_v4();
    session::Entity::insert(session::ActiveModel {
        id: Set(session_id),
        account_id: Set(account_id),
        created_at: Set(now),
        revoked_at: Set(None),
        revoked_reason: Set(None),
    })
    .exec(db)
    .await?;
    add_refresh_token(db, session_id, refresh_digest, refresh_expires_at, now).await?;
    Ok(session_id)
}

pub async fn add_refresh_token<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
    digest: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        session_id: Set(session_id),
        token_digest: Set(digest),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "token"))?;
    Ok(())
}

pub async fn find_refresh_token<C: ConnectionTrait>(
    db: &C,
    digest: &str,
) -> Result<Option<RefreshTokenRecord>, PersistenceError> {
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenDigest.eq(digest))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(session) = session::Entity::find_by_id(token.session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(RefreshTokenRecord {
        id: token.id,
        session_id: token.session_id,
        account_id: session.account_id,
        expires_at: token.expires_at,
        used: token.used_at.is_some(),
        used_at: token.used_at,
        session_revoked: session.revoked_at.is_some(),
        session_started_at: session.created_at,
    }))
}

/// Marks a refresh token used; false when another request used it first.
pub async fn mark_refresh_token_used<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let updated = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// The owner of a session that has not been revoked.
pub async fn active_session_account<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
) -> Result<Option<Uuid>, PersistenceError> {
    Ok(session::Entity::find_by_id(session_id)
        .filter(session::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .map(|s| s.account_id))
}

pub async fn revoke<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live session of an account except `keep`.
pub async fn revoke_all_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    keep: Option<Uuid>,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    let mut update = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(session::Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}
