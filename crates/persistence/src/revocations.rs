//! Receipts no longer valid, listed for offline verifiers.

use crate::PersistenceError;
use crate::entities::receipt_revocation;
use chrono::{DateTime, NaiveDate, Utc};
use portal_shared::officers::RevocationReason;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// A stored revocation: every receipt of the pre-registration up to `revision`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRevocation {
    /// Its row, which orders revocations recorded at the same instant.
    pub id: Uuid,
    pub preregistration_id: Uuid,
    pub revision: u32,
    pub reason: RevocationReason,
    pub revoked_at: DateTime<Utc>,
}

/// Records that the receipts of `preregistration_id` up to `revision` — the last of them
/// for `arrival` — are no longer valid.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    preregistration_id: Uuid,
    revision: u32,
    arrival: Option<NaiveDate>,
    reason: RevocationReason,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    receipt_revocation::Entity::insert(receipt_revocation::ActiveModel {
        id: Set(Uuid::new_v4()),
        preregistration_id: Set(preregistration_id),
        revision: Set(i32::try_from(revision).unwrap_or(i32::MAX)),
        reason: Set(reason.as_str().to_owned()),
        revoked_at: Set(now),
        arrival_date: Set(arrival),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The revocations of receipts arriving on `earliest_arrival` or later (and those
/// recorded before arrival dates were), oldest first.
pub async fn arriving_from<C: ConnectionTrait>(
    db: &C,
    earliest_arrival: NaiveDate,
) -> Result<Vec<StoredRevocation>, PersistenceError> {
    use sea_orm::Condition;
    receipt_revocation::Entity::find()
        .filter(
            Condition::any()
                .add(receipt_revocation::Column::ArrivalDate.is_null())
                .add(receipt_revocation::Column::ArrivalDate.gte(earliest_arrival)),
        )
        .order_by_asc(receipt_revocation::Column::RevokedAt)
        .order_by_asc(receipt_revocation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect()
}

fn stored(m: receipt_revocation::Model) -> Result<StoredRevocation, PersistenceError> {
    Ok(StoredRevocation {
        id: m.id,
        preregistration_id: m.preregistration_id,
        revision: u32::try_from(m.revision).unwrap_or(0),
        reason: crate::stored_code(&m.reason, "revocation reason")?,
        revoked_at: m.revoked_at,
    })
}

/// Revocations recorded at or after `since` (all of them without it), oldest first.
pub async fn since<C: ConnectionTrait>(
    db: &C,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<StoredRevocation>, PersistenceError> {
    page(db, since, None, u64::MAX).await
}

/// At most `limit` of the revocations recorded at or after `since`, in (time, row)
/// order, starting after the revocation `after` (its time and row).
pub async fn page<C: ConnectionTrait>(
    db: &C,
    since: Option<DateTime<Utc>>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<StoredRevocation>, PersistenceError> {
    use sea_orm::{Condition, QuerySelect};
    let mut query = receipt_revocation::Entity::find();
    if let Some(since) = since {
        query = query.filter(receipt_revocation::Column::RevokedAt.gte(since));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(receipt_revocation::Column::RevokedAt.gt(at))
                .add(
                    Condition::all()
                        .add(receipt_revocation::Column::RevokedAt.eq(at))
                        .add(receipt_revocation::Column::Id.gt(id)),
                ),
        );
    }
    query
        .order_by_asc(receipt_revocation::Column::RevokedAt)
        .order_by_asc(receipt_revocation::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect()
}
