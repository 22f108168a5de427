//! The days an office closes besides the public holidays.

use crate::PersistenceError;
use crate::entities::citas_closure;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Closes `office_code` on `date`; `Duplicate("closure")` when it already is.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
    date: NaiveDate,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    citas_closure::Entity::insert(citas_closure::ActiveModel {
        office_code: Set(office_code.to_owned()),
        closed_on: Set(date),
        reason: Set(reason.to_owned()),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "closure"))?;
    Ok(())
}

/// The office's closed days.
pub async fn of_office<C: ConnectionTrait>(
    db: &C,
    office_code: &str,
) -> Result<Vec<NaiveDate>, PersistenceError> {
    Ok(citas_closure::Entity::find()
        .filter(citas_closure::Column::OfficeCode.eq(office_code))
        .all(db)
        .await?
        .into_iter()
        .map(|closure| closure.closed_on)
        .collect())
}
