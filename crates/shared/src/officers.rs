//! The migration officer at the port of entry: checking a receipt, the pre-registration
//! as the officer sees it, the entry decision (admission or refusal), the revocation
//! list that lets a device refuse superseded receipts offline, and the audit log.

use crate::accounts::Role;
use crate::catalogs::Sex;
use crate::codes::Choice;
use crate::documents::DocumentType;
use crate::error::FieldErrorCode;
use crate::preregistrations::{
    AdditionalInformation, Attachment, AttachmentKind, MAX_STAY_DAYS, MigrationControl,
    PreregistrationStatus, TripInformation, Variant,
};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days before or after the declared arrival date on which a receipt is still accepted
/// (a flight late past midnight, a time zone apart).
pub const ARRIVAL_TOLERANCE_DAYS: u64 = 1;

/// Longest stay an officer may authorize.
pub const MAX_AUTHORIZED_DAYS: u32 = MAX_STAY_DAYS as u32;

/// Whether a receipt is presented on the right day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptDateCheck {
    /// The arrival date is today (give or take a day).
    OnTime,
    /// The arrival date is still to come: the receipt is not for today.
    NotYet,
    /// The arrival date has passed: the receipt has expired.
    Expired,
}

/// How a receipt for `arrival` stands on `today` (Mexico City).
pub fn date_check(arrival: NaiveDate, today: NaiveDate) -> ReceiptDateCheck {
    let tolerance = chrono::Days::new(ARRIVAL_TOLERANCE_DAYS);
    if arrival
        .checked_sub_days(tolerance)
        .is_some_and(|earliest| today < earliest)
    {
        ReceiptDateCheck::NotYet
    } else if arrival
        .checked_add_days(tolerance)
        .is_some_and(|latest| today > latest)
    {
        ReceiptDateCheck::Expired
    } else {
        ReceiptDateCheck::OnTime
    }
}

crate::wire_code! {
    /// Reasons an officer refuses entry (stored with the decision).
    pub enum RefusalReason {
        DocumentIrregular = "document_irregular",
        PurposeNotProven = "purpose_not_proven",
        InsufficientMeans = "insufficient_means",
        LodgingOrReturnNotProven = "lodging_or_return_not_proven",
        InconsistentInformation = "inconsistent_information",
        MigrationAlert = "migration_alert",
        PublicSafety = "public_safety",
    }
}

impl RefusalReason {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::DocumentIrregular => t::refusal_reason_document_irregular(locale),
            Self::PurposeNotProven => t::refusal_reason_purpose_not_proven(locale),
            Self::InsufficientMeans => t::refusal_reason_insufficient_means(locale),
            Self::LodgingOrReturnNotProven => {
                t::refusal_reason_lodging_or_return_not_proven(locale)
            }
            Self::InconsistentInformation => t::refusal_reason_inconsistent_information(locale),
            Self::MigrationAlert => t::refusal_reason_migration_alert(locale),
            Self::PublicSafety => t::refusal_reason_public_safety(locale),
        }
    }
}

crate::wire_code! {
    /// What the officer decided at the port of entry.
    pub enum EntryOutcomeKind {
        /// Internación autorizada.
        Admitted = "admitted",
        Refused = "refused",
    }
}

/// `POST /api/v1/officer/inspections`: the text of the QR a traveler presents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InspectionRequest {
    pub token: String,
}

/// The traveler as the travel document names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TravelerView {
    pub given_names: String,
    pub surnames: String,
    /// ICAO three-letter code.
    pub nationality: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub document_type: DocumentType,
    pub document_number: String,
    pub issuing_country: String,
    pub document_expiry: NaiveDate,
}

/// The officer's decision on a pre-registration, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EntryRecord {
    pub outcome: EntryOutcomeKind,
    /// Admitted: the days of stay authorized.
    pub authorized_days: Option<u32>,
    /// Refused: the reason.
    pub refusal_reason: Option<RefusalReason>,
    /// Port of entry where it was recorded (catalog `entry_points`).
    pub port: String,
    /// Badge number of the officer who recorded it.
    pub officer_badge: String,
    pub recorded_at: String,
}

/// An approved pre-registration as the officer sees it after checking its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Inspection {
    /// What the attachments and the decision are read and recorded through, by this
    /// officer only, until it expires.
    pub inspection_id: String,
    /// Seconds until the inspection expires (then the QR is checked again).
    pub expires_in: u32,
    pub preregistration_id: String,
    pub folio: String,
    /// `approved` (awaiting the officer), `admitted` or `entry_refused`.
    pub status: PreregistrationStatus,
    /// The receipt revision in force (the one presented).
    pub revision: u32,
    pub date_check: ReceiptDateCheck,
    pub variant: Variant,
    pub traveler: TravelerView,
    pub trip: TripInformation,
    pub additional: Option<AdditionalInformation>,
    pub control: Option<MigrationControl>,
    pub attachments: Vec<Attachment>,
    /// Days between the declared arrival and departure: the default authorized stay.
    pub declared_stay_days: u32,
    /// Set once an officer decided.
    pub entry: Option<EntryRecord>,
}

