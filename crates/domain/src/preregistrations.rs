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

/// The type of an attachment from its first bytes: PDF, PNG or JPEG, or `None` for
/// anything else (a renamed executable, a text file, an empty file).
pub fn attachment_content_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [b'%', b'P', b'D', b'F', b'-', ..] => Some("application/pdf"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_typed_by_content_not_name() {
        assert_eq!(
            attachment_content_type(b"%PDF-1.7\n"),
            Some("application/pdf")
        );
        assert_eq!(
            attachment_content_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            attachment_content_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(attachment_content_type(b"MZ\x90\x00"), None);
        assert_eq!(attachment_content_type(b""), None);
        assert_eq!(attachment_content_type(b"%PDF"), None);
    }
}
