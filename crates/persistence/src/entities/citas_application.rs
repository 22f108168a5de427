use sea_orm::entity::prelude::*;

/// A Citas application (solicitud) with its folio; `details` holds the form as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citas_applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Número de pieza.
    pub folio: String,
    pub account_id: Uuid,
    pub document_id: Uuid,
    /// Who the applicant is, whatever document or account they use.
    pub person_key: String,
    pub procedure_code: String,
    pub details: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
