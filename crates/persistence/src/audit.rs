//! The audit log: who read or decided what, and when.

use crate::PersistenceError;
use crate::entities::audit_event;
use chrono::{DateTime, Utc};
use portal_shared::accounts::Role;
use portal_shared::officers::AuditAction;
use portal_shared::preregistrations::AttachmentKind;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// One event, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_account_id: Uuid,
    pub actor_role: Role,
    pub action: AuditAction,
    pub preregistration_id: Option<Uuid>,
    pub subject: Option<AttachmentKind>,
}

impl AuditEntry {
    pub fn new(
        actor_account_id: Uuid,
        actor_role: Role,
        action: AuditAction,
        preregistration_id: Option<Uuid>,
        subject: Option<AttachmentKind>,
        occurred_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: Uuid::new_v4(),
            occurred_at,
            actor_account_id,
            actor_role,
            action,
            preregistration_id,
            subject,
        }
    }
}

pub async fn record<C: ConnectionTrait>(db: &C, entry: AuditEntry) -> Result<(), PersistenceError> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(entry.id),
        occurred_at: Set(entry.occurred_at),
        actor_account_id: Set(entry.actor_account_id),
        actor_role: Set(entry.actor_role.as_str().to_owned()),
        action: Set(entry.action.as_str().to_owned()),
        preregistration_id: Set(entry.preregistration_id),
        subject: Set(entry.subject.map(|kind| kind.as_str().to_owned())),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<DateTime<Utc>>,
    pub actor_account_id: Option<Uuid>,
    pub preregistration_id: Option<Uuid>,
    pub limit: u64,
}

/// Matching events, newest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, PersistenceError> {
    let mut query = audit_event::Entity::find();
    if let Some(since) = filter.since {
        query = query.filter(audit_event::Column::OccurredAt.gte(since));
    }
    if let Some(actor) = filter.actor_account_id {
        query = query.filter(audit_event::Column::ActorAccountId.eq(actor));
    }
    if let Some(id) = filter.preregistration_id {
        query = query.filter(audit_event::Column::PreregistrationId.eq(id));
    }
    query
        .order_by_desc(audit_event::Column::OccurredAt)
        .limit(filter.limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(AuditEntry {
                id: m.id,
                occurred_at: m.occurred_at,
                actor_account_id: m.actor_account_id,
                actor_role: crate::stored_code(&m.actor_role, "audit actor role")?,
                action: crate::stored_code(&m.action, "audit action")?,
                preregistration_id: m.preregistration_id,
                subject: m
                    .subject
                    .map(|kind| crate::stored_code(&kind, "audit subject"))
                    .transpose()?,
            })
        })
        .collect::<Result<_, PersistenceError>>()
}
