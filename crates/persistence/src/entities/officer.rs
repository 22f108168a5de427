use sea_orm::entity::prelude::*;

/// What an officer account has beyond the account: badge number and port of entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "officers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    pub badge_number: String,
    pub port_code: String,
    /// The Citas office whose agenda the officer keeps, if any.
    pub citas_office: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
