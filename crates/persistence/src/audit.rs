//! The audit log: who read or decided what, and when.

use crate::PersistenceError;
use crate::entities::audit_event;
use chrono::{DateTime, Utc};
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
    pub actor_role: String,
    pub action: String,
    pub preregistration_id: Option<Uuid>,
    pub subject: Option<String>,
}

impl AuditEntry {
    pub fn new(
        actor_account_id: Uuid,
        actor_role: &str,
        action: &str,
        preregistration_id: Option<Uuid>,
        subject: Option<&str>,
        occurred_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: Uuid::new_v4(),
            occurred_at,
            actor_account_id,
            actor_role: actor_role.to_owned(),
            action: action.to_owned(),
            preregistration_id,
            subject: subject.map(str::to_owned),
        }
    }
}

pub async fn record<C: ConnectionTrait>(db: &C, entry: AuditEntry) -> Result<(), PersistenceError> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(entry.id),
        occurred_at: Set(entry.occurred_at),
        actor_account_id: Set(entry.actor_account_id),
        actor_role: Set(entry.actor_role),
        action: Set(entry.action),
        preregistration_id: Set(entry.preregistration_id),
        subject: Set(entry.subject),
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
    Ok(query
        .order_by_desc(audit_event::Column::OccurredAt)
        .limit(filter.limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| AuditEntry {
            id: m.id,
            occurred_at: m.occurred_at,
            actor_account_id: m.actor_account_id,
            actor_role: m.actor_role,
            action: m.action,
            preregistration_id: m.preregistration_id,
            subject: m.subject,
        })
        .collect())
}
