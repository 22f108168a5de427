//! Reading a rendered PDF back, for tests: its text and the content of its QR code.

use lopdf::content::Content;
use lopdf::{Document, Object};
use std::collections::HashMap;

/// The text of every page, one line per text-showing operation, in drawing order.
///
/// Read through each font's ToUnicode map (two-byte codes, as krilla writes them): lopdf's
/// own `extract_text` stops at the PostScript comments that open krilla's maps.
pub fn text_of(pdf: &[u8]) -> Result<String, String> {
    let document = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for page in document.get_pages().into_values() {
        let mut maps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
        for (name, font) in document.get_page_fonts(page).map_err(|e| e.to_string())? {
            let Ok(reference) = font.get(b"ToUnicode").and_then(Object::as_reference) else {
                continue;
            };
            let stream = document
                .get_object(reference)
                .and_then(Object::as_stream)
                .map_err(|e| e.to_string())?;
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            maps.insert(name, to_unicode_map(&String::from_utf8_lossy(&bytes)));
        }
        let content = Content::decode(&document.get_page_content(page).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        let mut map: Option<&HashMap<u16, String>> = None;
        for operation in &content.operations {
            match operation.operator.as_str() {
                "Tf" => {
                    map = operation
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| maps.get(name));
                }
                "Tj" | "TJ" => {
                    let mut strings = Vec::new();
                    for operand in &operation.operands {
                        match operand {
                            Object::String(bytes, _) => strings.push(bytes.clone()),
                            Object::Array(items) => {
                                for item in items {
                                    if let Object::String(bytes, _) = item {
                                        strings.push(bytes.clone());
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    for bytes in strings {
                        for pair in bytes.chunks(2) {
                            let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                            if let Some(mapped) = map.and_then(|m| m.get(&code)) {
                                text.push_str(mapped);
                            }
                        }
                    }
                    text.push('\n');
                }
                _ => {}
            }
        }
    }
    Ok(text)
}

fn hex_units(hex: &str) -> Option<String> {
    let units: Option<Vec<u16>> = (0..hex.len() / 4)
        .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
        .collect();
    Some(String::from_utf16_lossy(&units?))
}

/// `beginbfchar` and `beginbfrange` entries of a ToUnicode CMap.
fn to_unicode_map(cmap: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let mut section = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let values: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|part| !part.is_empty())
            .collect();
        match (section, values.as_slice()) {
            ("char", [code, unicode]) => {
                if let (Ok(code), Some(text)) = (u16::from_str_radix(code, 16), hex_units(unicode))
                {
                    map.insert(code, text);
                }
            }
            ("range", [first, last, start]) => {
                let (Ok(first), Ok(last), Ok(start)) = (
                    u16::from_str_radix(first, 16),
                    u16::from_str_radix(last, 16),
                    u32::from_str_radix(start, 16),
                ) else {
                    continue;
                };
                for code in first..=last {
                    if let Some(c) = char::from_u32(start + u32::from(code - first)) {
                        map.insert(code, c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// Whether every font in the file is embedded (a font file stream in its descriptor).
pub fn fonts_are_embedded(pdf: &[u8]) -> Result<bool, String> {
    let document = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let mut fonts = 0;
    for object in document.objects.values() {
        let Ok(dictionary) = object.as_dict() else {
            continue;
        };
        if dictionary.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|key| dictionary.has(key));
        if !embedded {
            return Ok(false);
        }
    }
    Ok(fonts > 0)
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Decodes the QR code drawn on the first page: the filled path with the most
/// rectangles is rasterised and read with `rqrr`.
pub fn qr_text_of(pdf: &[u8]) -> Result<String, String> {
    let document = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let page = *document
        .get_pages()
        .values()
        .next()
        .ok_or("the PDF has no page")?;
    let content = Content::decode(&document.get_page_content(page).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    // Bounding boxes of the subpaths of each filled path.
    let mut filled: Vec<Vec<(f32, f32, f32, f32)>> = Vec::new();
    let mut subpaths: Vec<(f32, f32, f32, f32)> = Vec::new();
    let mut current: Option<(f32, f32, f32, f32)> = None;
    for operation in &content.operations {
        let point = || -> Option<(f32, f32)> {
            Some((
                number(operation.operands.first()?)?,
                number(operation.operands.get(1)?)?,
            ))
        };
        match operation.operator.as_str() {
            "m" => {
                if let Some(done) = current.take() {
                    subpaths.push(done);
                }
                current = point().map(|(x, y)| (x, y, x, y));
            }
            "l" => {
                if let (Some(b), Some((x, y))) = (current.as_mut(), point()) {
                    *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
                }
            }
            "re" => {
                let values: Vec<f32> = operation.operands.iter().filter_map(number).collect();
                if let [x, y, w, h] = values[..] {
                    subpaths.push((x.min(x + w), y.min(y + h), x.max(x + w), y.max(y + h)));
                }
            }
            "h" => {}
            "f" | "F" | "f*" => {
                if let Some(done) = current.take() {
                    subpaths.push(done);
                }
                filled.push(std::mem::take(&mut subpaths));
            }
            "S" | "s" | "B" | "B*" | "b" | "b*" | "n" => {
                current = None;
                subpaths.clear();
            }
            _ => {}
        }
    }
    let rects = filled
        .into_iter()
        .max_by_key(Vec::len)
        .ok_or("no filled path")?;
    let module = rects
        .iter()
        .map(|r| r.3 - r.1)
        .fold(f32::INFINITY, f32::min);
    if module.is_nan() || module <= 0.0 || module.is_infinite() {
        return Err("no QR modules".to_owned());
    }
    let left = rects.iter().map(|r| r.0).fold(f32::INFINITY, f32::min);
    let top = rects.iter().map(|r| r.1).fold(f32::INFINITY, f32::min);
    let right = rects.iter().map(|r| r.2).fold(f32::NEG_INFINITY, f32::max);
    let bottom = rects.iter().map(|r| r.3).fold(f32::NEG_INFINITY, f32::max);
    let columns = ((right - left) / module).round() as usize;
    let rows = ((bottom - top) / module).round() as usize;
    const SCALE: usize = 4;
    const QUIET: usize = 4;
    let width = (columns + 2 * QUIET) * SCALE;
    let height = (rows + 2 * QUIET) * SCALE;
    let mut dark = vec![false; width * height];
    for r in &rects {
        let x0 = ((r.0 - left) / module).round() as usize + QUIET;
        let x1 = ((r.2 - left) / module).round() as usize + QUIET;
        let y0 = ((r.1 - top) / module).round() as usize + QUIET;
        let y1 = ((r.3 - top) / module).round() as usize + QUIET;
        for y in y0 * SCALE..y1 * SCALE {
            for x in x0 * SCALE..x1 * SCALE {
                if let Some(cell) = dark.get_mut(y * width + x) {
                    *cell = true;
                }
            }
        }
    }
    // PDF space may run bottom-up: try the picture as drawn and mirrored.
    for mirrored in [false, true] {
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            let y = if mirrored { height - 1 - y } else { y };
            if dark[y * width + x] { 0 } else { 255 }
        });
        for grid in image.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                return Ok(text);
            }
        }
    }
    Err("the QR code could not be decoded".to_owned())
}

/// A small valid one-page PDF with `text` in a comment and `padding` more bytes (a
/// comment line of spaces): for tests and benchmarks of uploads, which are parsed, not
/// only sniffed.
pub fn sample_pdf(text: &str, padding: usize) -> Vec<u8> {
    pdf_of_objects(
        text,
        padding,
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ],
    )
}

/// [`sample_pdf`] padded to exactly `length` bytes (at least a few hundred).
pub fn sample_pdf_of_length(text: &str, length: usize) -> Vec<u8> {
    let unpadded = sample_pdf(text, 0).len();
    let mut padding = length.saturating_sub(unpadded + 2);
    loop {
        let pdf = sample_pdf(text, padding);
        match pdf.len().cmp(&length) {
            std::cmp::Ordering::Equal => return pdf,
            // The cross-reference offsets grow by a digit or two with the padding.
            std::cmp::Ordering::Greater => padding -= pdf.len() - length,
            std::cmp::Ordering::Less => padding += length - pdf.len(),
        }
    }
}

/// A PDF of the numbered `objects` (1 is the catalog) with a correct cross-reference table.
pub fn pdf_of_objects(text: &str, padding: usize, objects: &[&str]) -> Vec<u8> {
    let objects: Vec<&[u8]> = objects.iter().map(|body| body.as_bytes()).collect();
    pdf_of_byte_objects(text, padding, &objects)
}

/// A zlib stream that inflates to `expanded` bytes (rounded up to whole MiB) of `fill`
/// after `prefix`, at about 1,000:1: a "Flate bomb". Written as one compressed MiB
/// repeated (each copy byte-aligned and self-contained), so making a gigabyte's worth
/// takes no gigabyte of work.
pub fn flate_bomb(prefix: &[u8], fill: u8, expanded: u64) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const MIB: usize = 1024 * 1024;
    let compress = |input: &[u8], compressor: &mut Compress| {
        let mut output = Vec::with_capacity(input.len() / 100 + 1024);
        let _ = compressor.compress_vec(input, &mut output, FlushCompress::Full);
        output
    };
    let mut first_input = prefix.to_vec();
    first_input.extend(std::iter::repeat_n(fill, MIB));
    let mut compressor = Compress::new(Compression::best(), false);
    let first = compress(&first_input, &mut compressor);
    let repeated = compress(
        &vec![fill; MIB],
        &mut Compress::new(Compression::best(), false),
    );
    let copies = expanded.div_ceil(MIB as u64).max(1);
    let mut out = vec![0x78, 0xDA];
    out.extend_from_slice(&first);
    for _ in 1..copies {
        out.extend_from_slice(&repeated);
    }
    // An empty final block with fixed codes, then the Adler-32 of what inflates.
    out.extend_from_slice(&[0x03, 0x00]);
    const MOD: u128 = 65521;
    let (mut sum_a, mut sum_b): (u128, u128) = (1, 0);
    for byte in prefix {
        sum_a = (sum_a + u128::from(*byte)) % MOD;
        sum_b = (sum_b + sum_a) % MOD;
    }
    // A run of n bytes f adds n·f to a and n·a + f·n(n+1)/2 to b.
    let run = u128::from(copies) * MIB as u128;
    let fill = u128::from(fill);
    sum_b = (sum_b + run % MOD * sum_a + fill * (run * (run + 1) / 2 % MOD)) % MOD;
    sum_a = (sum_a + run % MOD * fill) % MOD;
    let adler = u32::try_from((sum_b << 16) | sum_a).unwrap_or_default();
    out.extend_from_slice(&adler.to_be_bytes());
    out
}

/// A one-page PDF whose page content is a Flate stream inflating to `expanded` bytes.
pub fn content_stream_bomb_pdf(expanded: u64) -> Vec<u8> {
    one_page_pdf_with_stream("/Contents 4 0 R", "", &flate_bomb(b"q ", b' ', expanded))
}

/// A one-page PDF with a compressed object stream (which a parser inflates while it
/// loads the file) inflating to `expanded` bytes.
pub fn object_stream_bomb_pdf(expanded: u64) -> Vec<u8> {
    one_page_pdf_with_stream(
        "",
        "/Type /ObjStm /N 1 /First 4 ",
        &flate_bomb(b"5 0 ", b' ', expanded),
    )
}

/// A one-page PDF (with `page_extra` in its page) and a Flate stream of `data` as object 4
/// (with `stream_extra` in its dictionary).
fn one_page_pdf_with_stream(page_extra: &str, stream_extra: &str, data: &[u8]) -> Vec<u8> {
    let mut stream = format!(
        "<< {stream_extra}/Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    stream.extend_from_slice(data);
    stream.extend_from_slice(b"\nendstream");
    let page = format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page_extra}>>");
    pdf_of_byte_objects(
        "bomba",
        0,
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page.as_bytes(),
            &stream,
        ],
    )
}

/// [`pdf_of_objects`] with objects given as bytes (streams with binary data).
pub fn pdf_of_byte_objects(text: &str, padding: usize, objects: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("%PDF-1.4\n% {text}\n").into_bytes();
    if padding > 0 {
        out.push(b'%');
        out.extend(std::iter::repeat_n(b' ', padding));
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (number, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", number + 1).bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}
