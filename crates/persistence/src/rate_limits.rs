//! Attempts counted by bucket (`login_ip`, `login_account`, …) and subject, kept in the
//! database so that every server instance sees the same counts.

use crate::PersistenceError;
use crate::entities::rate_limit_attempt;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// Which end of the window [`attempts_since`] and [`newest_since`] report.
#[derive(Clone, Copy)]
enum End {
    Oldest,
    Newest,
}

/// How many attempts of `subject` in `bucket` were made after `since`, and the time of
/// the one at `end`.
async fn window<C: ConnectionTrait>(
    db: &C,
    bucket: &str,
    subject: &str,
    since: DateTime<Utc>,
    end: End,
) -> Result<(u64, Option<DateTime<Utc>>), PersistenceError> {
    let in_window = || {
        rate_limit_attempt::Entity::find()
            .filter(rate_limit_attempt::Column::Bucket.eq(bucket))
            .filter(rate_limit_attempt::Column::Subject.eq(subject))
            .filter(rate_limit_attempt::Column::AttemptedAt.gt(since))
    };
    let count = in_window().count(db).await?;
    if count == 0 {
        return Ok((0, None));
    }
    let at = match end {
        End::Oldest => in_window().order_by_asc(rate_limit_attempt::Column::AttemptedAt),
        End::Newest => in_window().order_by_desc(rate_limit_attempt::Column::AttemptedAt),
    }
    .one(db)
    .await?
    .map(|a| a.attempted_at);
    Ok((count, at))
}

/// How many attempts were made since `since`, and the oldest of them.
pub async fn attempts_since<C: ConnectionTrait>(
    db: &C,
    bucket: &str,
    subject: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), PersistenceError> {
    window(db, bucket, subject, since, End::Oldest).await
}

/// How many attempts of `subject` in `bucket` were made after `since`, and the newest.
pub async fn newest_since<C: ConnectionTrait>(
    db: &C,
    bucket: &str,
    subject: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), PersistenceError> {
    window(db, bucket, subject, since, End::Newest).await
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    bucket: &str,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    rate_limit_attempt::Entity::insert(rate_limit_attempt::ActiveModel {
        id: Set(Uuid::new_v4()),
        bucket: Set(bucket.to_owned()),
        subject: Set(subject.to_owned()),
        attempted_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Deletes attempts older than `cutoff`.
pub async fn delete_before<C: ConnectionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    Ok(rate_limit_attempt::Entity::delete_many()
        .filter(rate_limit_attempt::Column::AttemptedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
