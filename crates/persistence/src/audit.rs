//! The audit log: who read or decided what, when and from where. Each event is chained to
//! the one before it: its hash covers its fields and the previous event's hash, and
//! `sequence` is unique, so an edited or deleted row shows in [`verify`]. A request
//! records its event with one insert; [`chain_pending`], run every second, links the new
//! events in, one chainer at a time — a chain head contended by every request had taken
//! officer lookups from a p99 of 11 ms to 1.8 s at 500/s.

use crate::PersistenceError;
use crate::entities::audit_event;
use chrono::{DateTime, Timelike, Utc};
use portal_shared::accounts::Role;
use portal_shared::officers::AuditAction;
use portal_shared::preregistrations::AttachmentKind;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};
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
    /// Where the request came from (none for a command-line action).
    pub origin: Origin,
    /// A key id, an account, a rules version.
    pub detail: Option<String>,
    /// Place in the hash chain, once recorded.
    pub sequence: Option<i64>,
    pub entry_hash: Option<String>,
}

/// Where an audited action came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub session_id: Option<Uuid>,
    pub client_address: Option<String>,
    /// The browser's user agent, or `portal <command>` for the command line.
    pub user_agent: Option<String>,
}

/// The hash before the first event of the chain.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
            // Stored to the microsecond by both databases: hashed as stored.
            occurred_at: occurred_at
                .with_nanosecond(occurred_at.nanosecond() / 1000 * 1000)
                .unwrap_or(occurred_at),
            actor_account_id,
            actor_role,
            action,
            preregistration_id,
            subject,
            origin: Origin::default(),
            detail: None,
            sequence: None,
            entry_hash: None,
        }
    }

    pub fn from(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    pub fn about(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The hash of this entry at `sequence` after `previous_hash`.
    fn hash(&self, sequence: i64, previous_hash: &str) -> String {
        let optional = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
        let canonical = [
            "v1".to_owned(),
            sequence.to_string(),
            previous_hash.to_owned(),
            self.id.to_string(),
            self.occurred_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            self.actor_account_id.to_string(),
            self.actor_role.as_str().to_owned(),
            self.action.as_str().to_owned(),
            optional(self.preregistration_id.map(|id| id.to_string())),
            optional(self.subject.map(|kind| kind.as_str().to_owned())),
            optional(self.origin.session_id.map(|id| id.to_string())),
            optional(self.origin.client_address.clone()),
            optional(self.origin.user_agent.clone()),
            optional(self.detail.clone()),
        ]
        .join("\u{1f}");
        hex::encode(Sha256::digest(canonical.as_bytes()))
    }
}

/// The newest chained event's (sequence, hash).
async fn chain_head<C: ConnectionTrait>(db: &C) -> Result<(i64, String), PersistenceError> {
    Ok(audit_event::Entity::find()
        .filter(audit_event::Column::Sequence.is_not_null())
        .order_by_desc(audit_event::Column::Sequence)
        .one(db)
        .await?
        .and_then(|m| Some((m.sequence?, m.entry_hash?)))
        .unwrap_or((0, GENESIS.to_owned())))
}

/// Records `entry`, unchained: one plain insert, so that request after request can record
/// at once; [`chain_pending`] links it into the chain moments later.
pub async fn record<C: ConnectionTrait>(db: &C, entry: AuditEntry) -> Result<(), PersistenceError> {
    let user_agent = entry
        .origin
        .user_agent
        .as_ref()
        .map(|agent| agent.chars().take(300).collect::<String>());
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(entry.id),
        occurred_at: Set(entry.occurred_at),
        actor_account_id: Set(entry.actor_account_id),
        actor_role: Set(entry.actor_role.as_str().to_owned()),
        action: Set(entry.action.as_str().to_owned()),
        preregistration_id: Set(entry.preregistration_id),
        subject: Set(entry.subject.map(|kind| kind.as_str().to_owned())),
        session_id: Set(entry.origin.session_id),
        client_address: Set(entry.origin.client_address.clone()),
        user_agent: Set(user_agent),
        detail: Set(entry.detail.clone()),
        sequence: Set(None),
        previous_hash: Set(None),
        entry_hash: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Events linked per transaction: on SQLite the chainer holds the write lock meanwhile.
const CHAIN_BATCH: u64 = 100;
/// The PostgreSQL advisory lock the chainers of every server process take turns on.
const CHAIN_LOCK: i64 = 0x0A0D_17C4;

/// Links the events recorded since the last run into the chain, oldest first: each gets
/// the next `sequence`, the previous event's hash and its own. One chainer at a time —
/// on PostgreSQL an advisory lock, on SQLite the write lock — so the chain never forks;
/// the unique `sequence` would refuse a fork anyway. How many were linked.
pub async fn chain_pending<C>(db: &C) -> Result<u64, PersistenceError>
where
    C: ConnectionTrait + TransactionTrait,
    C::Transaction: TransactionSession,
{
    let mut linked = 0;
    loop {
        let tx = db
            .begin_with_options(sea_orm::TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..sea_orm::TransactionOptions::default()
            })
            .await?;
        if tx.get_database_backend() == sea_orm::DbBackend::Postgres {
            tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK})"))
                .await?;
        }
        let (mut sequence, mut previous_hash) = chain_head(&tx).await?;
        let pending = audit_event::Entity::find()
            .filter(audit_event::Column::Sequence.is_null())
            .order_by_asc(audit_event::Column::OccurredAt)
            .order_by_asc(audit_event::Column::Id)
            .limit(CHAIN_BATCH)
            .all(&tx)
            .await?;
        if pending.is_empty() {
            tx.commit().await?;
            return Ok(linked);
        }
        for model in pending {
            let id = model.id;
            // Hashed as read back, exactly as `verify` will read it.
            let entry = to_entry(model)?;
            sequence += 1;
            let entry_hash = entry.hash(sequence, &previous_hash);
            audit_event::Entity::update_many()
                .col_expr(audit_event::Column::Sequence, Some(sequence).into())
                .col_expr(
                    audit_event::Column::PreviousHash,
                    Some(previous_hash.clone()).into(),
                )
                .col_expr(
                    audit_event::Column::EntryHash,
                    Some(entry_hash.clone()).into(),
                )
                .filter(audit_event::Column::Id.eq(id))
                .filter(audit_event::Column::Sequence.is_null())
                .exec(&tx)
                .await?;
            previous_hash = entry_hash;
            linked += 1;
        }
        tx.commit().await?;
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every chained event hashes right and follows the one before; `unchained` events
    /// were recorded while the chain was being checked.
    Intact { chained: u64, unchained: u64 },
    /// The first event whose hash or link is wrong (edited, inserted or deleted around it).
    BrokenAt { sequence: i64 },
}

