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
    pub submitted_at: Option<DateTimeUtc>,
    pub idempotency_key: Option<String>,
    pub rule_version: Option<i32>,
    /// JSON array of the codes of the rules that fired.
    pub fired_rules: Option<String>,
    /// 0 until approved; each flight change issues the next receipt revision.
    pub revision: i32,
    pub receipt_issued_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub receipt_email_id: Option<Uuid>,
    pub fmm_email_id: Option<Uuid>,
    pub entry_recorded_at: Option<DateTimeUtc>,
    pub entry_officer_id: Option<Uuid>,
    pub entry_officer_badge: Option<String>,
    pub entry_port: Option<String>,
    /// Admitted: days of stay authorized.
    pub authorized_days: Option<i32>,
    /// Refused: the reason code.
    pub refusal_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
