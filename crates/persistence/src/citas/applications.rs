//! Citas applications (solicitudes): the form of one procedure for one person, with its
//! folio (número de pieza).

use crate::PersistenceError;
use crate::entities::citas_application;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// An application as stored; `details` is the form (`StartApplicationRequest` minus the
/// document and procedure) as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApplication {
    pub id: Uuid,
    pub folio: String,
    pub account_id: Uuid,
    pub document_id: Uuid,
    pub person_key: String,
    pub procedure_code: String,
    pub details: String,
    pub created_at: DateTime<Utc>,
}

fn to_stored(model: citas_application::Model) -> StoredApplication {
    StoredApplication {
        id: model.id,
        folio: model.folio,
        account_id: model.account_id,
        document_id: model.document_id,
        person_key: model.person_key,
        procedure_code: model.procedure_code,
        details: model.details,
        created_at: model.created_at,
    }
}

/// Stores a new application; a folio already given is `Duplicate("folio")` (draw another).
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    application: StoredApplication,
) -> Result<StoredApplication, PersistenceError> {
    let model = citas_application::ActiveModel {
        id: Set(application.id),
        folio: Set(application.folio),
        account_id: Set(application.account_id),
        document_id: Set(application.document_id),
        person_key: Set(application.person_key),
        procedure_code: Set(application.procedure_code),
        details: Set(application.details),
        created_at: Set(application.created_at),
    };
    let inserted = citas_application::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|e| PersistenceError::from_write(e, "folio"))?;
    Ok(to_stored(inserted))
}

/// The account's application `id`.
pub async fn find_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<Option<StoredApplication>, PersistenceError> {
    Ok(citas_application::Entity::find_by_id(id)
        .filter(citas_application::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .map(to_stored))
}

/// The application `id` of `account_id`, read only through the account's open session
/// `session_id`: the session check and the read are one statement. `None` when either is
/// missing (the caller tells which apart only when it must answer).
pub async fn find_for_open_session<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    session_id: Uuid,
    id: Uuid,
) -> Result<Option<StoredApplication>, PersistenceError> {
    use crate::entities::session;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let open_session = Query::select()
        .expr(Expr::val(1))
        .from(session::Entity)
        .and_where(Expr::col((session::Entity, session::Column::Id)).eq(session_id))
        .and_where(Expr::col((session::Entity, session::Column::AccountId)).eq(account_id))
        .and_where(Expr::col((session::Entity, session::Column::RevokedAt)).is_null())
        .to_owned();
    Ok(citas_application::Entity::find_by_id(id)
        .filter(citas_application::Column::AccountId.eq(account_id))
        .filter(Expr::exists(open_session))
        .one(db)
        .await?
        .map(to_stored))
}

/// The application `id`, whoever's it is.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<StoredApplication>, PersistenceError> {
    Ok(citas_application::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_stored))
}

/// The account's applications, newest first.
pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<StoredApplication>, PersistenceError> {
    Ok(citas_application::Entity::find()
        .filter(citas_application::Column::AccountId.eq(account_id))
        .order_by_desc(citas_application::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_stored)
        .collect())
}

/// Whether a document has applications (then it cannot be deleted).
pub async fn exist_for_document<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
) -> Result<bool, PersistenceError> {
    Ok(citas_application::Entity::find()
        .filter(citas_application::Column::DocumentId.eq(document_id))
        .one(db)
        .await?
        .is_some())
}
