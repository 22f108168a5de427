//! The staff's second factor: the TOTP secret (sealed by the caller), its recovery codes
//! and the login challenges between password and code. Every one-use rule is a
//! conditional update, so two requests with the same code cannot both pass.

use crate::PersistenceError;
use crate::entities::{login_challenge, staff_recovery_code, staff_second_factor};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

/// A staff member's TOTP secret as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecondFactor {
    pub account_id: Uuid,
    pub secret_sealed: String,
    /// The first code from the authenticator app was accepted.
    pub confirmed: bool,
    /// The time step of the last accepted code.
    pub last_used_step: Option<u64>,
}

pub async fn find<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Option<StoredSecondFactor>, PersistenceError> {
    Ok(staff_second_factor::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .map(stored))
}

fn stored(model: staff_second_factor::Model) -> StoredSecondFactor {
    StoredSecondFactor {
        account_id: model.account_id,
        secret_sealed: model.secret_sealed,
        confirmed: model.confirmed_at.is_some(),
        last_used_step: model.last_used_step.and_then(|s| u64::try_from(s).ok()),
    }
}

/// Every stored secret (to re-seal them under a new key-encryption key).
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<StoredSecondFactor>, PersistenceError> {
    Ok(staff_second_factor::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect())
}

pub async fn update_sealed<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    secret_sealed: String,
) -> Result<(), PersistenceError> {
    staff_second_factor::Entity::update_many()
        .col_expr(
            staff_second_factor::Column::SecretSealed,
            Expr::value(secret_sealed),
        )
        .filter(staff_second_factor::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores a new, unconfirmed secret in place of any unconfirmed one; false (and nothing
/// changed) when the account already has a confirmed one.
pub async fn start_enrollment<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    secret_sealed: String,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    staff_second_factor::Entity::delete_many()
        .filter(staff_second_factor::Column::AccountId.eq(account_id))
        .filter(staff_second_factor::Column::ConfirmedAt.is_null())
        .exec(db)
        .await?;
    let inserted = staff_second_factor::Entity::insert(staff_second_factor::ActiveModel {
        account_id: Set(account_id),
        secret_sealed: Set(secret_sealed),
        confirmed_at: Set(None),
        last_used_step: Set(None),
        created_at: Set(now),
    })
    .exec(db)
    .await;
    match inserted.map_err(|e| PersistenceError::from_write(e, "second factor")) {
        Ok(_) => Ok(true),
        Err(PersistenceError::Duplicate(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Takes the code of time step `step`: true when no code of that step or a later one was
/// taken before. With `confirming`, only an unconfirmed secret is taken (and becomes
/// confirmed); without, only a confirmed one.
pub async fn take_step<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    step: u64,
    confirming: bool,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let mut update = staff_second_factor::Entity::update_many()
        .col_expr(staff_second_factor::Column::LastUsedStep, Expr::value(step))
        .filter(staff_second_factor::Column::AccountId.eq(account_id))
        .filter(
            Condition::any()
                .add(staff_second_factor::Column::LastUsedStep.is_null())
                .add(staff_second_factor::Column::LastUsedStep.lt(step)),
        );
    update = if confirming {
        update
            .col_expr(staff_second_factor::Column::ConfirmedAt, Expr::value(now))
            .filter(staff_second_factor::Column::ConfirmedAt.is_null())
    } else {
        update.filter(staff_second_factor::Column::ConfirmedAt.is_not_null())
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Replaces the account's recovery codes by these digests.
pub async fn replace_recovery_codes<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    digests: Vec<String>,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    staff_recovery_code::Entity::delete_many()
        .filter(staff_recovery_code::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    staff_recovery_code::Entity::insert_many(digests.into_iter().map(|digest| {
        staff_recovery_code::ActiveModel {
            id: Set(Uuid::new_v4()),
            account_id: Set(account_id),
            code_digest: Set(digest),
            used_at: Set(None),
            created_at: Set(now),
        }
    }))
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "recovery code"))?;
    Ok(())
}

/// Uses one recovery code: true when it was the account's and not used before.
pub async fn use_recovery_code<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let updated = staff_recovery_code::Entity::update_many()
        .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(staff_recovery_code::Column::AccountId.eq(account_id))
        .filter(staff_recovery_code::Column::CodeDigest.eq(digest))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// How many of the account's recovery codes are still unused.
pub async fn unused_recovery_codes<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<u64, PersistenceError> {
    Ok(staff_recovery_code::Entity::find()
        .filter(staff_recovery_code::Column::AccountId.eq(account_id))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// Forgets the account's second factor, recovery codes and open challenges (the operator
/// resets it; the next login enrols again). True when there was a secret.
pub async fn remove<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<bool, PersistenceError> {
    login_challenge::Entity::delete_many()
        .filter(login_challenge::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    staff_recovery_code::Entity::delete_many()
        .filter(staff_recovery_code::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    let removed = staff_second_factor::Entity::delete_many()
        .filter(staff_second_factor::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(removed.rows_affected > 0)
}

/// A login waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginChallenge {
    pub id: Uuid,
    pub account_id: Uuid,
    pub failed_attempts: u32,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

pub async fn create_challenge<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    token_digest: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Uuid, PersistenceError> {
    // A login's challenges end with it; the expired ones of this account go now.
    login_challenge::Entity::delete_many()
        .filter(login_challenge::Column::AccountId.eq(account_id))
        .filter(login_challenge::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    let id = Uuid::new_v4();
    login_challenge::Entity::insert(login_challenge::ActiveModel {
        id: Set(id),
        token_digest: Set(token_digest),
        account_id: Set(account_id),
        failed_attempts: Set(0),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "token"))?;
    Ok(id)
}

pub async fn find_challenge<C: ConnectionTrait>(
    db: &C,
    token_digest: &str,
) -> Result<Option<LoginChallenge>, PersistenceError> {
    Ok(login_challenge::Entity::find()
        .filter(login_challenge::Column::TokenDigest.eq(token_digest))
        .one(db)
        .await?
        .map(|m| LoginChallenge {
            id: m.id,
            account_id: m.account_id,
            failed_attempts: u32::try_from(m.failed_attempts).unwrap_or(u32::MAX),
            expires_at: m.expires_at,
            used: m.used_at.is_some(),
        }))
}

/// Counts a wrong code against the challenge.
pub async fn count_challenge_failure<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<(), PersistenceError> {
    login_challenge::Entity::update_many()
        .col_expr(
            login_challenge::Column::FailedAttempts,
            Expr::col(login_challenge::Column::FailedAttempts).add(1),
        )
        .filter(login_challenge::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the challenge with a login; false when another request ended it first.
pub async fn use_challenge<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let updated = login_challenge::Entity::update_many()
        .col_expr(login_challenge::Column::UsedAt, Expr::value(now))
        .filter(login_challenge::Column::Id.eq(id))
        .filter(login_challenge::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
