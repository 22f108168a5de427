//! Files travelers attach, checked by their content: the declared type and the name are
//! not trusted. A PDF must parse and carry no active content (scripts, launch actions,
//! embedded files, forms that run code); an image must be a whole PNG or JPEG of a sane
//! size; nothing may follow the end of the file (no polyglots).

mod pdf_expansion;

pub use pdf_expansion::{MAX_OBJECT_STREAM_EXPANSION, MAX_STREAM_EXPANSION, MAX_TOTAL_EXPANSION};
use portal_shared::FieldErrorCode;
use portal_shared::preregistrations::AttachmentContentType;

/// Why an upload is refused; `code()` is the field error code shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    Empty,
    BadFileName,
    UnsupportedType,
    Damaged,
    ActiveContent,
    TooManyPixels,
    /// A PDF that expands past the limits when opened, or uses a refused encoding.
    PdfTooComplex,
}

impl UploadProblem {
    pub fn code(self) -> FieldErrorCode {
        match self {
            Self::Empty => FieldErrorCode::FileRequired,
            Self::BadFileName => FieldErrorCode::InvalidFileName,
            Self::UnsupportedType => FieldErrorCode::UnsupportedFileType,
            Self::Damaged => FieldErrorCode::FileDamaged,
            Self::ActiveContent => FieldErrorCode::FileHasActiveContent,
            Self::TooManyPixels => FieldErrorCode::ImageTooLarge,
            Self::PdfTooComplex => FieldErrorCode::PdfTooComplex,
        }
    }
}

/// Largest side, and largest area, of an attached image (a phone photo is ~12 MP).
pub const MAX_IMAGE_SIDE: u32 = 12_000;
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Deepest nesting of arrays and dictionaries a PDF may have before it is parsed.
const MAX_PDF_NESTING: usize = 64;

/// PDF keys and names that run or carry code or other files.
const ACTIVE_PDF_NAMES: [&[u8]; 8] = [
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"XFA",
    b"ImportData",
];

/// A file name as sent: at most 200 characters, no path, no control characters.
pub fn check_file_name(name: &str) -> Result<(), UploadProblem> {
    let bad = name.chars().count() > 200
        || name.contains(['/', '\\'])
        || name.contains("..")
        || name.chars().any(char::is_control);
    if bad {
        Err(UploadProblem::BadFileName)
    } else {
        Ok(())
    }
}

/// The content type of an acceptable attachment, or why it is refused.
pub fn check_attachment(bytes: &[u8]) -> Result<AttachmentContentType, UploadProblem> {
    match bytes {
        [] => Err(UploadProblem::Empty),
        [b'%', b'P', b'D', b'F', b'-', ..] => check_pdf(bytes).map(|()| AttachmentContentType::Pdf),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => {
            check_png(bytes).map(|()| AttachmentContentType::Png)
        }
        [0xFF, 0xD8, 0xFF, ..] => check_jpeg(bytes).map(|()| AttachmentContentType::Jpeg),
        _ => Err(UploadProblem::UnsupportedType),
    }
}

fn check_size(width: u32, height: u32) -> Result<(), UploadProblem> {
    if width == 0 || height == 0 {
        return Err(UploadProblem::Damaged);
    }
    if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
    {
        return Err(UploadProblem::TooManyPixels);
    }
    Ok(())
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 2)
        .map(|b| u32::from(u16::from_be_bytes([b[0], b[1]])))
}

/// Walks the chunks: IHDR first with a sane size, IEND last, nothing after it.
fn check_png(bytes: &[u8]) -> Result<(), UploadProblem> {
    let mut at = 8;
    let mut first = true;
    loop {
        let length = be32(bytes, at).ok_or(UploadProblem::Damaged)? as usize;
        let kind = bytes.get(at + 4..at + 8).ok_or(UploadProblem::Damaged)?;
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .ok_or(UploadProblem::Damaged)?;
        if end > bytes.len() {
            return Err(UploadProblem::Damaged);
        }
        if first {
            if kind != b"IHDR" || length != 13 {
                return Err(UploadProblem::Damaged);
            }
            let width = be32(bytes, at + 8).ok_or(UploadProblem::Damaged)?;
            let height = be32(bytes, at + 12).ok_or(UploadProblem::Damaged)?;
            check_size(width, height)?;
            first = false;
        }
        at = end;
        if kind == b"IEND" {
            return if at == bytes.len() {
                Ok(())
            } else {
                Err(UploadProblem::Damaged)
            };
        }
    }
}

