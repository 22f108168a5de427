//! How much a PDF grows when it is opened. A 1.5 MB file can hold Flate streams that
//! inflate to gigabytes: the PDF parser inflates object and cross-reference streams
//! whole while it loads (it took the server from 40 MB to 1.6 GB), and a viewer inflates
//! the content streams when an officer opens the attachment. So before anything parses the
//! file, every stream is inflated here with a bounded counter that keeps none of the
//! output (a few kilobytes of memory whatever the file holds), and a file past the limits
//! is refused.
//!
//! Flate is the only filter the parser and today's PDF writers expand with. The older
//! encodings — LZW (2,700:1 at best), ASCII85, ASCIIHex and RunLength — are refused
//! outright: no phone, browser or office suite writes them for a ticket or a letter, and
//! wrapping a Flate stream in one of them would hide it from a counter that only sniffs
//! for Flate.

use flate2::read::ZlibDecoder;
use std::io::Read;

/// Largest expansion of one stream (a full A4 page as a Flate RGB image at 200 dpi is
/// 11.6 MB).
pub const MAX_STREAM_EXPANSION: u64 = 32 * 1024 * 1024;
/// Largest expansion of a stream that holds objects (the parser keeps what it parses
/// out of it); genuine ones are a few hundred kilobytes.
pub const MAX_OBJECT_STREAM_EXPANSION: u64 = 8 * 1024 * 1024;
/// Largest expansion of all the streams together.
pub const MAX_TOTAL_EXPANSION: u64 = 96 * 1024 * 1024;
/// Flate inside Flate is followed this many levels deep.
const MAX_FLATE_LAYERS: usize = 4;
/// Bytes looked at to tell a stream of objects (it begins with its table of object
/// numbers and offsets) from one of content or pixels.
const HEAD_BYTES: usize = 16;

/// Filter names, also abbreviated, that are refused.
const REFUSED_FILTERS: [&[u8]; 8] = [
    b"LZWDecode",
    b"LZW",
    b"ASCII85Decode",
    b"A85",
    b"ASCIIHexDecode",
    b"AHx",
    b"RunLengthDecode",
    b"RL",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpansionProblem {
    /// A stream, or all of them, expand past the limits.
    TooLarge,
    /// A refused filter is named.
    RefusedFilter,
}

/// Checks the expansion of every stream of `pdf`.
pub fn check(pdf: &[u8]) -> Result<(), ExpansionProblem> {
    if names_refused_filter(&outside_streams(pdf)) {
        return Err(ExpansionProblem::RefusedFilter);
    }
    let mut total: u64 = 0;
    for start in stream_data_starts(pdf) {
        let data = &pdf[start..];
        if !looks_like_zlib(data) {
            continue;
        }
        let room = MAX_TOTAL_EXPANSION.saturating_sub(total);
        let expansion = expansion_of(data, room)?;
        total = total.saturating_add(expansion);
        if total > MAX_TOTAL_EXPANSION {
            return Err(ExpansionProblem::TooLarge);
        }
    }
    Ok(())
}

/// The largest expansion of the stream starting at `data`, reading Flate inside Flate
/// when the inflated bytes are themselves a zlib stream.
fn expansion_of(data: &[u8], room: u64) -> Result<u64, ExpansionProblem> {
    let mut largest = 0;
    for layers in 1..=MAX_FLATE_LAYERS {
        let measured = measure(inflated(data, layers), room)?;
        largest = largest.max(measured.bytes);
        if !looks_like_zlib(&measured.head) {
            break;
        }
    }
    Ok(largest)
}

fn inflated(data: &[u8], layers: usize) -> Box<dyn Read + '_> {
    let mut reader: Box<dyn Read + '_> = Box::new(data);
    for _ in 0..layers {
        reader = Box::new(ZlibDecoder::new(reader));
    }
    reader
}

struct Measured {
    bytes: u64,
    head: Vec<u8>,
}

