use sea_orm::entity::prelude::*;

/// An appointment booked into one seat for one application.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citas_appointments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub account_id: Uuid,
    pub office_code: String,
    pub seat_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub status: String,
    /// Person and procedure while booked, empty otherwise; unique.
    pub active_key: Option<String>,
    pub reschedules: i32,
    /// The calendar file's SEQUENCE: raised by each reschedule and by the cancellation.
    pub sequence: i32,
    pub booked_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    /// The reminders of 72 h and of 24 h before, once sent.
    pub first_reminder_at: Option<DateTimeUtc>,
    pub second_reminder_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
