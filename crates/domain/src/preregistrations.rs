//! Pre-registrations of a trip to Mexico, one travel document each.

use chrono::{DateTime, NaiveDate, Utc};
use portal_shared::officers::{EntryDecisionRequest, EntryOutcomeKind, RefusalReason};
pub use portal_shared::preregistrations::PreregistrationStatus;
use portal_shared::preregistrations::{
    ATTACHMENT_KINDS, AdditionalInformation, AttachmentContentType, AttachmentKind, HistoryStatus,
    MigrationControl, TripInformation, Variant,
};
use portal_shared::validation::field_error;
use portal_shared::{FieldError, FieldErrorCode};
use uuid::Uuid;

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
    Refused { reason: RefusalReason },
}

impl EntryOutcome {
    /// The outcome an officer's request asks for, once every rule of the request holds.
    pub fn from_request(request: &EntryDecisionRequest) -> Result<Self, Vec<FieldError>> {
        request.check()?;
        Ok(match request.outcome.checked("outcome")? {
            EntryOutcomeKind::Admitted => Self::Admitted {
                authorized_days: request.authorized_days.unwrap_or_default(),
            },
            EntryOutcomeKind::Refused => Self::Refused {
                reason: request
                    .refusal_reason
                    .clone()
                    .unwrap_or_default()
                    .checked("refusal_reason")?,
            },
        })
    }

    pub fn kind(&self) -> EntryOutcomeKind {
        match self {
            Self::Admitted { .. } => EntryOutcomeKind::Admitted,
            Self::Refused { .. } => EntryOutcomeKind::Refused,
        }
    }
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
) -> HistoryStatus {
    match status {
        PreregistrationStatus::Approved if arrival.is_some_and(|a| a < today) => {
            HistoryStatus::Unavailable
        }
        other => other.into(),
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
    pub variant: Variant,
    /// The NUE (variant I) or the SRE card folio (variant II).
    pub reference: Option<String>,
}

/// A file attached to a pre-registration; its bytes live in the file store under
/// `storage_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    pub kind: AttachmentKind,
    pub file_name: String,
    pub content_type: AttachmentContentType,
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

/// A step of the wizard, in the order the traveler saves them: each needs the ones before
/// it, and the submission needs them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WizardStep {
    /// 1 Información del Viaje.
    Trip,
    /// 2 Información Adicional.
    Additional,
    /// 3 Control Migratorio.
    Control,
    /// 4 Terminar Registro: the attachments.
    Attachments,
    /// Enviar información.
    Submission,
}

/// The three saved steps of a pre-registration that is ready to be submitted.
#[derive(Debug, Clone, Copy)]
pub struct SavedSteps<'a> {
    pub trip: &'a TripInformation,
    pub additional: &'a AdditionalInformation,
    pub control: &'a MigrationControl,
}

impl Preregistration {
    pub fn arrival_date(&self) -> Option<NaiveDate> {
        self.trip.as_ref().and_then(|trip| trip.arrival_date)
    }

    /// `step_not_saved` when the step before `step` is not saved yet (for the submission:
    /// the first of the three that is not), named as the request field of that step
    /// (`trip`, `additional`, `control`).
    pub fn check_steps_before(&self, step: WizardStep) -> Result<(), Vec<FieldError>> {
        let (trip, additional, control) = (
            self.trip.is_none().then_some("trip"),
            self.additional.is_none().then_some("additional"),
            self.control.is_none().then_some("control"),
        );
        let missing = match step {
            WizardStep::Trip => None,
            WizardStep::Additional => trip,
            WizardStep::Control => additional,
            WizardStep::Attachments => control,
            WizardStep::Submission => trip.or(additional).or(control),
        };
        match missing {
            Some(field) => Err(vec![field_error(field, FieldErrorCode::StepNotSaved)]),
            None => Ok(()),
        }
    }

    /// Steps 1 to 3, once every one is saved.
    pub fn saved_steps(&self) -> Result<SavedSteps<'_>, Vec<FieldError>> {
        self.check_steps_before(WizardStep::Submission)?;
        match (&self.trip, &self.additional, &self.control) {
            (Some(trip), Some(additional), Some(control)) => Ok(SavedSteps {
                trip,
                additional,
                control,
            }),
            _ => Err(vec![field_error("trip", FieldErrorCode::StepNotSaved)]),
        }
    }

    /// Whether the receipt and FMM can be handed out on `today` (Mexico City): approved
    /// and the arrival date not passed, or admitted (the stamped FMM is kept for the
    /// whole stay).
    pub fn documents_available(&self, today: NaiveDate) -> bool {
        match self.status {
            PreregistrationStatus::Approved => {
                self.arrival_date().is_some_and(|arrival| arrival >= today)
            }
            PreregistrationStatus::Admitted => true,
            PreregistrationStatus::Draft
            | PreregistrationStatus::NotEligible
            | PreregistrationStatus::Cancelled
            | PreregistrationStatus::EntryRefused => false,
        }
    }

    /// The flight data may change on an approved pre-registration whose arrival date has
    /// not passed; the new receipt is the next revision.
    pub fn flight_change_allowed(&self, today: NaiveDate) -> bool {
        self.status == PreregistrationStatus::Approved && self.documents_available(today)
    }

    /// The revision the next receipt carries: 1 at approval, one more at every flight
    /// change.
    pub fn next_revision(&self) -> u32 {
        self.revision + 1
    }
}

