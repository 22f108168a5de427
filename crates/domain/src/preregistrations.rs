//! Pre-registrations of a trip to Mexico, one travel document each.

use chrono::{DateTime, Utc};
use portal_shared::preregistrations::{AdditionalInformation, MigrationControl, TripInformation};
use uuid::Uuid;

/// Where a pre-registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreregistrationStatus {
    /// Being filled in; saved after every step.
    Draft,
}

impl PreregistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            PreregistrationStatus::Draft => "draft",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "draft" => Some(PreregistrationStatus::Draft),
            _ => None,
        }
    }
}

/// A document's Pre-Registro variant (I NUE, II diplomatic, III none), chosen once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantChoice {
    pub variant: String,
    /// The NUE (variant I) or the SRE card folio (variant II).
    pub reference: Option<String>,
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
}
