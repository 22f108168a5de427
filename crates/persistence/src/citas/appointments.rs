//! Citas appointments: booked into one seat, in the same transaction that takes the seat;
//! moved by taking the new seat before the old one is let go; cancelled by a conditional
//! update. A unique index on `active_key` keeps one booked appointment per person and
//! procedure.

use super::seats::{self, Holder};
use crate::PersistenceError;
use crate::entities::citas_appointment;
use chrono::{DateTime, Utc};
use portal_shared::citas::AppointmentStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// An appointment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAppointment {
    pub id: Uuid,
    pub application_id: Uuid,
    pub account_id: Uuid,
    pub office_code: String,
    pub seat_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub reschedules: u32,
    pub sequence: u32,
    pub booked_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

fn to_stored(model: citas_appointment::Model) -> Result<StoredAppointment, PersistenceError> {
    Ok(StoredAppointment {
        id: model.id,
        application_id: model.application_id,
        account_id: model.account_id,
        office_code: model.office_code,
        seat_id: model.seat_id,
        starts_at: model.starts_at,
        ends_at: model.ends_at,
        status: crate::stored_code(&model.status, "appointment status")?,
        reschedules: u32::try_from(model.reschedules).unwrap_or_default(),
        sequence: u32::try_from(model.sequence).unwrap_or_default(),
        booked_at: model.booked_at,
        cancelled_at: model.cancelled_at,
    })
}

/// Why a booking or a move did not happen; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// The hold is gone: run out, let go, or never this holder's.
    #[error("the hold is no longer valid")]
    HoldLost,
    /// The person already has a booked appointment for the procedure.
    #[error("an active appointment exists")]
    AlreadyBooked,
    /// The appointment changed meanwhile (another move or a cancellation won).
    #[error("the appointment changed meanwhile")]
    Changed,
    #[error(transparent)]
    Storage(#[from] PersistenceError),
}

impl From<sea_orm::DbErr> for BookingError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::Storage(error.into())
    }
}

/// What a new booking is.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub id: Uuid,
    pub holder: Holder,
    pub office_code: String,
    pub seat_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Person and procedure (unique among booked appointments).
    pub active_key: String,
}

/// Books the held seat: inserts the appointment and takes the seat by a conditional
/// update. Run it in a transaction: on an error the caller rolls back and nothing stays.
pub async fn book<C: ConnectionTrait>(
    tx: &C,
    booking: NewBooking,
    now: DateTime<Utc>,
) -> Result<StoredAppointment, BookingError> {
    let model = citas_appointment::ActiveModel {
        id: Set(booking.id),
        application_id: Set(booking.holder.application_id),
        account_id: Set(booking.holder.account_id),
        office_code: Set(booking.office_code),
        seat_id: Set(booking.seat_id),
        starts_at: Set(booking.starts_at),
        ends_at: Set(booking.ends_at),
        status: Set(AppointmentStatus::Booked.as_str().to_owned()),
        active_key: Set(Some(booking.active_key)),
        reschedules: Set(0),
        sequence: Set(0),
        booked_at: Set(now),
        updated_at: Set(now),
        cancelled_at: Set(None),
        first_reminder_at: Set(None),
        second_reminder_at: Set(None),
    };
    let inserted = match citas_appointment::Entity::insert(model)
        .exec_with_returning(tx)
        .await
        .map_err(|e| PersistenceError::from_write(e, "active_key"))
    {
        Ok(inserted) => inserted,
        Err(PersistenceError::Duplicate(_)) => return Err(BookingError::AlreadyBooked),
        Err(other) => return Err(other.into()),
    };
    if !seats::book(tx, booking.seat_id, booking.holder, booking.id, now).await? {
        return Err(BookingError::HoldLost);
    }
    Ok(to_stored(inserted)?)
}

