//! A pre-registration as the API shows it: its status, its decision, its emails.

use super::{AdditionalInformation, Attachment, MigrationControl, TripInformation, Variant};
use serde::{Deserialize, Serialize};

/// A pre-registration as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Preregistration {
    pub id: String,
    pub document_id: String,
    /// `draft` while the wizard is being filled in.
    pub status: PreregistrationStatus,
    pub variant: Variant,
    /// Step 1, once saved.
    pub trip: Option<TripInformation>,
    /// Step 2, once saved.
    pub additional: Option<AdditionalInformation>,
    /// Step 3, once saved.
    pub control: Option<MigrationControl>,
    /// Step 4's files attached so far.
    pub attachments: Vec<Attachment>,
    /// The arrival is today or tomorrow: registering 24 hours ahead is recommended.
    pub short_notice: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The travel document, as the history lists it.
    pub document_number: String,
    /// Given names and surnames on the document.
    pub traveler_name: String,
    /// The reference quoted to officers and on the documents, e.g. `PR-4F1C1D7E`.
    pub folio: String,
    /// What the history shows.
    pub history_status: HistoryStatus,
    /// Set once submitted.
    pub decision: Option<DecisionView>,
    /// Receipt revision: 0 until approved, then 1, 2… after each flight change.
    pub revision: u32,
    /// The officer's decision at the port of entry, once recorded.
    pub entry: Option<crate::officers::EntryRecord>,
    /// The receipt and FMM can be downloaded (approved, arrival not passed).
    pub documents_available: bool,
    /// Delivery of the receipt and FMM emails, absent when none was sent.
    pub email_delivery: Option<EmailDelivery>,
}

crate::wire_code! {
    /// Where a pre-registration stands.
    pub enum PreregistrationStatus {
        /// Being filled in; saved after every step.
        Draft = "draft",
        /// Submitted and approved: it has a receipt and an FMM.
        Approved = "approved",
        /// Submitted and refused by the eligibility rules.
        NotEligible = "not_eligible",
        /// Approved, then replaced by a newer pre-registration of the same document with
        /// the same arrival date.
        Cancelled = "cancelled",
        /// Approved, then admitted into Mexico by an officer at the port of entry
        /// ("internado"): the FMM carries the entry seal.
        Admitted = "admitted",
        /// Approved, then refused entry by an officer at the port of entry.
        EntryRefused = "entry_refused",
    }
}

crate::wire_code! {
    /// What the history shows for a pre-registration: its status, except that an
    /// approved one whose arrival date has passed is `unavailable`.
    pub enum HistoryStatus {
        Draft = "draft",
        Approved = "approved",
        NotEligible = "not_eligible",
        Cancelled = "cancelled",
        /// Approved, but the arrival date has passed.
        Unavailable = "unavailable",
        Admitted = "admitted",
        EntryRefused = "entry_refused",
    }
}

impl From<PreregistrationStatus> for HistoryStatus {
    fn from(status: PreregistrationStatus) -> Self {
        match status {
            PreregistrationStatus::Draft => Self::Draft,
            PreregistrationStatus::Approved => Self::Approved,
            PreregistrationStatus::NotEligible => Self::NotEligible,
            PreregistrationStatus::Cancelled => Self::Cancelled,
            PreregistrationStatus::Admitted => Self::Admitted,
            PreregistrationStatus::EntryRefused => Self::EntryRefused,
        }
    }
}

crate::wire_code! {
    /// Delivery of the receipt and FMM emails.
    pub enum EmailDelivery {
        /// Both were sent.
        Sent = "sent",
        /// Not sent yet; no attempt failed.
        Pending = "pending",
        /// At least one attempt failed: the traveler may resend.
        Failing = "failing",
    }
}

crate::wire_code! {
    /// The eligibility decision's outcome.
    pub enum DecisionOutcome {
        Approved = "approved",
        NotEligible = "not_eligible",
    }
}

impl DecisionOutcome {
    /// What the traveler is told, in `locale` (catalog `messages`).
    pub fn message(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::messages as t;
        match self {
            Self::Approved => t::preregistration_approved(locale),
            Self::NotEligible => t::preregistration_not_eligible(locale),
        }
    }
}

/// The eligibility decision of a submitted pre-registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub outcome: DecisionOutcome,
    /// What the traveler is told, in Spanish and English.
    pub message: String,
    pub message_en: String,
    /// Version of the eligibility rules that decided.
    pub rule_version: u32,
    /// Codes of the rules that fired (empty when approved).
    pub fired_rules: Vec<String>,
    pub decided_at: String,
}

/// The folio of a pre-registration: `PR-` and the first eight hex digits of its id.
pub fn folio(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    format!("PR-{}", hex.to_uppercase())
}

/// Whether the history offers the red "resend" icon for this delivery state.
pub fn can_resend(email_delivery: Option<EmailDelivery>) -> bool {
    email_delivery == Some(EmailDelivery::Failing)
}
