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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// The attempt fitted in the window and was counted.
    Counted,
    /// A budget was used up: per budget, the oldest attempt in its window when it is one
    /// used up (the wait runs from it).
    Refused { oldest: Vec<Option<DateTime<Utc>>> },
}

/// One rate limit as [`record_within`] applies it: `limit` attempts of `subject` in `bucket`
/// after `since`.
#[derive(Debug, Clone, Copy)]
pub struct Budget<'a> {
    pub bucket: &'a str,
    pub subject: &'a str,
    pub since: DateTime<Utc>,
    pub limit: u32,
}

/// Counts one attempt in each of `budgets` at `now` unless one of them is used up — the
/// counts and the inserts in one statement, one round trip when allowed. Refused, nothing
/// is counted, and the answer is each budget's oldest attempt in its window when it is
/// the one used up (`None` for a budget with room).
pub async fn record_within<C: ConnectionTrait>(
    db: &C,
    budgets: &[Budget<'_>],
    now: DateTime<Utc>,
) -> Result<Recorded, PersistenceError> {
    use rate_limit_attempt::Column;
    use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr, SubQueryStatement, UnionType};
    let room_in_every = budgets.iter().fold(Expr::val(true), |all, budget| {
        let in_window = Query::select()
            .expr(Expr::col(Column::Id).count())
            .from(rate_limit_attempt::Entity)
            .and_where(Expr::col(Column::Bucket).eq(budget.bucket))
            .and_where(Expr::col(Column::Subject).eq(budget.subject))
            .and_where(Expr::col(Column::AttemptedAt).gt(budget.since))
            .to_owned();
        all.and(
            SimpleExpr::SubQuery(
                None,
                Box::new(SubQueryStatement::SelectStatement(in_window)),
            )
            .lt(i64::from(budget.limit)),
        )
    });
    let attempt = |budget: &Budget<'_>| {
        Query::select()
            .expr(Expr::val(Uuid::new_v4()))
            .expr(Expr::val(budget.bucket))
            .expr(Expr::val(budget.subject))
            .expr(Expr::val(now))
            .and_where(room_in_every.clone())
            .to_owned()
    };
    let Some((first, rest)) = budgets.split_first() else {
        return Ok(Recorded::Counted);
    };
    let mut attempts = attempt(first);
    for budget in rest {
        attempts.union(UnionType::All, attempt(budget));
    }
    let insert = Query::insert()
        .into_table(rate_limit_attempt::Entity)
        .columns([
            Column::Id,
            Column::Bucket,
            Column::Subject,
            Column::AttemptedAt,
        ])
        .select_from(attempts)
        .map_err(|error| PersistenceError::Database(sea_orm::DbErr::Custom(error.to_string())))?
        .to_owned();
    if db.execute(&insert).await?.rows_affected() > 0 {
        return Ok(Recorded::Counted);
    }
    let mut used_up = Vec::with_capacity(budgets.len());
    for budget in budgets {
        let (count, oldest) =
            attempts_since(db, budget.bucket, budget.subject, budget.since).await?;
        used_up.push(
            (count >= u64::from(budget.limit))
                .then_some(oldest)
                .flatten(),
        );
    }
    Ok(Recorded::Refused { oldest: used_up })
}