/// Counts what `reader` yields, stopping at its end, at its first error (a parser keeps
/// what came before) or past a limit.
fn measure(mut reader: Box<dyn Read + '_>, room: u64) -> Result<Measured, ExpansionProblem> {
    let mut buffer = vec![0_u8; 64 * 1024];
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut bytes: u64 = 0;
    let mut limit = MAX_STREAM_EXPANSION.min(room);
    // Names read out of a stream of objects (a filter written inside an object stream).
    let mut tail: Vec<u8> = Vec::new();
    let mut holds_objects = false;
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let chunk = &buffer[..read];
        if head.len() < HEAD_BYTES {
            let wanted = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..wanted]);
            if head.len() == HEAD_BYTES || wanted < chunk.len() {
                holds_objects = looks_like_objects(&head);
                if holds_objects {
                    limit = limit.min(MAX_OBJECT_STREAM_EXPANSION);
                }
            }
        }
        bytes = bytes.saturating_add(read as u64);
        if bytes > limit {
            return Err(ExpansionProblem::TooLarge);
        }
        if holds_objects {
            tail.extend_from_slice(chunk);
            if names_refused_filter(&tail) {
                return Err(ExpansionProblem::RefusedFilter);
            }
            let keep = tail.len().saturating_sub(32);
            tail.drain(..keep);
        }
    }
    if head.len() < HEAD_BYTES && looks_like_objects(&head) && names_refused_filter(&head) {
        return Err(ExpansionProblem::RefusedFilter);
    }
    Ok(Measured { bytes, head })
}

