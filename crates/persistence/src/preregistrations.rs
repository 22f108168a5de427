//! Pre-registrations and each document's Pre-Registro variant, always reached through the
//! account that owns them.

use crate::PersistenceError;
use crate::entities::{preregistration, preregistration_attachment, preregistration_profile};
use chrono::{DateTime, Utc};
use portal_domain::preregistrations::{
    Decision, EntryDecision, EntryOutcome, Preregistration, PreregistrationStatus,
    StoredAttachment, VariantChoice,
};
use portal_shared::officers::RevocationReason;
use portal_shared::preregistrations::{AdditionalInformation, MigrationControl, TripInformation};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A step stored as JSON, read back.
fn from_json<T: DeserializeOwned>(
    json: Option<String>,
    step: &str,
) -> Result<Option<T>, PersistenceError> {
    json.map(|json| serde_json::from_str::<T>(&json))
        .transpose()
        .map_err(|e| PersistenceError::Corrupt(format!("preregistration {step}: {e}")))
}

/// A step as stored.
fn to_json(step: &impl serde::Serialize) -> Result<String, PersistenceError> {
    serde_json::to_string(step).map_err(|e| PersistenceError::Corrupt(e.to_string()))
}

pub(crate) fn to_domain(m: preregistration::Model) -> Result<Preregistration, PersistenceError> {
    let status: PreregistrationStatus = crate::stored_code(&m.status, "preregistration status")?;
    let trip = from_json::<TripInformation>(m.trip, "trip")?;
    let additional = from_json::<AdditionalInformation>(m.additional, "additional")?;
    let control = from_json::<MigrationControl>(m.control, "control")?;
    let decision = match (m.rule_version, m.submitted_at) {
        (Some(version), Some(decided_at)) => Some(Decision {
            rule_version: u32::try_from(version).unwrap_or(0),
            fired_rules: from_json::<Vec<String>>(m.fired_rules, "fired rules")?
                .unwrap_or_default(),
            decided_at,
        }),
        _ => None,
    };
    let entry = match (m.entry_recorded_at, m.entry_officer_id) {
        (Some(recorded_at), Some(officer_id)) => Some(EntryDecision {
            outcome: match (m.authorized_days, m.refusal_reason) {
                (Some(days), None) => EntryOutcome::Admitted {
                    authorized_days: u32::try_from(days).unwrap_or(0),
                },
                (None, Some(reason)) => EntryOutcome::Refused {
                    reason: crate::stored_code(&reason, "refusal reason")?,
                },
                _ => {
                    return Err(PersistenceError::Corrupt(format!(
                        "preregistration {} entry decision",
                        m.id
                    )));
                }
            },
            recorded_at,
            officer_id,
            officer_badge: m.entry_officer_badge.unwrap_or_default(),
            port: m.entry_port.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Preregistration {
        id: m.id,
        account_id: m.account_id,
        document_id: m.document_id,
        status,
        trip,
        additional,
        control,
        created_at: m.created_at,
        updated_at: m.updated_at,
        decision,
        idempotency_key: m.idempotency_key,
        revision: u32::try_from(m.revision).unwrap_or(0),
        receipt_issued_at: m.receipt_issued_at,
        cancelled_at: m.cancelled_at,
        receipt_email_id: m.receipt_email_id,
        fmm_email_id: m.fmm_email_id,
        entry,
    })
}

/// The variant chosen for a document, if it was.
pub async fn variant_of<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
) -> Result<Option<VariantChoice>, PersistenceError> {
    preregistration_profile::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .map(|m| {
            Ok(VariantChoice {
                variant: crate::stored_code(&m.variant, "variant")?,
                reference: m.reference,
            })
        })
        .transpose()
}

/// Keeps a document's variant; a second choice is `Duplicate("variant")`.
pub async fn choose_variant<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
    choice: VariantChoice,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    preregistration_profile::Entity::insert(preregistration_profile::ActiveModel {
        document_id: Set(document_id),
        variant: Set(choice.variant.as_str().to_owned()),
        reference: Set(choice.reference),
        created_at: Set(now),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "variant"))?;
    Ok(())
}

