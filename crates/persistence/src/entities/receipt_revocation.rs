use sea_orm::entity::prelude::*;

/// Every receipt of the pre-registration up to `revision` is no longer valid.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipt_revocations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub preregistration_id: Uuid,
    pub revision: i32,
    pub reason: String,
    pub revoked_at: DateTimeUtc,
    /// The arrival date of the revision named (empty for those recorded before it was).
    pub arrival_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
