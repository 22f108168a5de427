//! The Citas waitlist: applications waiting, first come first served, for a seat at an
//! office in a range of days. A freed seat is held for the first in line for 30 minutes;
//! unbooked, the offer lapses and the seat goes to the next.

use super::seats::{self, Holder};
use crate::PersistenceError;
use crate::entities::citas_wait;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// Where a wait stands (`waiting`, `offered`, `booked`, `lapsed`, `withdrawn`).
pub use portal_shared::citas::WaitStatus;

/// A wait as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub id: Uuid,
    pub account_id: Uuid,
    pub application_id: Uuid,
    pub office_code: String,
    pub from_date: NaiveDate,
    pub until_date: NaiveDate,
    pub status: WaitStatus,
    pub offered_seat_id: Option<Uuid>,
    pub offered_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn to_wait(model: citas_wait::Model) -> Result<Wait, PersistenceError> {
    Ok(Wait {
        id: model.id,
        account_id: model.account_id,
        application_id: model.application_id,
        office_code: model.office_code,
        from_date: model.from_date,
        until_date: model.until_date,
        status: crate::stored_code(&model.status, "wait status")?,
        offered_seat_id: model.offered_seat_id,
        offered_until: model.offered_until,
        created_at: model.created_at,
    })
}

/// Puts an application in line; one open wait per application (`Duplicate("wait")`).
pub async fn join<C: ConnectionTrait>(
    db: &C,
    holder: Holder,
    office_code: &str,
    from_date: NaiveDate,
    until_date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Wait, PersistenceError> {
    let model = citas_wait::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(holder.account_id),
        application_id: Set(holder.application_id),
        office_code: Set(office_code.to_owned()),
        from_date: Set(from_date),
        until_date: Set(until_date),
        status: Set(WaitStatus::Waiting.as_str().to_owned()),
        active_key: Set(Some(holder.application_id.to_string())),
        offered_seat_id: Set(None),
        offered_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let inserted = citas_wait::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|e| PersistenceError::from_write(e, "wait"))?;
    to_wait(inserted)
}

/// The account's waits, newest first.
pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<Wait>, PersistenceError> {
    citas_wait::Entity::find()
        .filter(citas_wait::Column::AccountId.eq(account_id))
        .order_by_desc(citas_wait::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_wait)
        .collect()
}

