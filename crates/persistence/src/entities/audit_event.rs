use sea_orm::entity::prelude::*;

/// One read or decision by an officer or operator.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_account_id: Uuid,
    pub actor_role: String,
    pub action: String,
    pub preregistration_id: Option<Uuid>,
    pub subject: Option<String>,
    pub session_id: Option<Uuid>,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    /// A key id, an account, a rules version: what a staff or command-line action was on.
    pub detail: Option<String>,
    /// Place in the hash chain (none for events recorded before the chain).
    pub sequence: Option<i64>,
    pub previous_hash: Option<String>,
    pub entry_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
