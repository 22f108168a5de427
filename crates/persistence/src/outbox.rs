//! The email outbox: rows written in the same transaction as the change that causes
//! them, claimed by delivery workers with `FOR UPDATE SKIP LOCKED` on PostgreSQL so
//! that several instances can deliver side by side.

use crate::PersistenceError;
use crate::entities::outbox_email;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A rendered email waiting to be delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    /// What the email is about (`activation`, `password_reset`, …), for logs and metrics.
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attachment: Option<EmailAttachment>,
    /// An iCalendar file (RFC 5545) sent with it as `text/calendar` (an appointment).
    pub calendar: Option<String>,
}

/// A file sent with an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAttachment {
    pub file_name: String,
    pub content_type: String,
    pub content: AttachmentContent,
}

/// The bytes of an attachment, or where the delivery worker renders them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentContent {
    Bytes(Vec<u8>),
    /// A reference the worker's attachment source understands, e.g. `receipt:<id>`.
    RenderedAtDelivery(String),
}

/// An email as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEmail {
    pub id: Uuid,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attachment: Option<EmailAttachment>,
    pub calendar: Option<String>,
}

impl OutboxEmail {
    /// Not delivered yet, and at least one attempt failed.
    pub fn is_failing(&self) -> bool {
        self.sent_at.is_none() && self.last_error.is_some()
    }
}

impl From<outbox_email::Model> for OutboxEmail {
    fn from(m: outbox_email::Model) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            subject: m.subject,
            body_text: m.body_text,
            body_html: m.body_html,
            attempts: u32::try_from(m.attempts).unwrap_or(0),
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attachment: match (
                m.attachment_name,
                m.attachment_content_type,
                m.attachment,
                m.attachment_source,
            ) {
                (Some(file_name), Some(content_type), Some(bytes), _) => Some(EmailAttachment {
                    file_name,
                    content_type,
                    content: AttachmentContent::Bytes(bytes),
                }),
                (Some(file_name), Some(content_type), None, Some(source)) => {
                    Some(EmailAttachment {
                        file_name,
                        content_type,
                        content: AttachmentContent::RenderedAtDelivery(source),
                    })
                }
                _ => None,
            },
            calendar: m.calendar_ics,
        }
    }
}

pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<Uuid, PersistenceError> {
    let id = Uuid::new_v4();
    outbox_email::Entity::insert(outbox_email::ActiveModel {
        id: Set(id),
        kind: Set(email.kind),
        recipient: Set(email.recipient),
        subject: Set(email.subject),
        body_text: Set(email.body_text),
        body_html: Set(email.body_html),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        attachment_name: Set(email.attachment.as_ref().map(|a| a.file_name.clone())),
        attachment_content_type: Set(email.attachment.as_ref().map(|a| a.content_type.clone())),
        attachment: Set(email.attachment.as_ref().and_then(|a| match &a.content {
            AttachmentContent::Bytes(bytes) => Some(bytes.clone()),
            AttachmentContent::RenderedAtDelivery(_) => None,
        })),
        calendar_ics: Set(email.calendar),
        attachment_source: Set(email.attachment.and_then(|a| match a.content {
            AttachmentContent::Bytes(_) => None,
            AttachmentContent::RenderedAtDelivery(source) => Some(source),
        })),
    })
    .exec(db)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due emails for `lease`; a claim that is not settled within the
/// lease (a crashed worker) becomes claimable again.
pub async fn claim_due<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    limit: u32,
    lease: Duration,
) -> Result<Vec<OutboxEmail>, PersistenceError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE outbox_emails SET locked_until = $1 WHERE id IN (\
               SELECT id FROM outbox_emails \
               WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                 AND (locked_until IS NULL OR locked_until <= $2) \
               ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING *"
        }
        // SQLite has a single writer: the UPDATE itself is the lock.
        _ => {
            "UPDATE outbox_emails SET locked_until = ? WHERE id IN (\
               SELECT id FROM outbox_emails \
               WHERE sent_at IS NULL AND next_attempt_at <= ? \
                 AND (locked_until IS NULL OR locked_until <= ?) \
               ORDER BY next_attempt_at LIMIT ?) \
             RETURNING *"
        }
    };
    let values: Vec<sea_orm::Value> = match backend {
        DatabaseBackend::Postgres => {
            vec![(now + lease).into(), now.into(), i64::from(limit).into()]
        }
        _ => vec![
            (now + lease).into(),
            now.into(),
            now.into(),
            i64::from(limit).into(),
        ],
    };
    let claimed = outbox_email::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    Ok(claimed.into_iter().map(OutboxEmail::from).collect())
}

pub async fn mark_sent<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    error: &str,
    next_attempt_at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(
            outbox_email::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<OutboxEmail>, PersistenceError> {
    Ok(outbox_email::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(OutboxEmail::from))
}

/// Whether an email was delivered, and whether an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryState {
    pub sent: bool,
    pub failing: bool,
}

impl DeliveryState {
    /// From an outbox row's `sent_at` and `last_error`.
    pub fn of(sent_at: Option<DateTime<Utc>>, last_error: Option<&str>) -> Self {
        let sent = sent_at.is_some();
        Self {
            sent,
            failing: !sent && last_error.is_some(),
        }
    }
}

/// The delivery state of each of `ids` still in the outbox, in one query that reads no
/// bodies.
pub async fn delivery_states<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, DeliveryState>, PersistenceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, Option<DateTime<Utc>>, Option<String>)> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .column(outbox_email::Column::SentAt)
        .column(outbox_email::Column::LastError)
        .filter(outbox_email::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, sent_at, last_error)| (id, DeliveryState::of(sent_at, last_error.as_deref())))
        .collect())
}

/// Every email to `recipient`, oldest first.
pub async fn for_recipient<C: ConnectionTrait>(
    db: &C,
    recipient: &str,
) -> Result<Vec<OutboxEmail>, PersistenceError> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::Recipient.eq(recipient))
        .order_by_asc(outbox_email::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(OutboxEmail::from)
        .collect())
}

/// How many emails are still waiting for delivery.
pub async fn pending_count<C: ConnectionTrait>(db: &C) -> Result<u64, PersistenceError> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .count(db)
        .await?)
}

/// Makes an undelivered email due at once (a traveler asked to resend it); `false` when it
/// was already delivered.
pub async fn retry_now<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    let result = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
