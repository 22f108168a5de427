//! Seats as rows: a slot offers exactly the seats published for it, and taking one is a
//! conditional update of one free row — the database, not a count read beforehand,
//! decides who gets the last seat, on SQLite (one writer at a time) and on PostgreSQL
//! (the row lock makes the losers' update find the row taken and move to the next).

use crate::PersistenceError;
use crate::entities::citas_seat;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A slot to publish: its start, its end, and how many seats (counters) it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub seats: u32,
}

/// Who holds a seat: an account, for one of its applications (piezas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub account_id: Uuid,
    pub application_id: Uuid,
}

/// A seat someone holds for a few minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub seat_id: Uuid,
    pub seat_number: u32,
    pub held_until: DateTime<Utc>,
}

/// Why no seat was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSeat {
    /// Every seat of the time is taken.
    Full,
    /// The office publishes no seats at that time.
    NotOffered,
}

/// One seat as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub holder: Option<Holder>,
    pub held_until: Option<DateTime<Utc>>,
    pub appointment_id: Option<Uuid>,
}

/// Publishes the seats of `slots` of `office_code`; seats already published stay as
/// they are (with whoever holds them). How many seats were added.
pub async fn publish<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    slots: &[PublishedSlot],
    now: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    let rows: Vec<citas_seat::ActiveModel> = slots
        .iter()
        .flat_map(|slot| {
            (1..=slot.seats).map(move |seat| citas_seat::ActiveModel {
                id: Set(Uuid::new_v4()),
                office_code: Set(office_code.to_owned()),
                starts_at: Set(slot.starts_at),
                ends_at: Set(slot.ends_at),
                seat_number: Set(i32::try_from(seat).unwrap_or(i32::MAX)),
                holder_account_id: Set(None),
                hold_application_id: Set(None),
                held_until: Set(None),
                appointment_id: Set(None),
                updated_at: Set(now),
            })
        })
        .collect();
    let mut added = 0;
    // In batches: a statement has a bounded number of parameters.
    for batch in rows.chunks(500) {
        let result = citas_seat::Entity::insert_many(batch.to_vec())
            .on_conflict(
                OnConflict::columns([
                    citas_seat::Column::OfficeCode,
                    citas_seat::Column::StartsAt,
                    citas_seat::Column::SeatNumber,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        added += result;
    }
    Ok(added)
}

/// A seat nobody holds, or whose hold has run out by `now` without a booking.
fn free_at(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(citas_seat::Column::HolderAccountId.is_null())
        .add(
            Condition::all()
                .add(citas_seat::Column::AppointmentId.is_null())
                .add(citas_seat::Column::HeldUntil.lt(now)),
        )
}

/// Holds one free seat of the slot of `office_code` starting at `starts_at` for
/// `holder` until `held_until`, letting go of any other seat held (not booked) for the
/// same application; otherwise why not (all taken, or no such time).
pub async fn hold<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    starts_at: DateTime<Utc>,
    holder: Holder,
    held_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Result<Hold, NoSeat>, PersistenceError> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        return hold_skipping_locked(db, office_code, starts_at, holder, held_until, now).await;
    }
    // Each round either takes a seat or finds the one it tried taken by a concurrent
    // request; a slot has at most a hundred seats, so a few hundred rounds bound it.
    for _ in 0..300 {
        let candidate = match first_free(db, office_code, starts_at, now).await? {
            FirstSeat::Free(candidate) => candidate,
            FirstSeat::AllTaken => return Ok(Err(NoSeat::Full)),
            FirstSeat::NoSeats => return Ok(Err(NoSeat::NotOffered)),
        };
        if hold_seat(db, candidate.id, holder, held_until, now).await? {
            let_go_other_holds(db, holder, candidate.id, now).await?;
            return Ok(Ok(Hold {
                seat_id: candidate.id,
                seat_number: u32::try_from(candidate.seat_number).unwrap_or_default(),
                held_until,
            }));
        }
    }
    Ok(Err(NoSeat::Full))
}