/// Moves a booked appointment into the seat its holder holds: takes the new seat, updates
/// the appointment if it is still as `current` was read (compare-and-swap), then lets the
/// old seat go. Run it in a transaction: on an error the caller rolls back and the old
/// appointment stands as it was.
pub async fn reschedule<C: ConnectionTrait>(
    tx: &C,
    current: &StoredAppointment,
    new_office: &str,
    new_seat: &seats::Seat,
    now: DateTime<Utc>,
) -> Result<StoredAppointment, BookingError> {
    let holder = Holder {
        account_id: current.account_id,
        application_id: current.application_id,
    };
    if !seats::book(tx, new_seat.id, holder, current.id, now).await? {
        return Err(BookingError::HoldLost);
    }
    let moved = citas_appointment::Entity::update_many()
        .col_expr(
            citas_appointment::Column::OfficeCode,
            Expr::value(new_office),
        )
        .col_expr(citas_appointment::Column::SeatId, Expr::value(new_seat.id))
        .col_expr(
            citas_appointment::Column::StartsAt,
            Expr::value(new_seat.starts_at),
        )
        .col_expr(
            citas_appointment::Column::EndsAt,
            Expr::value(new_seat.ends_at),
        )
        .col_expr(
            citas_appointment::Column::Reschedules,
            Expr::value(i32::try_from(current.reschedules + 1).unwrap_or(i32::MAX)),
        )
        .col_expr(
            citas_appointment::Column::Sequence,
            Expr::value(i32::try_from(current.sequence + 1).unwrap_or(i32::MAX)),
        )
        .col_expr(
            citas_appointment::Column::FirstReminderAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(
            citas_appointment::Column::SecondReminderAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(citas_appointment::Column::UpdatedAt, Expr::value(now))
        .filter(citas_appointment::Column::Id.eq(current.id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .filter(citas_appointment::Column::SeatId.eq(current.seat_id))
        .filter(
            citas_appointment::Column::Reschedules
                .eq(i32::try_from(current.reschedules).unwrap_or(i32::MAX)),
        )
        .exec(tx)
        .await?;
    if moved.rows_affected != 1 {
        return Err(BookingError::Changed);
    }
    if !seats::release(tx, current.seat_id, current.account_id, now).await? {
        return Err(BookingError::Changed);
    }
    find(tx, current.id).await?.ok_or(BookingError::Changed)
}

/// Cancels a booked appointment and frees its seat; `Changed` when it was no longer
/// booked. Run it in a transaction.
pub async fn cancel<C: ConnectionTrait>(
    tx: &C,
    current: &StoredAppointment,
    now: DateTime<Utc>,
) -> Result<StoredAppointment, BookingError> {
    let cancelled = citas_appointment::Entity::update_many()
        .col_expr(
            citas_appointment::Column::Status,
            Expr::value(AppointmentStatus::Cancelled.as_str()),
        )
        .col_expr(
            citas_appointment::Column::ActiveKey,
            Expr::value(None::<String>),
        )
        .col_expr(
            citas_appointment::Column::Sequence,
            Expr::value(i32::try_from(current.sequence + 1).unwrap_or(i32::MAX)),
        )
        .col_expr(citas_appointment::Column::CancelledAt, Expr::value(now))
        .col_expr(citas_appointment::Column::UpdatedAt, Expr::value(now))
        .filter(citas_appointment::Column::Id.eq(current.id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .filter(citas_appointment::Column::SeatId.eq(current.seat_id))
        .exec(tx)
        .await?;
    if cancelled.rows_affected != 1 {
        return Err(BookingError::Changed);
    }
    seats::release(tx, current.seat_id, current.account_id, now).await?;
    find(tx, current.id).await?.ok_or(BookingError::Changed)
}

/// The appointment `id`.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<StoredAppointment>, PersistenceError> {
    citas_appointment::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_stored)
        .transpose()
}

/// The account's appointment `id`.
pub async fn find_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<Option<StoredAppointment>, PersistenceError> {
    Ok(find(db, id)
        .await?
        .filter(|appointment| appointment.account_id == account_id))
}

/// The account's appointments, soonest first.
pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<StoredAppointment>, PersistenceError> {
    citas_appointment::Entity::find()
        .filter(citas_appointment::Column::AccountId.eq(account_id))
        .order_by_asc(citas_appointment::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// The booked appointment of an application, if any.
pub async fn booked_for_application<C: ConnectionTrait>(
    db: &C,
    application_id: Uuid,
) -> Result<Option<StoredAppointment>, PersistenceError> {
    citas_appointment::Entity::find()
        .filter(citas_appointment::Column::ApplicationId.eq(application_id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .one(db)
        .await?
        .map(to_stored)
        .transpose()
}

/// How many appointments are booked, by the holder's account — for tests and the
/// benchmark's count of seats sold.
pub async fn count_booked<C: ConnectionTrait>(db: &C) -> Result<u64, PersistenceError> {
    use sea_orm::PaginatorTrait;
    Ok(citas_appointment::Entity::find()
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .count(db)
        .await?)
}

/// The starts of the account's missed appointments (no-shows) since `since`.
pub async fn no_shows_since<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, PersistenceError> {
    use sea_orm::QuerySelect;
    Ok(citas_appointment::Entity::find()
        .select_only()
        .column(citas_appointment::Column::StartsAt)
        .filter(citas_appointment::Column::AccountId.eq(account_id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::NoShow.as_str()))
        .filter(citas_appointment::Column::StartsAt.gte(since))
        .into_tuple()
        .all(db)
        .await?)
}

/// Records at the counter that a booked appointment was `attended` or a `no_show`; the
/// person may then book the procedure again. False when it was no longer booked.
pub async fn record_attendance<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    outcome: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    debug_assert!(matches!(
        outcome,
        AppointmentStatus::Attended | AppointmentStatus::NoShow
    ));
    let recorded = citas_appointment::Entity::update_many()
        .col_expr(
            citas_appointment::Column::Status,
            Expr::value(outcome.as_str()),
        )
        .col_expr(
            citas_appointment::Column::ActiveKey,
            Expr::value(None::<String>),
        )
        .col_expr(citas_appointment::Column::UpdatedAt, Expr::value(now))
        .filter(citas_appointment::Column::Id.eq(id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .exec(db)
        .await?;
    Ok(recorded.rows_affected == 1)
}

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// 72 hours before.
    First,
    /// 24 hours before.
    Second,
}

/// Booked appointments whose reminder is due at `now`: the second once within 24 h, the
/// first once within 72 h but not yet within 24 h (then only the second goes).
pub async fn reminders_due<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<Vec<(StoredAppointment, Reminder)>, PersistenceError> {
    use chrono::Duration;
    let due = citas_appointment::Entity::find()
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .filter(citas_appointment::Column::StartsAt.gt(now))
        .filter(citas_appointment::Column::StartsAt.lte(now + Duration::hours(72)))
        .filter(citas_appointment::Column::SecondReminderAt.is_null())
        .order_by_asc(citas_appointment::Column::StartsAt)
        .all(db)
        .await?;
    let mut reminders = Vec::new();
    for model in due {
        let within_a_day = model.starts_at <= now + Duration::hours(24);
        let reminder = if within_a_day {
            Reminder::Second
        } else if model.first_reminder_at.is_none() {
            Reminder::First
        } else {
            continue;
        };
        reminders.push((to_stored(model)?, reminder));
    }
    Ok(reminders)
}

/// Marks `reminder` of `appointment` sent: true for the one caller that claimed it (once
/// the second is sent, the first is never due).
pub async fn claim_reminder<C: ConnectionTrait>(
    db: &C,
    appointment: &StoredAppointment,
    reminder: Reminder,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let mut update = citas_appointment::Entity::update_many()
        .filter(citas_appointment::Column::Id.eq(appointment.id))
        .filter(citas_appointment::Column::Status.eq(AppointmentStatus::Booked.as_str()))
        .filter(citas_appointment::Column::StartsAt.eq(appointment.starts_at));
    update = match reminder {
        Reminder::First => update
            .col_expr(citas_appointment::Column::FirstReminderAt, Expr::value(now))
            .filter(citas_appointment::Column::FirstReminderAt.is_null()),
        Reminder::Second => update
            .col_expr(
                citas_appointment::Column::SecondReminderAt,
                Expr::value(now),
            )
            .filter(citas_appointment::Column::SecondReminderAt.is_null()),
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// The appointments of an office starting in `[from, until)`, in order (every status).
pub async fn of_office_between<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<StoredAppointment>, PersistenceError> {
    citas_appointment::Entity::find()
        .filter(citas_appointment::Column::OfficeCode.eq(office_code))
        .filter(citas_appointment::Column::StartsAt.gte(from))
        .filter(citas_appointment::Column::StartsAt.lt(until))
        .order_by_asc(citas_appointment::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}