/// `attachment_required` for every attachment `variant` requires that `attached` lacks,
/// named `attachments.<kind>`.
pub fn missing_attachments(variant: Variant, attached: &[StoredAttachment]) -> Vec<FieldError> {
    ATTACHMENT_KINDS
        .iter()
        .filter(|kind| kind.variant == variant && kind.required)
        .filter(|kind| !attached.iter().any(|a| a.kind == kind.code))
        .map(|kind| {
            field_error(
                &format!("attachments.{}", kind.code),
                FieldErrorCode::AttachmentRequired,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Preregistration {
        let at = DateTime::<Utc>::default();
        Preregistration {
            id: Uuid::nil(),
            account_id: Uuid::nil(),
            document_id: Uuid::nil(),
            status: PreregistrationStatus::Draft,
            trip: None,
            additional: None,
            control: None,
            created_at: at,
            updated_at: at,
            decision: None,
            idempotency_key: None,
            revision: 0,
            receipt_issued_at: None,
            cancelled_at: None,
            receipt_email_id: None,
            fmm_email_id: None,
            entry: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    fn not_saved(result: Result<(), Vec<FieldError>>) -> Option<String> {
        result.err().map(|errors| {
            assert_eq!(errors[0].code, FieldErrorCode::StepNotSaved);
            errors[0].field.clone()
        })
    }

    #[test]
    fn each_step_of_the_wizard_needs_the_ones_before_it() {
        let mut p = draft();
        assert_eq!(not_saved(p.check_steps_before(WizardStep::Trip)), None);
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Additional)).as_deref(),
            Some("trip")
        );
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Submission)).as_deref(),
            Some("trip")
        );
        p.trip = Some(TripInformation::default());
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Additional)),
            None
        );
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Control)).as_deref(),
            Some("additional")
        );
        p.additional = Some(AdditionalInformation::default());
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Attachments)).as_deref(),
            Some("control")
        );
        p.trip = None;
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Control)),
            None,
            "only the step just before counts"
        );
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Submission)).as_deref(),
            Some("trip")
        );
        p.trip = Some(TripInformation::default());
        assert!(p.saved_steps().is_err());
        p.control = Some(MigrationControl::default());
        assert_eq!(
            not_saved(p.check_steps_before(WizardStep::Submission)),
            None
        );
        assert!(p.saved_steps().is_ok());
    }

    #[test]
    fn documents_are_handed_out_until_arrival_and_for_the_whole_stay_once_admitted() {
        let mut p = draft();
        p.trip = Some(TripInformation {
            arrival_date: Some(day(10)),
            ..TripInformation::default()
        });
        assert!(!p.documents_available(day(1)));
        p.status = PreregistrationStatus::Approved;
        assert!(p.documents_available(day(10)));
        assert!(p.flight_change_allowed(day(10)));
        assert!(!p.documents_available(day(11)));
        assert!(!p.flight_change_allowed(day(11)));
        p.status = PreregistrationStatus::Admitted;
        assert!(p.documents_available(day(30)));
        assert!(!p.flight_change_allowed(day(5)));
        for closed in [
            PreregistrationStatus::Cancelled,
            PreregistrationStatus::NotEligible,
            PreregistrationStatus::EntryRefused,
        ] {
            p.status = closed;
            assert!(!p.documents_available(day(5)), "{closed}");
        }
        p.revision = 2;
        assert_eq!(p.next_revision(), 3);
    }

    #[test]
    fn a_submission_names_every_required_attachment_of_its_variant_that_is_missing() {
        let attached = |kind| StoredAttachment {
            kind,
            file_name: "a.pdf".into(),
            content_type: AttachmentContentType::Pdf,
            size: 1,
            storage_key: String::new(),
            uploaded_at: DateTime::<Utc>::default(),
        };
        let fields = |variant, files: &[StoredAttachment]| -> Vec<String> {
            missing_attachments(variant, files)
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(
            fields(Variant::None, &[]),
            ["attachments.return_ticket", "attachments.lodging"]
        );
        assert_eq!(
            fields(Variant::None, &[attached(AttachmentKind::Lodging)]),
            ["attachments.return_ticket"]
        );
        assert!(
            fields(
                Variant::None,
                &[
                    attached(AttachmentKind::ReturnTicket),
                    attached(AttachmentKind::Lodging)
                ]
            )
            .is_empty()
        );
        assert_eq!(fields(Variant::Diplomatic, &[]), ["attachments.sre_card"]);
    }

    #[test]
    fn an_entry_request_becomes_an_outcome_only_when_its_rules_hold() {
        let request = |outcome: &str, days, reason: Option<&str>| EntryDecisionRequest {
            outcome: outcome.into(),
            authorized_days: days,
            refusal_reason: reason.map(Into::into),
        };
        assert_eq!(
            EntryOutcome::from_request(&request("admitted", Some(30), None)),
            Ok(EntryOutcome::Admitted {
                authorized_days: 30
            })
        );
        assert_eq!(
            EntryOutcome::from_request(&request("refused", None, Some("migration_alert"))),
            Ok(EntryOutcome::Refused {
                reason: RefusalReason::MigrationAlert
            })
        );
        for (bad, field) in [
            (request("admitted", Some(0), None), "authorized_days"),
            (request("refused", None, Some("bribe")), "refusal_reason"),
            (request("refused", None, None), "refusal_reason"),
            (request("maybe", None, None), "outcome"),
            (request("", None, None), "outcome"),
        ] {
            let errors = EntryOutcome::from_request(&bad).err().unwrap_or_default();
            assert_eq!(
                errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                [field]
            );
        }
    }

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
