//! Captcha challenges: only the digest of the answer is stored.

use crate::PersistenceError;
use crate::entities::captcha;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    answer_digest: String,
    expires_at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    captcha::Entity::insert(captcha::ActiveModel {
        id: Set(id),
        answer_digest: Set(answer_digest),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Uses up a challenge and returns its answer digest; `None` when it does not exist,
/// expired or was already used. Whatever the answer, a challenge is good for one try.
pub async fn consume<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<String>, PersistenceError> {
    let updated = captcha::Entity::update_many()
        .col_expr(captcha::Column::UsedAt, Expr::value(now))
        .filter(captcha::Column::Id.eq(id))
        .filter(captcha::Column::UsedAt.is_null())
        .filter(captcha::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(None);
    }
    Ok(captcha::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|c| c.answer_digest))
}

/// Deletes challenges that expired before `cutoff`.
pub async fn delete_expired<C: ConnectionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    Ok(captcha::Entity::delete_many()
        .filter(captcha::Column::ExpiresAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
