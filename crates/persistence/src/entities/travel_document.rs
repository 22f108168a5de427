use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "travel_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    pub relationship: String,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: Date,
    pub birth_country: String,
    pub sex: String,
    pub nationality: String,
    pub document_type: String,
    pub classification: String,
    pub issuing_country: String,
    pub document_number: String,
    pub issue_date: Date,
    pub expiry_date: Date,
    pub created_at: DateTimeUtc,
    pub image_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
