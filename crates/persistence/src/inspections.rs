//! The officers' inspections: what a valid QR opens, for one officer, for a few minutes.

use crate::PersistenceError;
use crate::entities::officer_inspection;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerInspection {
    pub id: Uuid,
    pub officer_account_id: Uuid,
    pub preregistration_id: Uuid,
    /// The receipt revision the QR carried.
    pub revision: u32,
    pub expires_at: DateTime<Utc>,
}

/// Opens an inspection (one insert: the expired ones go in the periodic clean-up).
pub async fn open<C: ConnectionTrait>(
    db: &C,
    officer_account_id: Uuid,
    preregistration_id: Uuid,
    revision: u32,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<OfficerInspection, PersistenceError> {
    let id = Uuid::new_v4();
    officer_inspection::Entity::insert(officer_inspection::ActiveModel {
        id: Set(id),
        officer_account_id: Set(officer_account_id),
        preregistration_id: Set(preregistration_id),
        revision: Set(i32::try_from(revision).unwrap_or(i32::MAX)),
        expires_at: Set(expires_at),
        created_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(OfficerInspection {
        id,
        officer_account_id,
        preregistration_id,
        revision,
        expires_at,
    })
}

/// The inspection `id` if `officer_account_id` opened it (expired or not: the caller
/// says which); another officer's is none.
pub async fn find_of_officer<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    officer_account_id: Uuid,
) -> Result<Option<OfficerInspection>, PersistenceError> {
    Ok(officer_inspection::Entity::find_by_id(id)
        .filter(officer_inspection::Column::OfficerAccountId.eq(officer_account_id))
        .one(db)
        .await?
        .map(|m| OfficerInspection {
            id: m.id,
            officer_account_id: m.officer_account_id,
            preregistration_id: m.preregistration_id,
            revision: u32::try_from(m.revision).unwrap_or_default(),
            expires_at: m.expires_at,
        }))
}

/// Forgets the inspections that expired before `before`; how many.
pub async fn delete_expired<C: ConnectionTrait>(
    db: &C,
    before: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    Ok(officer_inspection::Entity::delete_many()
        .filter(officer_inspection::Column::ExpiresAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
