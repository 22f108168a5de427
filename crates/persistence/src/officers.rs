//! Officer accounts: an account with the officer role plus its badge and port.

use crate::PersistenceError;
use crate::accounts::NewAccount;
use crate::entities::officer;
use chrono::{DateTime, Utc};
use portal_domain::account::Account;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// What the officer's decisions carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub account_id: Uuid,
    pub badge_number: String,
    /// Port of entry code (catalog `entry_points`).
    pub port_code: String,
    /// The Citas office whose agenda the officer keeps, if assigned to one.
    pub citas_office: Option<String>,
}

/// Creates the account and its officer record; a taken email is `Duplicate("email")`, a
/// taken badge `Duplicate("badge")`. Call inside a transaction.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    account: NewAccount,
    badge_number: &str,
    port_code: &str,
    now: DateTime<Utc>,
) -> Result<Account, PersistenceError> {
    let account = crate::accounts::insert(db, account, now).await?;
    officer::Entity::insert(officer::ActiveModel {
        account_id: Set(account.id),
        badge_number: Set(badge_number.to_owned()),
        port_code: Set(port_code.to_owned()),
        citas_office: Set(None),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "badge"))?;
    Ok(account)
}

pub async fn find<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Option<Officer>, PersistenceError> {
    Ok(officer::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .map(|m| Officer {
            account_id: m.account_id,
            badge_number: m.badge_number,
            port_code: m.port_code,
            citas_office: m.citas_office,
        }))
}

/// Assigns the officer to the Citas office `office_code` (or to none); false when the
/// account is not an officer.
pub async fn assign_citas_office<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    office_code: Option<&str>,
) -> Result<bool, PersistenceError> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let assigned = officer::Entity::update_many()
        .col_expr(
            officer::Column::CitasOffice,
            Expr::value(office_code.map(str::to_owned)),
        )
        .filter(officer::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(assigned.rows_affected == 1)
}
