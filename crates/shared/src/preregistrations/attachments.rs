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
    pub name_es: &'static str,
    pub name_en: &'static str,
}

/// Step 4's attachments: variant III a return ticket, lodging or proof of address, and an
/// optional itinerary; variant I the resident card and proof of address; variant II the
/// SRE accreditation card.
pub const ATTACHMENT_KINDS: [AttachmentRequirement; 6] = [
    AttachmentRequirement {
        code: AttachmentKind::ReturnTicket,
        variant: Variant::None,
        required: true,
        name_es: "Boleto de salida",
        name_en: "Return or onward ticket",
    },
    AttachmentRequirement {
        code: AttachmentKind::Lodging,
        variant: Variant::None,
        required: true,
        name_es: "Reservación de hospedaje o comprobante de domicilio",
        name_en: "Lodging reservation or proof of address",
    },
    AttachmentRequirement {
        code: AttachmentKind::Itinerary,
        variant: Variant::None,
        required: false,
        name_es: "Itinerario",
        name_en: "Itinerary",
    },
    AttachmentRequirement {
        code: AttachmentKind::ResidentCard,
        variant: Variant::Nue,
        required: true,
        name_es: "Tarjeta de residente",
        name_en: "Resident card",
    },
    AttachmentRequirement {
        code: AttachmentKind::ProofOfAddress,
        variant: Variant::Nue,
        required: true,
        name_es: "Comprobante de domicilio",
        name_en: "Proof of address",
    },
    AttachmentRequirement {
        code: AttachmentKind::SreCard,
        variant: Variant::Diplomatic,
        required: true,
        name_es: "Carné de acreditación expedido por la SRE",
        name_en: "SRE accreditation card",
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