/// Where the data of each stream may start: after every `stream` keyword and its end of
/// line (both line ends, and none, are tried, so no reading of the parser's is missed;
/// a candidate that is not a stream costs one failed header check).
fn stream_data_starts(pdf: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(&pdf[at..], b"stream") {
        let after = at + found + b"stream".len();
        for skip in 0..=2 {
            let start = after + skip;
            if start < pdf.len() {
                starts.push(start);
            }
        }
        at = after;
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The file without the data of its streams (from each `stream` keyword to the next
/// `endstream`): the dictionaries, where filters are named.
fn outside_streams(pdf: &[u8]) -> Vec<u8> {
    let mut outside = Vec::with_capacity(pdf.len() / 4);
    let mut at = 0;
    while at < pdf.len() {
        let rest = &pdf[at..];
        let Some(open) = find(rest, b"stream") else {
            outside.extend_from_slice(rest);
            break;
        };
        let is_end_keyword = open >= 3 && &rest[open - 3..open] == b"end";
        outside.extend_from_slice(&rest[..open + b"stream".len()]);
        at += open + b"stream".len();
        if is_end_keyword {
            continue;
        }
        match find(&pdf[at..], b"endstream") {
            Some(close) => at += close,
            None => break,
        }
    }
    outside
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A zlib header: deflate with a window of at most 32 KB, and the check bits right.
fn looks_like_zlib(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0F == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// An object stream begins with pairs of integers (object number, offset): two integers
/// and a space.
fn looks_like_objects(head: &[u8]) -> bool {
    let digits = |from: usize| {
        head[from.min(head.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let spaces = |from: usize| {
        head[from.min(head.len())..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
    };
    let first = digits(0);
    let gap = spaces(first);
    let second = digits(first + gap);
    first > 0 && gap > 0 && second > 0 && spaces(first + gap + second) > 0
}

fn is_delimiter(byte: u8) -> bool {
    byte.is_ascii_whitespace() || b"()<>[]{}/%".contains(&byte)
}

/// Whether a name of a refused filter appears, `#xx` escapes decoded as a parser
/// decodes them.
fn names_refused_filter(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'/' {
            at += 1;
            continue;
        }
        let mut name = Vec::new();
        let mut next = at + 1;
        while next < bytes.len() && !is_delimiter(bytes[next]) && name.len() <= 20 {
            let byte = bytes[next];
            let escaped = (byte == b'#')
                .then(|| bytes.get(next + 1..next + 3))
                .flatten()
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            match escaped {
                Some(decoded) => {
                    name.push(decoded);
                    next += 3;
                }
                None => {
                    name.push(byte);
                    next += 1;
                }
            }
        }
        if REFUSED_FILTERS.contains(&name.as_slice()) {
            return true;
        }
        at = next.max(at + 1);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        let _ = encoder.write_all(data);
        encoder.finish().unwrap_or_default()
    }

    fn zeros_deflated(megabytes: usize) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        let block = vec![0_u8; 1024 * 1024];
        for _ in 0..megabytes {
            let _ = encoder.write_all(&block);
        }
        encoder.finish().unwrap_or_default()
    }

    fn pdf_with_stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.5\n1 0 obj\n".to_vec();
        pdf.extend_from_slice(dictionary.as_bytes());
        pdf.extend_from_slice(b"\nstream\r\n");
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn an_ordinary_flate_stream_is_accepted() {
        let content = b"BT /F1 12 Tf 72 712 Td (Boleto de regreso) Tj ET\n".repeat(2000);
        let pdf = pdf_with_stream("<< /Filter /FlateDecode >>", &deflate(&content));
        assert_eq!(check(&pdf), Ok(()));
    }

    #[test]
    fn a_stream_inflating_past_the_limit_is_refused_without_keeping_its_output() {
        let bomb = zeros_deflated(40);
        assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
        let pdf = pdf_with_stream("<< /Filter /FlateDecode >>", &bomb);
        assert_eq!(check(&pdf), Err(ExpansionProblem::TooLarge));
    }

    #[test]
    fn flate_inside_flate_is_followed() {
        let inner = zeros_deflated(40);
        let pdf = pdf_with_stream(
            "<< /Filter [/FlateDecode /FlateDecode] >>",
            &deflate(&inner),
        );
        assert_eq!(check(&pdf), Err(ExpansionProblem::TooLarge));
    }

    #[test]
    fn many_streams_under_the_stream_limit_are_refused_together() {
        let mut pdf = b"%PDF-1.5\n".to_vec();
        let part = zeros_deflated(20);
        for n in 0..6 {
            pdf.extend_from_slice(
                format!("{n} 0 obj\n<< /Filter /FlateDecode >>\nstream\n").as_bytes(),
            );
            pdf.extend_from_slice(&part);
            pdf.extend_from_slice(b"\nendstream\nendobj\n");
        }
        assert_eq!(check(&pdf), Err(ExpansionProblem::TooLarge));
    }

    #[test]
    fn an_object_stream_has_a_tighter_limit() {
        let objects = b"1 0 2 40 3 80 ".repeat(1024 * 1024);
        let pdf = pdf_with_stream(
            "<< /Type /ObjStm /N 3 /First 14 /Filter /FlateDecode >>",
            &deflate(&objects),
        );
        assert_eq!(check(&pdf), Err(ExpansionProblem::TooLarge));
    }

    #[test]
    fn old_encodings_are_refused_also_when_escaped_or_inside_an_object_stream() {
        for dictionary in [
            "<< /Filter /LZWDecode >>",
            "<< /Filter [/ASCII85Decode /FlateDecode] >>",
            "<< /Filter /AS#43IIHexDecode >>",
            "<< /Filter /RunLengthDecode >>",
        ] {
            let pdf = pdf_with_stream(dictionary, b"abc");
            assert_eq!(
                check(&pdf),
                Err(ExpansionProblem::RefusedFilter),
                "{dictionary}"
            );
        }
        let objects = b"5 0 6 30 [/A85 /FlateDecode]\n<< /Length 10 >>".to_vec();
        let pdf = pdf_with_stream(
            "<< /Type /ObjStm /Filter /FlateDecode >>",
            &deflate(&objects),
        );
        assert_eq!(check(&pdf), Err(ExpansionProblem::RefusedFilter));
    }

    #[test]
    fn filter_names_inside_stream_data_are_not_read_as_filters() {
        // Bytes of an image that happen to spell a name are not a dictionary.
        let pdf = pdf_with_stream("<< /Filter /DCTDecode >>", b"\xFF\xD8 /RL \xFF\xD9");
        assert_eq!(check(&pdf), Ok(()));
    }
}
