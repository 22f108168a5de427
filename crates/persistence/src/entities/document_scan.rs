use sea_orm::entity::prelude::*;

/// A passport photo that was read and may become a document's picture.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_scans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    pub storage_key: String,
    pub document_code: String,
    pub created_at: DateTimeUtc,
    /// Bytes of the stored photo.
    pub byte_size: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
