//! Step 4, Terminar Registro: the files each variant asks for.

use super::Variant;
use serde::{Deserialize, Serialize};

/// Largest attachment accepted (Terminar Registro).
pub const MAX_ATTACHMENT_BYTES: usize = 2 * 1024 * 1024;

crate::wire_code! {
    /// The files a traveler attaches in step 4.
    pub enum AttachmentKind {
        ReturnTicket = "return_ticket",
        Lodging = "lodging",
        Itinerary = "itinerary",
        ResidentCard = "resident_card",
        ProofOfAddress = "proof_of_address",
        SreCard = "sre_card",
    }
}

impl AttachmentKind {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::ReturnTicket => t::attachment_kind_return_ticket(locale),
            Self::Lodging => t::attachment_kind_lodging(locale),
            Self::Itinerary => t::attachment_kind_itinerary(locale),
            Self::ResidentCard => t::attachment_kind_resident_card(locale),
            Self::ProofOfAddress => t::attachment_kind_proof_of_address(locale),
            Self::SreCard => t::attachment_kind_sre_card(locale),
        }
    }
}

crate::wire_code! {
    /// The content types an attachment may have, found from its content.
    pub enum AttachmentContentType {
        Pdf = "application/pdf",
        Png = "image/png",
        Jpeg = "image/jpeg",
    }
}

/// A file the traveler attaches in step 4, per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentRequirement {
    pub code: AttachmentKind,
    pub variant: Variant,
    pub required: bool,
}

/// Step 4's attachments: variant III a return ticket, lodging or proof of address, and an
/// optional itinerary; variant I the resident card and proof of address; variant II the
/// SRE accreditation card.
pub const ATTACHMENT_KINDS: [AttachmentRequirement; 6] = [
    AttachmentRequirement {
        code: AttachmentKind::ReturnTicket,
        variant: Variant::None,
        required: true,
    },
    AttachmentRequirement {
        code: AttachmentKind::Lodging,
        variant: Variant::None,
        required: true,
    },
    AttachmentRequirement {
        code: AttachmentKind::Itinerary,
        variant: Variant::None,
        required: false,
    },
    AttachmentRequirement {
        code: AttachmentKind::ResidentCard,
        variant: Variant::Nue,
        required: true,
    },
    AttachmentRequirement {
        code: AttachmentKind::ProofOfAddress,
        variant: Variant::Nue,
        required: true,
    },
    AttachmentRequirement {
        code: AttachmentKind::SreCard,
        variant: Variant::Diplomatic,
        required: true,
    },
];

/// The attachment `code` of a document of `variant`, if that variant has it.
pub fn attachment_kind(
    variant: Variant,
    code: AttachmentKind,
) -> Option<&'static AttachmentRequirement> {
    ATTACHMENT_KINDS
        .iter()
        .find(|kind| kind.variant == variant && kind.code == code)
}

/// An attached file as the API shows it (its content is never sent back in the draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub file_name: String,
    /// Found from the content, not the name.
    pub content_type: AttachmentContentType,
    pub size: u64,
    pub uploaded_at: String,
}
