//! Travel documents, always reached through the account that registered them.

use crate::PersistenceError;
use crate::entities::travel_document;
use chrono::{DateTime, Utc};
use portal_domain::documents::{PassportData, TravelDocument};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

pub(crate) fn to_domain(m: travel_document::Model) -> Result<TravelDocument, PersistenceError> {
    use crate::stored_code;
    Ok(TravelDocument {
        id: m.id,
        account_id: m.account_id,
        data: PassportData {
            relationship: stored_code(&m.relationship, "relationship")?,
            given_names: m.given_names,
            surnames: m.surnames,
            birth_date: m.birth_date,
            birth_country: m.birth_country,
            sex: stored_code(&m.sex, "sex")?,
            nationality: m.nationality,
            document_type: stored_code(&m.document_type, "document type")?,
            classification: stored_code(&m.classification, "classification")?,
            issuing_country: m.issuing_country,
            document_number: m.document_number,
            issue_date: m.issue_date,
            expiry_date: m.expiry_date,
        },
        registered_at: m.created_at,
        image_key: m.image_key,
    })
}

/// Registers a document; the same passport twice in one account is `Duplicate("document")`.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    data: PassportData,
    image_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<TravelDocument, PersistenceError> {
    insert_with_id(db, Uuid::new_v4(), account_id, data, image_key, now).await
}

/// Same as [`insert`] with a chosen id (the picture is stored under it first).
pub async fn insert_with_id<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    account_id: Uuid,
    data: PassportData,
    image_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<TravelDocument, PersistenceError> {
    let model = travel_document::ActiveModel {
        id: Set(id),
        image_key: Set(image_key),
        account_id: Set(account_id),
        relationship: Set(data.relationship.as_str().to_owned()),
        given_names: Set(data.given_names),
        surnames: Set(data.surnames),
        birth_date: Set(data.birth_date),
        birth_country: Set(data.birth_country),
        sex: Set(data.sex.as_str().to_owned()),
        nationality: Set(data.nationality),
        document_type: Set(data.document_type.as_str().to_owned()),
        classification: Set(data.classification.as_str().to_owned()),
        issuing_country: Set(data.issuing_country),
        document_number: Set(data.document_number),
        issue_date: Set(data.issue_date),
        expiry_date: Set(data.expiry_date),
        created_at: Set(now),
    };
    let inserted = travel_document::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|e| PersistenceError::from_write(e, "document"))?;
    to_domain(inserted)
}

/// The account's documents, oldest first (the order of the "No." column).
pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<TravelDocument>, PersistenceError> {
    travel_document::Entity::find()
        .filter(travel_document::Column::AccountId.eq(account_id))
        .order_by_asc(travel_document::Column::CreatedAt)
        .order_by_asc(travel_document::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect::<Result<_, _>>()
}

/// The document `id` when it belongs to `account_id`; another account's is `None`.
pub async fn find_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<Option<TravelDocument>, PersistenceError> {
    travel_document::Entity::find_by_id(id)
        .filter(travel_document::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

/// Deletes the document when it belongs to `account_id`; false when there was none.
pub async fn delete_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<bool, PersistenceError> {
    Ok(travel_document::Entity::delete_many()
        .filter(travel_document::Column::Id.eq(id))
        .filter(travel_document::Column::AccountId.eq(account_id))
        .exec(db)
        .await
        .map_err(|e| PersistenceError::from_write(e, "document"))?
        .rows_affected
        == 1)
}