/// `POST /api/v1/officer/inspections/{id}/entry`: admit or refuse the traveler whose
/// receipt opened the inspection (a receipt superseded since is refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EntryDecisionRequest {
    #[cfg_attr(feature = "server", schema(value_type = EntryOutcomeKind))]
    pub outcome: Choice<EntryOutcomeKind>,
    /// Admitted: 1 to 180 days.
    pub authorized_days: Option<u32>,
    /// Refused: the reason.
    #[cfg_attr(feature = "server", schema(value_type = Option<RefusalReason>))]
    pub refusal_reason: Option<Choice<RefusalReason>>,
}

impl EntryDecisionRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        match self
            .outcome
            .require(&mut errors, "outcome", FieldErrorCode::UnknownOption)
        {
            Some(EntryOutcomeKind::Admitted) => match self.authorized_days {
                None => errors.add("authorized_days", FieldErrorCode::Required),
                Some(days) if days == 0 || days > MAX_AUTHORIZED_DAYS => {
                    errors.add("authorized_days", FieldErrorCode::AuthorizedDaysOutOfRange);
                }
                Some(_) => {}
            },
            Some(EntryOutcomeKind::Refused) => {
                self.refusal_reason.clone().unwrap_or_default().require(
                    &mut errors,
                    "refusal_reason",
                    FieldErrorCode::UnknownOption,
                );
            }
            None => {}
        }
        let errors = errors.into_vec();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A receipt no longer valid: every token of the pre-registration whose revision is at
/// most `revision`. The pre-registration is named by [`receipt_reference`] of its id, so
/// the list every officer's device keeps does not hand out the ids themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Revocation {
    /// Lower-case hex SHA-256 of the pre-registration id (as in the QR).
    pub receipt: String,
    pub revision: u32,
    pub reason: RevocationReason,
    pub revoked_at: String,
}

crate::wire_code! {
    /// Why a receipt is no longer valid.
    pub enum RevocationReason {
        /// A flight change issued a newer receipt.
        Superseded = "superseded",
        /// A newer pre-registration with the same arrival date replaced it.
        Cancelled = "cancelled",
    }
}

/// `GET /api/v1/revocations`: the revocations since a time, for offline verifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RevocationList {
    /// Pass this as `since` next time to receive only what is new (the first page's,
    /// when there are several).
    pub generated_at: String,
    pub revocations: Vec<Revocation>,
    /// More follow: ask again with the same `since` and `after` set to this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// What an officer's device keeps to check receipts with no network: the receipt keys
/// and the revocations still of use (of receipts whose arrival window has not passed),
/// signed by the portal's trust root, whose public key the staff page carries — so a
/// script on the device can neither add a key nor drop a revocation unnoticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct VerificationSnapshot {
    /// Larger in every later snapshot (the time it was made, in microseconds since
    /// 1970): a device accepts only a snapshot newer than the one it keeps.
    pub sequence: u64,
    pub issued_at: String,
    pub keys: Vec<crate::receipts::PublicKey>,
    pub revocations: Vec<Revocation>,
}

/// `GET /api/v1/verification-snapshot`: a [`VerificationSnapshot`] as a JWS compact
/// serialization (EdDSA, `typ` `verification-snapshot+jwt`) under the trust root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SignedSnapshot {
    pub snapshot: String,
}

/// How a revocation names a pre-registration: the hex SHA-256 of its id. Ids are random
/// (UUID v4), so the reference cannot be turned back into one.
pub fn receipt_reference(preregistration_id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(preregistration_id.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The revocation that makes revision `revision` of `preregistration_id` invalid, if any.
pub fn revocation_of<'a>(
    revocations: &'a [Revocation],
    preregistration_id: &str,
    revision: u32,
) -> Option<&'a Revocation> {
    let reference = receipt_reference(preregistration_id);
    revocations
        .iter()
        .find(|r| r.receipt == reference && revision <= r.revision)
}

/// One recorded officer action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: String,
    pub occurred_at: String,
    pub actor_account_id: String,
    pub actor_role: Role,
    pub action: AuditAction,
    pub preregistration_id: Option<String>,
    /// What was read: the attachment kind, for `view_attachment`.
    pub subject: Option<AttachmentKind>,
    /// What a staff or command-line action was on: a key id, an account, a rules version.
    pub detail: Option<String>,
    /// The client address of the request (none on the command line).
    pub client_address: Option<String>,
    pub session_id: Option<String>,
    /// The browser's user agent, or `portal …` for the command line.
    pub user_agent: Option<String>,
    /// Place in the hash chain; none for events recorded before it.
    pub sequence: Option<i64>,
    /// SHA-256 (hex) over this event and the hash of the one before it.
    pub entry_hash: Option<String>,
}

