use sea_orm::entity::prelude::*;

/// One seat (counter) of one published slot of an office.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citas_seats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_code: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub seat_number: i32,
    /// Who holds or booked it; empty when free.
    pub holder_account_id: Option<Uuid>,
    /// The application (pieza) a hold or booking is for.
    pub hold_application_id: Option<Uuid>,
    /// A hold: free again after this instant. Empty once booked.
    pub held_until: Option<DateTimeUtc>,
    /// The appointment booked into it.
    pub appointment_id: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
