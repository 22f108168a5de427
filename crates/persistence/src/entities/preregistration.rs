use sea_orm::entity::prelude::*;

/// A pre-registration of a document's trip; `trip`, `additional` and `control` hold steps
/// 1 to 3 as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "preregistrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    pub document_id: Uuid,
    pub status: String,
    pub trip: Option<String>,
    pub additional: Option<String>,
    pub control: Option<String>,
    pub arrival_date: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
