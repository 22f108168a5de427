use sea_orm::entity::prelude::*;

/// A day an office closes besides the public holidays.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citas_closures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub closed_on: Date,
    pub reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
