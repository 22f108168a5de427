//! The versioned eligibility rules: every edit is a new version, none is overwritten, so
//! that each recorded decision can be explained by the rules that took it.

use crate::PersistenceError;
use crate::entities::eligibility_rule_set;
use chrono::{DateTime, Utc};
use portal_domain::eligibility::RuleSet;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder};

/// A stored version of the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRuleSet {
    pub version: u32,
    pub rules: RuleSet,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn to_stored(m: eligibility_rule_set::Model) -> Result<StoredRuleSet, PersistenceError> {
    let rules = RuleSet::parse(&m.rules)
        .map_err(|e| PersistenceError::Corrupt(format!("rule set {}: {e}", m.version)))?;
    Ok(StoredRuleSet {
        version: u32::try_from(m.version).unwrap_or(0),
        rules,
        note: m.note,
        created_at: m.created_at,
    })
}

/// The rules in force: the highest version.
pub async fn current<C: ConnectionTrait>(
    db: &C,
) -> Result<Option<StoredRuleSet>, PersistenceError> {
    eligibility_rule_set::Entity::find()
        .order_by_desc(eligibility_rule_set::Column::Version)
        .one(db)
        .await?
        .map(to_stored)
        .transpose()
}

/// One version, e.g. to explain an old decision.
pub async fn version<C: ConnectionTrait>(
    db: &C,
    version: u32,
) -> Result<Option<StoredRuleSet>, PersistenceError> {
    eligibility_rule_set::Entity::find_by_id(i32::try_from(version).unwrap_or(i32::MAX))
        .one(db)
        .await?
        .map(to_stored)
        .transpose()
}

/// Every version, newest first.
pub async fn history<C: ConnectionTrait>(db: &C) -> Result<Vec<StoredRuleSet>, PersistenceError> {
    eligibility_rule_set::Entity::find()
        .order_by_desc(eligibility_rule_set::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// Puts `rules` in force as the next version; returns its number. Two operators saving at
/// once: the second gets `Duplicate("rule set version")` and can retry.
pub async fn publish<C: ConnectionTrait>(
    db: &C,
    rules: &RuleSet,
    note: &str,
    now: DateTime<Utc>,
) -> Result<u32, PersistenceError> {
    let next = current(db).await?.map_or(1, |c| c.version + 1);
    insert(db, next, rules, note, now).await?;
    Ok(next)
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    version: u32,
    rules: &RuleSet,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    eligibility_rule_set::Entity::insert(eligibility_rule_set::ActiveModel {
        version: Set(i32::try_from(version).unwrap_or(i32::MAX)),
        rules: Set(rules.to_json()),
        note: Set(note.chars().take(200).collect()),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "rule set version"))?;
    Ok(())
}

/// Stores the initial rules as version 1 when no version exists yet (first start).
pub async fn ensure_initial<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    if current(db).await?.is_some() {
        return Ok(());
    }
    match insert(db, 1, &RuleSet::initial(), "Initial rules", now).await {
        // Another instance starting at the same moment stored it.
        Ok(()) | Err(PersistenceError::Duplicate(_)) => Ok(()),
        Err(other) => Err(other),
    }
}