/// The document's draft, the newest if several.
pub async fn draft_for_document<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    document_id: Uuid,
) -> Result<Option<Preregistration>, PersistenceError> {
    preregistration::Entity::find()
        .filter(preregistration::Column::AccountId.eq(account_id))
        .filter(preregistration::Column::DocumentId.eq(document_id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .order_by_desc(preregistration::Column::CreatedAt)
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

/// Starts an empty draft for the document.
pub async fn insert_draft<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    document_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Preregistration, PersistenceError> {
    let inserted = preregistration::Entity::insert(preregistration::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(account_id),
        document_id: Set(document_id),
        status: Set(PreregistrationStatus::Draft.as_str().to_owned()),
        trip: Set(None),
        additional: Set(None),
        control: Set(None),
        arrival_date: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        idempotency_key: Set(None),
        rule_version: Set(None),
        fired_rules: Set(None),
        revision: Set(0),
        receipt_issued_at: Set(None),
        cancelled_at: Set(None),
        receipt_email_id: Set(None),
        fmm_email_id: Set(None),
        entry_recorded_at: Set(None),
        entry_officer_id: Set(None),
        entry_officer_badge: Set(None),
        entry_port: Set(None),
        authorized_days: Set(None),
        refusal_reason: Set(None),
    })
    .exec_with_returning(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "preregistration"))?;
    to_domain(inserted)
}

/// The pre-registration `id`, whoever owns it (for background work such as rendering an
/// email's attachment; requests go through [`find_for_account`]).
pub async fn find<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<Preregistration>, PersistenceError> {
    preregistration::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

/// The pre-registration `id` when it belongs to `account_id`; another account's is `None`.
pub async fn find_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    id: Uuid,
) -> Result<Option<Preregistration>, PersistenceError> {
    preregistration::Entity::find_by_id(id)
        .filter(preregistration::Column::AccountId.eq(account_id))
        .one(db)
        .await?
        .map(to_domain)
        .transpose()
}

/// Stores step 1 of a draft.
pub async fn save_trip<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    trip: &TripInformation,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let json = to_json(trip)?;
    preregistration::Entity::update_many()
        .col_expr(preregistration::Column::Trip, json.into())
        .col_expr(
            preregistration::Column::ArrivalDate,
            trip.arrival_date.into(),
        )
        .col_expr(preregistration::Column::UpdatedAt, now.into())
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores step 2 of a draft.
pub async fn save_additional<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    additional: &AdditionalInformation,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let json = to_json(additional)?;
    preregistration::Entity::update_many()
        .col_expr(preregistration::Column::Additional, json.into())
        .col_expr(preregistration::Column::UpdatedAt, now.into())
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores step 3 of a draft.
pub async fn save_control<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    control: &MigrationControl,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    preregistration::Entity::update_many()
        .col_expr(preregistration::Column::Control, to_json(control)?.into())
        .col_expr(preregistration::Column::UpdatedAt, now.into())
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Records an attached file, replacing the one of the same kind.
pub async fn put_attachment<C: ConnectionTrait>(
    db: &C,
    preregistration_id: Uuid,
    attachment: StoredAttachment,
) -> Result<(), PersistenceError> {
    preregistration_attachment::Entity::delete_many()
        .filter(preregistration_attachment::Column::PreregistrationId.eq(preregistration_id))
        .filter(preregistration_attachment::Column::Kind.eq(attachment.kind.as_str()))
        .exec(db)
        .await?;
    preregistration_attachment::Entity::insert(preregistration_attachment::ActiveModel {
        preregistration_id: Set(preregistration_id),
        kind: Set(attachment.kind.as_str().to_owned()),
        file_name: Set(attachment.file_name),
        content_type: Set(attachment.content_type.as_str().to_owned()),
        size: Set(i64::try_from(attachment.size).unwrap_or(i64::MAX)),
        storage_key: Set(attachment.storage_key),
        created_at: Set(attachment.uploaded_at),
    })
    .exec(db)
    .await
    .map_err(|e| PersistenceError::from_write(e, "attachment"))?;
    Ok(())
}

/// The files attached to a pre-registration, in upload order.
pub async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    preregistration_id: Uuid,
) -> Result<Vec<StoredAttachment>, PersistenceError> {
    preregistration_attachment::Entity::find()
        .filter(preregistration_attachment::Column::PreregistrationId.eq(preregistration_id))
        .order_by_asc(preregistration_attachment::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(StoredAttachment {
                kind: crate::stored_code(&m.kind, "attachment kind")?,
                file_name: m.file_name,
                content_type: crate::stored_code(&m.content_type, "attachment content type")?,
                size: u64::try_from(m.size).unwrap_or(0),
                storage_key: m.storage_key,
                uploaded_at: m.created_at,
            })
        })
        .collect::<Result<_, PersistenceError>>()
}

