//! Passport photos that were read, waiting to become a registered document's picture.

use crate::PersistenceError;
use crate::entities::document_scan;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// A stored scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentScan {
    pub id: Uuid,
    pub account_id: Uuid,
    pub storage_key: String,
    /// `P<`, `PD`, `PO`… as read from the zone.
    pub document_code: String,
    pub created_at: DateTime<Utc>,
    /// Bytes of the stored photo.
    pub byte_size: u64,
}

fn to_record(m: document_scan::Model) -> DocumentScan {
    DocumentScan {
        id: m.id,
        account_id: m.account_id,
        storage_key: m.storage_key,
        document_code: m.document_code,
        created_at: m.created_at,
        byte_size: u64::try_from(m.byte_size).unwrap_or(0),
    }
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    scan: DocumentScan,
) -> Result<(), PersistenceError> {
    document_scan::Entity::insert(document_scan::ActiveModel {
        id: Set(scan.id),
        account_id: Set(scan.account_id),
        storage_key: Set(scan.storage_key),
        document_code: Set(scan.document_code),
        created_at: Set(scan.created_at),
        byte_size: Set(i64::try_from(scan.byte_size).unwrap_or(i64::MAX)),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The account's scan `id` if it was made after `since`.
pub async fn find_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
    since: DateTime<Utc>,
) -> Result<Option<DocumentScan>, PersistenceError> {
    Ok(document_scan::Entity::find_by_id(id)
        .filter(document_scan::Column::AccountId.eq(account_id))
        .filter(document_scan::Column::CreatedAt.gt(since))
        .one(db)
        .await?
        .map(to_record))
}

pub async fn delete<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<(), PersistenceError> {
    document_scan::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Scans made before `cutoff` (never registered), for clean-up.
pub async fn older_than<C: ConnectionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
) -> Result<Vec<DocumentScan>, PersistenceError> {
    Ok(document_scan::Entity::find()
        .filter(document_scan::Column::CreatedAt.lt(cutoff))
        .all(db)
        .await?
        .into_iter()
        .map(to_record)
        .collect())
}

/// Every scan an account has waiting.
pub async fn for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<DocumentScan>, PersistenceError> {
    Ok(document_scan::Entity::find()
        .filter(document_scan::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(to_record)
        .collect())
}

/// Bytes of all the photos waiting to be registered.
pub async fn pending_bytes<C: ConnectionTrait>(db: &C) -> Result<u64, PersistenceError> {
    let total: Option<Option<i64>> = document_scan::Entity::find()
        .select_only()
        // SUM of a bigint is a numeric on PostgreSQL: cast back.
        .column_as(
            sea_orm::sea_query::Expr::from(sea_orm::sea_query::Func::cast_as(
                document_scan::Column::ByteSize.sum(),
                sea_orm::sea_query::Alias::new("bigint"),
            )),
            "total",
        )
        .into_tuple()
        .one(db)
        .await?;
    Ok(total.flatten().map_or(0, |t| u64::try_from(t).unwrap_or(0)))
}

/// The account's waiting scans, oldest first.
pub async fn for_account_oldest_first<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<DocumentScan>, PersistenceError> {
    Ok(document_scan::Entity::find()
        .filter(document_scan::Column::AccountId.eq(account_id))
        .order_by_asc(document_scan::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_record)
        .collect())
}