/// Walks the segments up to the scan: a frame header with a sane size before it, and the
/// end-of-image marker as the last two bytes.
fn check_jpeg(bytes: &[u8]) -> Result<(), UploadProblem> {
    if !bytes.ends_with(&[0xFF, 0xD9]) || bytes.len() < 6 {
        return Err(UploadProblem::Damaged);
    }
    let mut at = 2;
    let mut sized = false;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(UploadProblem::Damaged);
        }
        let marker = *bytes.get(at + 1).ok_or(UploadProblem::Damaged)?;
        match marker {
            0xFF => {
                at += 1;
                continue;
            }
            0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            0xD9 => return Err(UploadProblem::Damaged),
            _ => {}
        }
        let length = be16(bytes, at + 2).ok_or(UploadProblem::Damaged)? as usize;
        if length < 2 {
            return Err(UploadProblem::Damaged);
        }
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            let height = be16(bytes, at + 5).ok_or(UploadProblem::Damaged)?;
            let width = be16(bytes, at + 7).ok_or(UploadProblem::Damaged)?;
            check_size(width, height)?;
            sized = true;
        }
        if marker == 0xDA {
            return if sized {
                Ok(())
            } else {
                Err(UploadProblem::Damaged)
            };
        }
        at += 2 + length;
    }
}

/// Whole (ends with `%%EOF`), expanding within bounds when opened, parseable, and with
/// no active content in any object,
/// including those inside compressed object streams (names are compared as the parser
/// decodes them, so `/J#61vaScript` is `/JavaScript`).
fn check_pdf(bytes: &[u8]) -> Result<(), UploadProblem> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(UploadProblem::Damaged);
    }
    if nesting_depth(bytes) > MAX_PDF_NESTING {
        return Err(UploadProblem::Damaged);
    }
    pdf_expansion::check(bytes).map_err(|_| UploadProblem::PdfTooComplex)?;
    let document = lopdf::Document::load_mem(bytes).map_err(|_| UploadProblem::Damaged)?;
    let active = document
        .objects
        .values()
        .chain(std::iter::once(&lopdf::Object::Dictionary(
            document.trailer.clone(),
        )))
        .any(is_active);
    if active {
        Err(UploadProblem::ActiveContent)
    } else {
        Ok(())
    }
}

fn is_active_name(name: &[u8]) -> bool {
    ACTIVE_PDF_NAMES.contains(&name)
}

fn is_active(object: &lopdf::Object) -> bool {
    match object {
        lopdf::Object::Name(name) => is_active_name(name),
        lopdf::Object::Array(items) => items.iter().any(is_active),
        lopdf::Object::Dictionary(dictionary) => dictionary
            .iter()
            .any(|(key, value)| is_active_name(key) || is_active(value)),
        lopdf::Object::Stream(stream) => stream
            .dict
            .iter()
            .any(|(key, value)| is_active_name(key) || is_active(value)),
        _ => false,
    }
}

/// Deepest nesting of `[` and `<<` outside strings and streams, roughly: enough to refuse
/// a file built to exhaust the parser's stack.
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0_usize, 0_usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => {}
        }
        deepest = deepest.max(depth);
        i += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_paths_or_control_characters_are_refused() {
        assert!(check_file_name("boleto.pdf").is_ok());
        assert!(check_file_name("Reservación hotel (1).pdf").is_ok());
        for bad in [
            "../boleto.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "bo\u{0}leto.pdf",
            "x\n.pdf",
        ] {
            assert_eq!(
                check_file_name(bad),
                Err(UploadProblem::BadFileName),
                "{bad:?}"
            );
        }
        assert!(check_file_name(&"a".repeat(201)).is_err());
    }
}