/// Where every file attached to the account's pre-registrations is stored.
pub async fn attachment_keys_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<String>, PersistenceError> {
    let ids: Vec<Uuid> = preregistration::Entity::find()
        .filter(preregistration::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    Ok(preregistration_attachment::Entity::find()
        .filter(preregistration_attachment::Column::PreregistrationId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.storage_key)
        .collect())
}

/// Deletes the drafts whose arrival date is before `today`: they can no longer be sent.
/// Returns where their attached files are stored, for the caller to delete.
pub async fn delete_drafts_arriving_before<C: ConnectionTrait>(
    db: &C,
    today: chrono::NaiveDate,
) -> Result<Vec<String>, PersistenceError> {
    let ids: Vec<Uuid> = preregistration::Entity::find()
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .filter(preregistration::Column::ArrivalDate.lt(today))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let keys = preregistration_attachment::Entity::find()
        .filter(preregistration_attachment::Column::PreregistrationId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.storage_key)
        .collect();
    preregistration::Entity::delete_many()
        .filter(preregistration::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(keys)
}

/// Whether any pre-registration refers to the document (it can then not be deleted).
pub async fn exists_for_document<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
) -> Result<bool, PersistenceError> {
    Ok(preregistration::Entity::find()
        .filter(preregistration::Column::DocumentId.eq(document_id))
        .one(db)
        .await?
        .is_some())
}

/// The outcome of a submission, to be written over the draft.
#[derive(Debug, Clone)]
pub struct SubmissionRecord {
    pub status: PreregistrationStatus,
    pub idempotency_key: String,
    pub decision: Decision,
    /// 1 when approved, 0 otherwise.
    pub revision: u32,
    pub receipt_issued_at: Option<DateTime<Utc>>,
    pub receipt_email_id: Option<Uuid>,
    pub fmm_email_id: Option<Uuid>,
}

/// Writes the decision over the draft `id`; `false` when it is no longer a draft (another
/// submission got there first), in which case nothing was written.
pub async fn record_submission<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    record: SubmissionRecord,
) -> Result<bool, PersistenceError> {
    let fired = to_json(&record.decision.fired_rules)?;
    let result = preregistration::Entity::update_many()
        .col_expr(
            preregistration::Column::Status,
            record.status.as_str().into(),
        )
        .col_expr(
            preregistration::Column::IdempotencyKey,
            Some(record.idempotency_key).into(),
        )
        .col_expr(
            preregistration::Column::SubmittedAt,
            Some(record.decision.decided_at).into(),
        )
        .col_expr(
            preregistration::Column::RuleVersion,
            Some(i32::try_from(record.decision.rule_version).unwrap_or(i32::MAX)).into(),
        )
        .col_expr(preregistration::Column::FiredRules, Some(fired).into())
        .col_expr(
            preregistration::Column::Revision,
            i32::try_from(record.revision).unwrap_or(0).into(),
        )
        .col_expr(
            preregistration::Column::ReceiptIssuedAt,
            record.receipt_issued_at.into(),
        )
        .col_expr(
            preregistration::Column::ReceiptEmailId,
            record.receipt_email_id.into(),
        )
        .col_expr(
            preregistration::Column::FmmEmailId,
            record.fmm_email_id.into(),
        )
        .col_expr(
            preregistration::Column::UpdatedAt,
            record.decision.decided_at.into(),
        )
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Draft.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Cancels the document's other approved pre-registrations arriving on `arrival` and
/// revokes their receipts; returns how many.
pub async fn cancel_same_arrival<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
    arrival: chrono::NaiveDate,
    except: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, PersistenceError> {
    let cancelled = preregistration::Entity::update_many()
        .col_expr(
            preregistration::Column::Status,
            PreregistrationStatus::Cancelled.as_str().into(),
        )
        .col_expr(preregistration::Column::CancelledAt, Some(now).into())
        .col_expr(preregistration::Column::UpdatedAt, now.into())
        .filter(preregistration::Column::DocumentId.eq(document_id))
        .filter(preregistration::Column::ArrivalDate.eq(arrival))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Approved.as_str()))
        .filter(preregistration::Column::Id.ne(except))
        .exec_with_returning(db)
        .await?;
    for model in &cancelled {
        crate::revocations::insert(
            db,
            model.id,
            u32::try_from(model.revision).unwrap_or(0),
            Some(arrival),
            RevocationReason::Cancelled,
            now,
        )
        .await?;
    }
    Ok(cancelled.len() as u64)
}

