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

/// What [`record_within`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The attempt fitted in the window and was counted.
    Counted,
    /// `limit` attempts were already counted: the oldest of them, which the wait runs from.
    Refused { oldest: Option<DateTime<Utc>> },
}

/// Counts one attempt of `subject` in `bucket` at `now` unless `limit` were already made
/// after `since` — the count and the insert in one statement, one round trip when allowed.
pub async fn record_within<C: ConnectionTrait>(
    db: &C,
    bucket: &str,
    subject: &str,
    since: DateTime<Utc>,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Recorded, PersistenceError> {
    use rate_limit_attempt::Column;
    use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr, SubQueryStatement};
    let in_window = Query::select()
        .expr(Expr::col(Column::Id).count())
        .from(rate_limit_attempt::Entity)
        .and_where(Expr::col(Column::Bucket).eq(bucket))
        .and_where(Expr::col(Column::Subject).eq(subject))
        .and_where(Expr::col(Column::AttemptedAt).gt(since))
        .to_owned();
    let attempt = Query::select()
        .expr(Expr::val(Uuid::new_v4()))
        .expr(Expr::val(bucket))
        .expr(Expr::val(subject))
        .expr(Expr::val(now))
        .and_where(
            SimpleExpr::SubQuery(
                None,
                Box::new(SubQueryStatement::SelectStatement(in_window)),
            )
            .lt(i64::from(limit)),
        )
        .to_owned();
    let insert = Query::insert()
        .into_table(rate_limit_attempt::Entity)
        .columns([
            Column::Id,
            Column::Bucket,
            Column::Subject,
            Column::AttemptedAt,
        ])
        .select_from(attempt)
        .map_err(|error| PersistenceError::Database(sea_orm::DbErr::Custom(error.to_string())))?
        .to_owned();
    if db.execute(&insert).await?.rows_affected() == 1 {
        return Ok(Recorded::Counted);
    }
    let (_, oldest) = attempts_since(db, bucket, subject, since).await?;
    Ok(Recorded::Refused { oldest })
}