/// The first free seat of a time, if any, read in one query that also tells a time whose
/// seats are all taken from a time with no seats.
enum FirstSeat {
    Free(citas_seat::Model),
    AllTaken,
    NoSeats,
}

async fn first_free<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<FirstSeat, PersistenceError> {
    let free_first: Expr = Expr::case(free_at(now), 0).finally(1).into();
    let first = citas_seat::Entity::find()
        .filter(citas_seat::Column::OfficeCode.eq(office_code))
        .filter(citas_seat::Column::StartsAt.eq(starts_at))
        .order_by(free_first, sea_orm::Order::Asc)
        .order_by_asc(citas_seat::Column::SeatNumber)
        .limit(1)
        .one(db)
        .await?;
    Ok(match first {
        None => FirstSeat::NoSeats,
        Some(seat) if is_free(&seat, now) => FirstSeat::Free(seat),
        Some(_) => FirstSeat::AllTaken,
    })
}

/// [`free_at`] for a row already read.
fn is_free(seat: &citas_seat::Model, now: DateTime<Utc>) -> bool {
    seat.holder_account_id.is_none()
        || (seat.appointment_id.is_none() && seat.held_until.is_some_and(|until| until < now))
}

/// Holds the seat `seat_id` for `holder` until `held_until` if it is free at `now` (a
/// waitlist offer); false when someone has it.
pub async fn hold_seat<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
    holder: Holder,
    held_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let taken = citas_seat::Entity::update_many()
        .col_expr(
            citas_seat::Column::HolderAccountId,
            Expr::value(holder.account_id),
        )
        .col_expr(
            citas_seat::Column::HoldApplicationId,
            Expr::value(holder.application_id),
        )
        .col_expr(citas_seat::Column::HeldUntil, Expr::value(held_until))
        .col_expr(citas_seat::Column::AppointmentId, Expr::value(None::<Uuid>))
        .col_expr(citas_seat::Column::UpdatedAt, Expr::value(now))
        .filter(citas_seat::Column::Id.eq(seat_id))
        .filter(free_at(now))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// PostgreSQL: one statement takes the first free seat nobody else is taking at this
/// instant (`FOR UPDATE SKIP LOCKED`), so a crowd on one slot spreads over its seats
/// instead of all racing for the first and retrying.
async fn hold_skipping_locked<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    starts_at: DateTime<Utc>,
    holder: Holder,
    held_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Result<Hold, NoSeat>, PersistenceError> {
    const FREE: &str =
        "(holder_account_id IS NULL OR (appointment_id IS NULL AND held_until < $5))";
    // The seat taken and, in the same statement, any other seat held (not booked) for
    // the same application let go.
    let sql = format!(
        "WITH taken AS (UPDATE citas_seats SET holder_account_id = $1, hold_application_id = $2, \
         held_until = $3, appointment_id = NULL, updated_at = $5 \
         WHERE id = (SELECT id FROM citas_seats WHERE office_code = $4 AND starts_at = $6 \
         AND {FREE} ORDER BY seat_number LIMIT 1 FOR UPDATE SKIP LOCKED) AND {FREE} \
         RETURNING id, seat_number), \
         let_go AS (UPDATE citas_seats SET holder_account_id = NULL, hold_application_id = NULL, \
         held_until = NULL, appointment_id = NULL, updated_at = $5 \
         WHERE hold_application_id = $2 AND holder_account_id = $1 AND appointment_id IS NULL \
         AND EXISTS (SELECT 1 FROM taken) AND id NOT IN (SELECT id FROM taken)) \
         SELECT id, seat_number FROM taken"
    );
    // Seats locked by requests that then took nothing are skipped by this round: retry a
    // few times while the slot still has a free seat.
    for _ in 0..10 {
        let taken = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                &sql,
                [
                    holder.account_id.into(),
                    holder.application_id.into(),
                    held_until.into(),
                    office_code.into(),
                    now.into(),
                    starts_at.into(),
                ],
            ))
            .await?;
        if let Some(row) = taken {
            let seat_id: Uuid = row.try_get("", "id")?;
            let seat_number: i32 = row.try_get("", "seat_number")?;
            return Ok(Ok(Hold {
                seat_id,
                seat_number: u32::try_from(seat_number).unwrap_or_default(),
                held_until,
            }));
        }
        match first_free(db, office_code, starts_at, now).await? {
            FirstSeat::Free(_) => continue,
            FirstSeat::AllTaken => return Ok(Err(NoSeat::Full)),
            FirstSeat::NoSeats => return Ok(Err(NoSeat::NotOffered)),
        }
    }
    Ok(Err(NoSeat::Full))
}

