//! Pre-registrations of a trip to Mexico, one travel document each.

use chrono::{DateTime, NaiveDate, Utc};
use portal_shared::preregistrations::{AdditionalInformation, MigrationControl, TripInformation};
use uuid::Uuid;

/// Where a pre-registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreregistrationStatus {
    /// Being filled in; saved after every step.
    Draft,
    /// Submitted and approved: it has a receipt and an FMM.
    Approved,
    /// Submitted and refused by the eligibility rules.
    NotEligible,
    /// Approved, then replaced by a newer pre-registration of the same document with the
    /// same arrival date.
    Cancelled,
    /// Approved, then admitted into Mexico by an officer at the port of entry
    /// ("internado"): the FMM carries the entry seal.
    Admitted,
    /// Approved, then refused entry by an officer at the port of entry.
    EntryRefused,
}

impl PreregistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            PreregistrationStatus::Draft => "draft",
            PreregistrationStatus::Approved => "approved",
            PreregistrationStatus::NotEligible => "not_eligible",
            PreregistrationStatus::Cancelled => "cancelled",
            PreregistrationStatus::Admitted => "admitted",
            PreregistrationStatus::EntryRefused => "entry_refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "draft" => Some(PreregistrationStatus::Draft),
            "approved" => Some(PreregistrationStatus::Approved),
            "not_eligible" => Some(PreregistrationStatus::NotEligible),
            "cancelled" => Some(PreregistrationStatus::Cancelled),
            "admitted" => Some(PreregistrationStatus::Admitted),
            "entry_refused" => Some(PreregistrationStatus::EntryRefused),
            _ => None,
        }
    }
}

/// The eligibility decision taken at submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Version of the rule set that decided.
    pub rule_version: u32,
    /// Codes of the rules that fired; empty when approved.
    pub fired_rules: Vec<String>,
    pub decided_at: DateTime<Utc>,
}

/// What the officer recorded at the port of entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryOutcome {
    Admitted { authorized_days: u32 },
    Refused { reason: String },
}

/// The officer's decision on an approved pre-registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDecision {
    pub outcome: EntryOutcome,
    pub recorded_at: DateTime<Utc>,
    pub officer_id: Uuid,
    /// The officer's badge number at the time (printed on the FMM's entry seal).
    pub officer_badge: String,
    /// Port of entry code where it was recorded.
    pub port: String,
}

impl EntryDecision {
    pub fn status(&self) -> PreregistrationStatus {
        match self.outcome {
            EntryOutcome::Admitted { .. } => PreregistrationStatus::Admitted,
            EntryOutcome::Refused { .. } => PreregistrationStatus::EntryRefused,
        }
    }
}

/// Days of stay declared: from arrival to departure.
pub fn declared_stay_days(trip: &TripInformation) -> u32 {
    match (trip.arrival_date, trip.departure_date) {
        (Some(arrival), Some(departure)) => {
            u32::try_from((departure - arrival).num_days().max(0)).unwrap_or(0)
        }
        _ => 0,
    }
}

/// What the traveler's history shows for a pre-registration on `today` (Mexico City):
/// an approved one whose arrival date has passed is no longer available.
pub fn history_status(
    status: PreregistrationStatus,
    arrival: Option<NaiveDate>,
    today: NaiveDate,
) -> &'static str {
    match status {
        PreregistrationStatus::Approved if arrival.is_some_and(|a| a < today) => "unavailable",
        other => other.code(),
    }
}

/// Until when a document refused at `refused_at` may not be pre-registered again.
pub fn retry_allowed_at(refused_at: DateTime<Utc>) -> DateTime<Utc> {
    refused_at + chrono::Duration::hours(crate::eligibility::RETRY_BLOCK_HOURS)
}

/// Seconds left (at least 1) before a document last refused at `last_refusal` may be
/// pre-registered again at `now`; `None` when it may be now.
pub fn retry_blocked_for(last_refusal: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<u64> {
    let allowed_at = retry_allowed_at(last_refusal?);
    (now < allowed_at).then(|| u64::try_from((allowed_at - now).num_seconds().max(1)).unwrap_or(1))
}

/// A document's Pre-Registro variant (I NUE, II diplomatic, III none), chosen once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantChoice {
    pub variant: String,
    /// The NUE (variant I) or the SRE card folio (variant II).
    pub reference: Option<String>,
}

/// A file attached to a pre-registration; its bytes live in the file store under
/// `storage_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub storage_key: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preregistration {
    pub id: Uuid,
    pub account_id: Uuid,
    pub document_id: Uuid,
    pub status: PreregistrationStatus,
    /// Step 1, once saved.
    pub trip: Option<TripInformation>,
    /// Step 2, once saved.
    pub additional: Option<AdditionalInformation>,
    /// Step 3, once saved.
    pub control: Option<MigrationControl>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set once submitted.
    pub decision: Option<Decision>,
    /// The `Idempotency-Key` of the submission that decided it.
    pub idempotency_key: Option<String>,
    /// Receipt revision: 0 until approved, then 1, 2… after each flight change.
    pub revision: u32,
    pub receipt_issued_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The outbox emails carrying the receipt and the FMM notice.
    pub receipt_email_id: Option<Uuid>,
    pub fmm_email_id: Option<Uuid>,
    /// Set once an officer admitted or refused the traveler.
    pub entry: Option<EntryDecision>,
}

impl Preregistration {
    pub fn arrival_date(&self) -> Option<NaiveDate> {
        self.trip.as_ref().and_then(|trip| trip.arrival_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_blocks_the_document_for_three_hours() {
        let refused = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let after = |minutes| refused + chrono::Duration::minutes(minutes);
        assert_eq!(retry_blocked_for(None, after(0)), None);
        assert_eq!(retry_blocked_for(Some(refused), after(0)), Some(3 * 3600));
        assert_eq!(retry_blocked_for(Some(refused), after(179)), Some(60));
        assert_eq!(retry_blocked_for(Some(refused), after(180)), None);
    }
}