fn close(
    update: sea_orm::UpdateMany<citas_wait::Entity>,
    status: WaitStatus,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<citas_wait::Entity> {
    update
        .col_expr(citas_wait::Column::Status, Expr::value(status.as_str()))
        .col_expr(citas_wait::Column::ActiveKey, Expr::value(None::<String>))
        .col_expr(citas_wait::Column::UpdatedAt, Expr::value(now))
}

/// Leaves the line (and lets go of a seat it was offered); false when the wait was not
/// the account's or no longer open.
pub async fn withdraw<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Wait>, PersistenceError> {
    let Some(wait) = citas_wait::Entity::find_by_id(id)
        .filter(citas_wait::Column::AccountId.eq(account_id))
        .filter(citas_wait::Column::ActiveKey.is_not_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let closed = close(
        citas_wait::Entity::update_many(),
        WaitStatus::Withdrawn,
        now,
    )
    .filter(citas_wait::Column::Id.eq(id))
    .filter(citas_wait::Column::ActiveKey.is_not_null())
    .exec(db)
    .await?;
    if closed.rows_affected != 1 {
        return Ok(None);
    }
    if let Some(seat) = wait.offered_seat_id {
        seats::release_hold(db, seat, account_id, now).await?;
    }
    Ok(Some(to_wait(wait)?))
}

/// The application booked: its open wait is settled.
pub async fn settle<C: ConnectionTrait>(
    db: &C,
    application_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    close(citas_wait::Entity::update_many(), WaitStatus::Booked, now)
        .filter(citas_wait::Column::ApplicationId.eq(application_id))
        .filter(citas_wait::Column::ActiveKey.is_not_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The offers whose 30 minutes ran out unbooked lapse: their holders lose their turn.
pub async fn lapse_offers_of_seat<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    Ok(
        close(citas_wait::Entity::update_many(), WaitStatus::Lapsed, now)
            .filter(citas_wait::Column::OfferedSeatId.eq(seat_id))
            .filter(citas_wait::Column::Status.eq(WaitStatus::Offered.as_str()))
            .exec(db)
            .await?
            .rows_affected,
    )
}

/// Offers the free seat `seat` of `office_code` (on the office's day `local_date`) to the
/// first waiting application whose range holds that day: the seat is held for it until
/// `offered_until` by the same conditional update as any hold. The wait offered, if any.
pub async fn offer<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    seat: &seats::Seat,
    local_date: NaiveDate,
    offered_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Wait>, PersistenceError> {
    let candidates = citas_wait::Entity::find()
        .filter(citas_wait::Column::OfficeCode.eq(office_code))
        .filter(citas_wait::Column::Status.eq(WaitStatus::Waiting.as_str()))
        .filter(citas_wait::Column::FromDate.lte(local_date))
        .filter(citas_wait::Column::UntilDate.gte(local_date))
        .order_by_asc(citas_wait::Column::CreatedAt)
        .all(db)
        .await?;
    for candidate in candidates {
        let holder = Holder {
            account_id: candidate.account_id,
            application_id: candidate.application_id,
        };
        // Someone who booked meanwhile is settled, not offered.
        if super::appointments::booked_for_application(db, candidate.application_id)
            .await?
            .is_some()
        {
            settle(db, candidate.application_id, now).await?;
            continue;
        }
        let claimed = citas_wait::Entity::update_many()
            .col_expr(
                citas_wait::Column::Status,
                Expr::value(WaitStatus::Offered.as_str()),
            )
            .col_expr(citas_wait::Column::OfferedSeatId, Expr::value(seat.id))
            .col_expr(citas_wait::Column::OfferedUntil, Expr::value(offered_until))
            .col_expr(citas_wait::Column::UpdatedAt, Expr::value(now))
            .filter(citas_wait::Column::Id.eq(candidate.id))
            .filter(citas_wait::Column::Status.eq(WaitStatus::Waiting.as_str()))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        if !seats::hold_seat(db, seat.id, holder, offered_until, now).await? {
            // Taken meanwhile: back in line, first as before.
            citas_wait::Entity::update_many()
                .col_expr(
                    citas_wait::Column::Status,
                    Expr::value(WaitStatus::Waiting.as_str()),
                )
                .col_expr(citas_wait::Column::OfferedSeatId, Expr::value(None::<Uuid>))
                .col_expr(
                    citas_wait::Column::OfferedUntil,
                    Expr::value(None::<DateTime<Utc>>),
                )
                .filter(citas_wait::Column::Id.eq(candidate.id))
                .exec(db)
                .await?;
            return Ok(None);
        }
        let mut offered = to_wait(candidate)?;
        offered.status = WaitStatus::Offered;
        offered.offered_seat_id = Some(seat.id);
        offered.offered_until = Some(offered_until);
        return Ok(Some(offered));
    }
    Ok(None)
}

/// The offers of `seats` (withdrawn: their day closed) go back in line, first as before.
pub async fn reopen_offers_of<C: ConnectionTrait>(
    db: &C,
    seats: &[Uuid],
    now: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    if seats.is_empty() {
        return Ok(0);
    }
    Ok(citas_wait::Entity::update_many()
        .col_expr(
            citas_wait::Column::Status,
            Expr::value(WaitStatus::Waiting.as_str()),
        )
        .col_expr(citas_wait::Column::OfferedSeatId, Expr::value(None::<Uuid>))
        .col_expr(
            citas_wait::Column::OfferedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(citas_wait::Column::UpdatedAt, Expr::value(now))
        .filter(citas_wait::Column::OfferedSeatId.is_in(seats.iter().copied()))
        .filter(citas_wait::Column::Status.eq(WaitStatus::Offered.as_str()))
        .exec(db)
        .await?
        .rows_affected)
}
