//! Accounts and their single-use email links.

use crate::PersistenceError;
use crate::entities::{account, account_token};
use chrono::{DateTime, NaiveDate, Utc};
use portal_domain::account::{Account, EmailLinkPurpose, Role};
use portal_shared::catalogs::Sex;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Data of an account about to be created (email already normalized, password hashed).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub password_hash: String,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub nationality: String,
    pub sex: Sex,
    pub phone_country_code: String,
    pub phone: String,
    pub role: Role,
    /// Officer accounts created by the operator are active at once.
    pub activated_at: Option<DateTime<Utc>>,
}

fn to_domain(model: account::Model) -> Result<Account, PersistenceError> {
    let role: Role = crate::stored_code(&model.role, "role")?;
    Ok(Account {
        id: model.id,
        email: model.email,
        password_hash: model.password_hash,
        given_names: model.given_names,
        surnames: model.surnames,
        birth_date: model.birth_date,
        nationality: model.nationality,
        sex: crate::stored_code(&model.sex, "sex")?,
        phone_country_code: model.phone_country_code,
        phone: model.phone,
        role,
        activated_at: model.activated_at,
        created_at: model.created_at,
        disabled_at: model.disabled_at,
    })
}

/// Inserts an account; a taken email is `Duplicate("email")`.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    new: NewAccount,
    now: DateTime<Utc>,
) -> Result<Account, PersistenceError> {
    let model = account::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email),
        password_hash: Set(new.password_hash),
        given_names: Set(new.given_names),
        surnames: Set(new.surnames),
        birth_date: Set(new.birth_date),
        nationality: Set(new.nationality),
        sex: Set(new.sex.as_str().to_owned()),
        phone_country_code: Set(new.phone_country_code),
        phone: Set(new.phone),
        role: Set(new.role.as_str().to_owned()),
        activated_at: Set(new.activated_at),
        created_at: Set(now),
        password_changed_at: Set(now),
        disabled_at: Set(None),
    };
    let inserted = account::Entity::insert(model)
        .exec_with_returning(db)
        .await
        .map_err(|e| PersistenceError::from_write(e, "email"))?;
    to_domain(inserted)
}

/// The account with this normalized email.
pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<Account>, PersistenceError> {
    account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

pub async fn find_by_id<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<Account>, PersistenceError> {
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

/// Marks the account active (idempotent: the first activation time is kept).
pub async fn activate<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    account::Entity::update_many()
        .col_expr(account::Column::ActivatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(id))
        .filter(account::Column::ActivatedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_password_hash<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(account::Column::PasswordChangedAt, Expr::value(now))
        .filter(account::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores the digest of a new single-use link. Earlier unused links of the same
/// purpose stop working, so only the newest email is valid.
pub async fn issue_email_link<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    purpose: EmailLinkPurpose,
    token_digest: String,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::AccountId.eq(account_id))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    account_token::Entity::insert(account_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(account_id),
        purpose: Set(purpose.as_str().to_owned()),
        token_digest: Set(token_digest),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "token"))?;
    Ok(())
}

/// Uses up a link: returns its account when the digest exists for this purpose, has not
/// expired and was not used. A single conditional UPDATE, so two concurrent uses cannot
/// both succeed.
/// Whether `token_digest` is a link for `purpose` that is still unused and unexpired (a
/// cheap look-up made before any expensive work the link would lead to).
pub async fn email_link_is_usable<C: ConnectionTrait>(
    db: &C,
    purpose: EmailLinkPurpose,
    token_digest: &str,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(account_token::Entity::find()
        .filter(account_token::Column::TokenDigest.eq(token_digest))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .is_some())
}

/// Disables the account (staff offboarding); `false` when it already was.
pub async fn disable<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let updated = account::Entity::update_many()
        .col_expr(account::Column::DisabledAt, Expr::value(now))
        .filter(account::Column::Id.eq(id))
        .filter(account::Column::DisabledAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn consume_email_link<C: ConnectionTrait>(
    db: &C,
    purpose: EmailLinkPurpose,
    token_digest: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, PersistenceError> {
    let updated = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::TokenDigest.eq(token_digest))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(None);
    }
    Ok(account_token::Entity::find()
        .filter(account_token::Column::TokenDigest.eq(token_digest))
        .one(db)
        .await?
        .map(|token| token.account_id))
}

/// Deletes the account; its links, sessions and documents go with it (foreign keys
/// cascade), and so do the emails addressed to it.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    email: &str,
) -> Result<(), PersistenceError> {
    crate::entities::outbox_email::Entity::delete_many()
        .filter(crate::entities::outbox_email::Column::Recipient.eq(email))
        .exec(db)
        .await?;
    account::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