/// Frees the seats held, not booked, for `holder`'s application other than `kept`.
async fn let_go_other_holds<C: ConnectionTrait>(
    db: &C,
    holder: Holder,
    kept: Uuid,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    clear_holder(citas_seat::Entity::update_many(), now)
        .filter(citas_seat::Column::HoldApplicationId.eq(holder.application_id))
        .filter(citas_seat::Column::HolderAccountId.eq(holder.account_id))
        .filter(citas_seat::Column::AppointmentId.is_null())
        .filter(citas_seat::Column::Id.ne(kept))
        .exec(db)
        .await?;
    Ok(())
}

fn clear_holder(
    update: sea_orm::UpdateMany<citas_seat::Entity>,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<citas_seat::Entity> {
    update
        .col_expr(
            citas_seat::Column::HolderAccountId,
            Expr::value(None::<Uuid>),
        )
        .col_expr(
            citas_seat::Column::HoldApplicationId,
            Expr::value(None::<Uuid>),
        )
        .col_expr(
            citas_seat::Column::HeldUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(citas_seat::Column::AppointmentId, Expr::value(None::<Uuid>))
        .col_expr(citas_seat::Column::UpdatedAt, Expr::value(now))
}

/// The seat `seat_id`, if it exists.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
) -> Result<Option<(String, Seat)>, PersistenceError> {
    Ok(citas_seat::Entity::find_by_id(seat_id)
        .one(db)
        .await?
        .map(|model| (model.office_code.clone(), to_seat(&model))))
}

fn to_seat(model: &citas_seat::Model) -> Seat {
    Seat {
        id: model.id,
        starts_at: model.starts_at,
        ends_at: model.ends_at,
        holder: model.holder_account_id.zip(model.hold_application_id).map(
            |(account_id, application_id)| Holder {
                account_id,
                application_id,
            },
        ),
        held_until: model.held_until,
        appointment_id: model.appointment_id,
    }
}

/// Books the seat `holder` holds into `appointment_id`, if the hold has not run out
/// by `now`; false otherwise (nothing changes).
pub async fn book<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
    holder: Holder,
    appointment_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let booked = citas_seat::Entity::update_many()
        .col_expr(
            citas_seat::Column::AppointmentId,
            Expr::value(appointment_id),
        )
        .col_expr(
            citas_seat::Column::HeldUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(citas_seat::Column::UpdatedAt, Expr::value(now))
        .filter(citas_seat::Column::Id.eq(seat_id))
        .filter(citas_seat::Column::HolderAccountId.eq(holder.account_id))
        .filter(citas_seat::Column::HoldApplicationId.eq(holder.application_id))
        .filter(citas_seat::Column::AppointmentId.is_null())
        .filter(citas_seat::Column::HeldUntil.gte(now))
        .exec(db)
        .await?;
    Ok(booked.rows_affected == 1)
}

/// Frees the seat of `account_id` (a hold let go, an appointment cancelled); false when it
/// was not theirs.
pub async fn release<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
    account_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let released = clear_holder(citas_seat::Entity::update_many(), now)
        .filter(citas_seat::Column::Id.eq(seat_id))
        .filter(citas_seat::Column::HolderAccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(released.rows_affected == 1)
}

/// Frees the seats whose hold ran out by `now` and returns them (office, seat), for the
/// waitlist to offer.
pub async fn release_expired<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<Vec<(String, Seat)>, PersistenceError> {
    let expired = citas_seat::Entity::find()
        .filter(citas_seat::Column::HolderAccountId.is_not_null())
        .filter(citas_seat::Column::AppointmentId.is_null())
        .filter(citas_seat::Column::HeldUntil.lt(now))
        .limit(500)
        .all(db)
        .await?;
    let mut freed = Vec::new();
    for model in expired {
        let cleared = clear_holder(citas_seat::Entity::update_many(), now)
            .filter(citas_seat::Column::Id.eq(model.id))
            .filter(citas_seat::Column::AppointmentId.is_null())
            .filter(citas_seat::Column::HeldUntil.lt(now))
            .exec(db)
            .await?;
        if cleared.rows_affected == 1 {
            freed.push((model.office_code.clone(), to_seat(&model)));
        }
    }
    Ok(freed)
}

/// The free seats of each published slot of `office_code` starting in `[from, until)`,
/// by start (a slot with none free is listed with 0).
pub async fn free_by_slot<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<BTreeMap<DateTime<Utc>, u32>, PersistenceError> {
    let seats: Vec<(
        DateTime<Utc>,
        Option<Uuid>,
        Option<DateTime<Utc>>,
        Option<Uuid>,
    )> = citas_seat::Entity::find()
        .select_only()
        .column(citas_seat::Column::StartsAt)
        .column(citas_seat::Column::HolderAccountId)
        .column(citas_seat::Column::HeldUntil)
        .column(citas_seat::Column::AppointmentId)
        .filter(citas_seat::Column::OfficeCode.eq(office_code))
        .filter(citas_seat::Column::StartsAt.gte(from))
        .filter(citas_seat::Column::StartsAt.lt(until))
        .into_tuple()
        .all(db)
        .await?;
    let mut free = BTreeMap::new();
    for (starts_at, holder, held_until, appointment) in seats {
        let is_free = holder.is_none()
            || (appointment.is_none() && held_until.is_some_and(|until| until < now));
        *free.entry(starts_at).or_insert(0) += u32::from(is_free);
    }
    Ok(free)
}

/// Lets go of a seat `account_id` holds and has not booked; false when there is none.
pub async fn release_hold<C: ConnectionTrait>(
    db: &C,
    seat_id: Uuid,
    account_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let released = clear_holder(citas_seat::Entity::update_many(), now)
        .filter(citas_seat::Column::Id.eq(seat_id))
        .filter(citas_seat::Column::HolderAccountId.eq(account_id))
        .filter(citas_seat::Column::AppointmentId.is_null())
        .exec(db)
        .await?;
    Ok(released.rows_affected == 1)
}

/// Removes every seat of `office_code` starting in `[from, until)` (a closed day; its
/// appointments are cancelled first). How many went.
pub async fn delete_between<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    Ok(citas_seat::Entity::delete_many()
        .filter(citas_seat::Column::OfficeCode.eq(office_code))
        .filter(citas_seat::Column::StartsAt.gte(from))
        .filter(citas_seat::Column::StartsAt.lt(until))
        .exec(db)
        .await?
        .rows_affected)
}

/// The ids of the seats of `office_code` starting in `[from, until)`.
pub async fn ids_between<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Uuid>, PersistenceError> {
    Ok(citas_seat::Entity::find()
        .select_only()
        .column(citas_seat::Column::Id)
        .filter(citas_seat::Column::OfficeCode.eq(office_code))
        .filter(citas_seat::Column::StartsAt.gte(from))
        .filter(citas_seat::Column::StartsAt.lt(until))
        .into_tuple()
        .all(db)
        .await?)
}