crate::wire_code! {
    /// What an officer or operator did that the audit log records.
    pub enum AuditAction {
        InspectPreregistration = "inspect_preregistration",
        ViewAttachment = "view_attachment",
        Admit = "admit",
        RefuseEntry = "refuse_entry",
        /// An officer or operator logged in.
        StaffLogin = "staff_login",
        /// An officer presented a QR that is not a valid receipt.
        InvalidInspection = "invalid_inspection",
        /// An officer's console downloaded the revocation list.
        DownloadRevocations = "download_revocations",
        /// Command line: a new receipt signing key (`detail`: its key id).
        KeyRotated = "key_rotated",
        /// Command line: a receipt key retired (`detail`: its key id).
        KeyRetired = "key_retired",
        /// Command line: the receipt keys re-sealed under a new key-encryption key.
        KeysRewrapped = "keys_rewrapped",
        /// Command line: eligibility rules published (`detail`: the version).
        RulesPublished = "rules_published",
        /// Command line: a staff account created (`detail`: the account).
        StaffCreated = "staff_created",
        /// Command line: a staff account disabled (`detail`: the account).
        StaffDisabled = "staff_disabled",
        /// Command line: a password link sent to a staff member (`detail`: the account).
        StaffPasswordLinkSent = "staff_password_link_sent",
        /// A staff member confirmed a new authenticator app (and got recovery codes).
        SecondFactorEnrolled = "second_factor_enrolled",
        /// A wrong, reused or stale second-factor code after a right password.
        SecondFactorFailed = "second_factor_failed",
        /// A staff member logged in with a recovery code (`detail`: how many are left).
        RecoveryCodeUsed = "recovery_code_used",
        /// Command line: a staff member's authenticator forgotten; the next login sets
        /// up a new one (`detail`: the account).
        StaffSecondFactorReset = "staff_second_factor_reset",
        /// Citas: an office's staff checked an appointment in by its QR (`detail`: the
        /// appointment).
        CitasCheckIn = "citas_check_in",
        /// Citas: an appointment marked attended or no-show from the agenda (`detail`).
        CitasAttendance = "citas_attendance",
        /// Citas: a QR presented at the counter that is not a valid, current
        /// confirmation of this office (`detail`: why).
        CitasInvalidCheckIn = "citas_invalid_check_in",
        /// Command line: an officer assigned to a Citas office (`detail`).
        OfficerAssigned = "officer_assigned",
        /// Command line: an office closed on a day; its appointments cancelled (`detail`).
        OfficeClosed = "office_closed",
    }
}

/// `GET /api/v1/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditLog {
    pub events: Vec<AuditEvent>,
}

/// `GET /api/v1/preregistrations/{id}/receipt`: the text of the receipt's QR, for a
/// traveler who sends it or shows it instead of the printed page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReceiptCode {
    pub token: String,
    pub revision: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    #[test]
    fn a_receipt_is_on_time_from_the_day_before_to_the_day_after_arrival() {
        assert_eq!(date_check(day(10), day(8)), ReceiptDateCheck::NotYet);
        assert_eq!(date_check(day(10), day(9)), ReceiptDateCheck::OnTime);
        assert_eq!(date_check(day(10), day(10)), ReceiptDateCheck::OnTime);
        assert_eq!(date_check(day(10), day(11)), ReceiptDateCheck::OnTime);
        assert_eq!(date_check(day(10), day(12)), ReceiptDateCheck::Expired);
    }

    #[test]
    fn an_admission_needs_one_to_180_days_and_a_refusal_a_known_reason() {
        let admit = |days| EntryDecisionRequest {
            outcome: "admitted".into(),
            authorized_days: days,
            refusal_reason: None,
        };
        assert!(admit(Some(30)).check().is_ok());
        assert!(admit(Some(180)).check().is_ok());
        for bad in [None, Some(0), Some(181)] {
            assert_eq!(
                admit(bad).check().map_err(|e| e[0].field.clone()),
                Err("authorized_days".to_owned())
            );
        }
        let refuse = |reason: Option<&str>| EntryDecisionRequest {
            outcome: "refused".into(),
            authorized_days: None,
            refusal_reason: reason.map(Choice::from_code),
        };
        assert!(refuse(Some("insufficient_means")).check().is_ok());
        assert!(refuse(Some("bribe")).check().is_err());
        assert!(refuse(None).check().is_err());
        let other = EntryDecisionRequest {
            outcome: "maybe".into(),
            ..refuse(None)
        };
        assert!(other.check().is_err());
    }

    #[test]
    fn a_revocation_covers_its_revision_and_the_earlier_ones() {
        let list = [Revocation {
            receipt: receipt_reference("a"),
            revision: 2,
            reason: RevocationReason::Superseded,
            revoked_at: String::new(),
        }];
        assert!(revocation_of(&list, "a", 1).is_some());
        assert!(revocation_of(&list, "a", 2).is_some());
        assert!(revocation_of(&list, "a", 3).is_none());
        assert!(revocation_of(&list, "b", 1).is_none());
    }

    #[test]
    fn a_receipt_reference_is_the_sha256_of_the_id() {
        // `printf %s 4f1c1d7e-54a0-4c4e-9a55-0d6d8b0c9e11 | sha256sum`
        assert_eq!(
            receipt_reference("4f1c1d7e-54a0-4c4e-9a55-0d6d8b0c9e11"),
            "3000728f850d4de2f84d88251fc5cedbb35ffac09f895d95512d6498b256422b"
        );
        assert_ne!(receipt_reference("a"), receipt_reference("b"));
    }
}
