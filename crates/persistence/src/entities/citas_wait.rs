use sea_orm::entity::prelude::*;

/// An application waiting for a seat at an office between two dates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citas_waitlist")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    pub application_id: Uuid,
    pub office_code: String,
    /// The office's calendar days it waits for, both included.
    pub from_date: Date,
    pub until_date: Date,
    pub status: String,
    /// The application while the wait is open (waiting or offered); unique.
    pub active_key: Option<String>,
    pub offered_seat_id: Option<Uuid>,
    pub offered_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