/// Links what is pending, then recomputes the chain from its start, a thousand events at
/// a time.
pub async fn verify<C>(db: &C) -> Result<ChainCheck, PersistenceError>
where
    C: ConnectionTrait + TransactionTrait,
    C::Transaction: TransactionSession,
{
    chain_pending(db).await?;
    let unchained = audit_event::Entity::find()
        .filter(audit_event::Column::Sequence.is_null())
        .count(db)
        .await?;
    let (mut expected_sequence, mut previous_hash) = (1_i64, GENESIS.to_owned());
    loop {
        let page = audit_event::Entity::find()
            .filter(audit_event::Column::Sequence.gte(expected_sequence))
            .order_by_asc(audit_event::Column::Sequence)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(ChainCheck::Intact {
                chained: u64::try_from(expected_sequence - 1).unwrap_or(0),
                unchained,
            });
        }
        for model in page {
            let sequence = model.sequence.unwrap_or_default();
            let stored_previous = model.previous_hash.clone().unwrap_or_default();
            let stored_hash = model.entry_hash.clone().unwrap_or_default();
            let entry = to_entry(model)?;
            if sequence != expected_sequence
                || stored_previous != previous_hash
                || entry.hash(sequence, &previous_hash) != stored_hash
            {
                return Ok(ChainCheck::BrokenAt {
                    sequence: expected_sequence,
                });
            }
            previous_hash = stored_hash;
            expected_sequence += 1;
        }
    }
}

fn to_entry(m: audit_event::Model) -> Result<AuditEntry, PersistenceError> {
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
        origin: Origin {
            session_id: m.session_id,
            client_address: m.client_address,
            user_agent: m.user_agent,
        },
        detail: m.detail,
        sequence: m.sequence,
        entry_hash: m.entry_hash,
    })
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
        .map(to_entry)
        .collect::<Result<_, PersistenceError>>()
}
