use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: Date,
    pub nationality: String,
    pub sex: String,
    pub phone_country_code: String,
    pub phone: String,
    pub role: String,
    pub activated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub password_changed_at: DateTimeUtc,
    /// Set when an operator disabled this staff account.
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