/// When the document was last refused by the eligibility rules, if ever.
pub async fn last_refusal<C: ConnectionTrait>(
    db: &C,
    document_id: Uuid,
) -> Result<Option<DateTime<Utc>>, PersistenceError> {
    Ok(preregistration::Entity::find()
        .filter(preregistration::Column::DocumentId.eq(document_id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::NotEligible.as_str()))
        .order_by_desc(preregistration::Column::SubmittedAt)
        .one(db)
        .await?
        .and_then(|m| m.submitted_at))
}

/// Every pre-registration of the account, newest first.
pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<Vec<Preregistration>, PersistenceError> {
    preregistration::Entity::find()
        .filter(preregistration::Column::AccountId.eq(account_id))
        .order_by_desc(preregistration::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect()
}

/// A new receipt revision after a flight change: the new trip, revision and issue time,
/// and the emails that carry it. Only an approved pre-registration at `expected_revision`
/// changes; `false` otherwise (a concurrent change won).
pub async fn change_flight<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    expected_revision: u32,
    trip: &TripInformation,
    issued_at: DateTime<Utc>,
    emails: (Uuid, Uuid),
) -> Result<bool, PersistenceError> {
    // The arrival of the receipt being superseded (the update below takes it only if
    // nothing changed it meanwhile).
    let superseded_arrival = preregistration::Entity::find_by_id(id)
        .one(db)
        .await?
        .and_then(|model| model.arrival_date);
    let result = preregistration::Entity::update_many()
        .col_expr(preregistration::Column::Trip, to_json(trip)?.into())
        .col_expr(
            preregistration::Column::ArrivalDate,
            trip.arrival_date.into(),
        )
        .col_expr(
            preregistration::Column::Revision,
            i32::try_from(expected_revision + 1)
                .unwrap_or(i32::MAX)
                .into(),
        )
        .col_expr(
            preregistration::Column::ReceiptIssuedAt,
            Some(issued_at).into(),
        )
        .col_expr(
            preregistration::Column::ReceiptEmailId,
            Some(emails.0).into(),
        )
        .col_expr(preregistration::Column::FmmEmailId, Some(emails.1).into())
        .col_expr(preregistration::Column::UpdatedAt, issued_at.into())
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Approved.as_str()))
        .filter(
            preregistration::Column::Revision
                .eq(i32::try_from(expected_revision).unwrap_or(i32::MAX)),
        )
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    crate::revocations::insert(
        db,
        id,
        expected_revision,
        superseded_arrival,
        RevocationReason::Superseded,
        issued_at,
    )
    .await?;
    Ok(true)
}

/// Records the officer's decision on the approved pre-registration `id` whose receipt is
/// at `revision`; `false` when it is not (any more) in that state, nothing written.
pub async fn record_entry<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    revision: u32,
    decision: &EntryDecision,
) -> Result<bool, PersistenceError> {
    let (days, reason) = match &decision.outcome {
        EntryOutcome::Admitted { authorized_days } => (
            Some(i32::try_from(*authorized_days).unwrap_or(i32::MAX)),
            None,
        ),
        EntryOutcome::Refused { reason } => (None, Some(reason.as_str())),
    };
    let result = preregistration::Entity::update_many()
        .col_expr(
            preregistration::Column::Status,
            decision.status().as_str().into(),
        )
        .col_expr(
            preregistration::Column::EntryRecordedAt,
            Some(decision.recorded_at).into(),
        )
        .col_expr(
            preregistration::Column::EntryOfficerId,
            Some(decision.officer_id).into(),
        )
        .col_expr(
            preregistration::Column::EntryOfficerBadge,
            Some(decision.officer_badge.clone()).into(),
        )
        .col_expr(
            preregistration::Column::EntryPort,
            Some(decision.port.clone()).into(),
        )
        .col_expr(preregistration::Column::AuthorizedDays, days.into())
        .col_expr(preregistration::Column::RefusalReason, reason.into())
        .col_expr(
            preregistration::Column::UpdatedAt,
            decision.recorded_at.into(),
        )
        .filter(preregistration::Column::Id.eq(id))
        .filter(preregistration::Column::Status.eq(PreregistrationStatus::Approved.as_str()))
        .filter(preregistration::Column::Revision.eq(i32::try_from(revision).unwrap_or(i32::MAX)))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Points the pre-registration at newly queued copies of its two emails.
pub async fn set_emails<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    emails: (Uuid, Uuid),
) -> Result<(), PersistenceError> {
    preregistration::Entity::update_many()
        .col_expr(
            preregistration::Column::ReceiptEmailId,
            Some(emails.0).into(),
        )
        .col_expr(preregistration::Column::FmmEmailId, Some(emails.1).into())
        .filter(preregistration::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
