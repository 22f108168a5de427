//! Passport photo → machine readable zone.
//!
//! 1. decode the upload (PNG or JPEG, dimensions bounded before any pixel is allocated);
//! 2. straighten it: the angle within ±15° whose rows of dark pixels are sharpest;
//! 3. find the zone: the lowest two wide text lines;
//! 4. read them with Tesseract, restricted to `A-Z0-9<`;
//! 5. place each character Tesseract read on the zone's 44 fixed-pitch cells by its box
//!    (fillers told by shape), and read again alone the glyphs it skipped or that fail a
//!    check digit;
//! 6. correct and check them with the ICAO rules (`portal_domain::mrz`).

mod cells;
mod geometry;
mod ocr;

use chrono::NaiveDate;
use image::GrayImage;
use portal_domain::mrz::{self, MrzReading};
use std::io::Cursor;

pub use cells::{LineCells, zone_cells};
pub use geometry::{estimate_skew_degrees, mrz_band, rotate};
pub use portal_tesseract::{restart_with_environment, restart_with_one_openmp_thread};

/// Largest width or height accepted, in pixels (a 40-megapixel phone photo fits).
pub const MAX_DIMENSION: u32 = 8_000;
/// Width the photo is reduced to before reading: enough for 44 characters per line.
const WORKING_WIDTH: u32 = 1_600;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("the file is not a PNG or JPEG image")]
    NotAnImage,
    #[error("the image is {width}×{height} pixels; at most {MAX_DIMENSION} per side are accepted")]
    TooLarge { width: u32, height: u32 },
    #[error("the image is damaged or truncated: {0}")]
    Corrupt(String),
    #[error("no machine readable zone could be read in the photo")]
    NoMrz,
    #[error("the OCR engine failed: {0}")]
    Ocr(String),
}

/// What a scan found.
#[derive(Debug, Clone)]
pub struct ScanOutcome {
    pub reading: MrzReading,
    /// Degrees the photo was turned to straighten it.
    pub rotation_degrees: f32,
}

/// The image format of `bytes`, from their content (never from a file name).
pub fn sniff_format(bytes: &[u8]) -> Option<image::ImageFormat> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(image::ImageFormat::Png),
        [0xFF, 0xD8, 0xFF, ..] => Some(image::ImageFormat::Jpeg),
        _ => None,
    }
}

/// The MIME type of an accepted image, from its content.
pub fn content_type(bytes: &[u8]) -> Option<&'static str> {
    match sniff_format(bytes)? {
        image::ImageFormat::Png => Some("image/png"),
        _ => Some("image/jpeg"),
    }
}

/// Decodes an upload to grey levels, refusing oversized images before decoding pixels.
pub fn decode(bytes: &[u8]) -> Result<GrayImage, ScanError> {
    let format = sniff_format(bytes).ok_or(ScanError::NotAnImage)?;
    let mut reader = image::io::Reader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| ScanError::Corrupt(e.to_string()))?;
    if width > MAX_DIMENSION || height > MAX_DIMENSION || width == 0 || height == 0 {
        return Err(ScanError::TooLarge { width, height });
    }
    reader = image::io::Reader::with_format(Cursor::new(bytes), format);
    let mut limits = image::io::Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| ScanError::Corrupt(e.to_string()))?;
    Ok(image.into_luma8())
}

/// At most this many cells are read again one by one (each takes a few milliseconds).
const MAX_CELLS_REREAD: usize = 8;

/// What Tesseract read of a line, placed on the line's cells; a cell whose ink is a
/// character but where Tesseract read a filler or nothing (it often drops the last digit
/// after a run of fillers) is read again on its own.
fn realign(
    band: &GrayImage,
    line_index: usize,
    ocr_line: &str,
    symbols: &[ocr::Symbol],
    cells: &LineCells,
) -> String {
    let mut line: Vec<char> = place_on_cells(symbols, cells).unwrap_or_else(|| {
        mrz::align_to_cells(ocr_line, &cells.shapes)
            .chars()
            .collect()
    });
    let doubtful: Vec<usize> = (0..line.len())
        .filter(|&cell| {
            let skipped = cells.shapes[cell] == mrz::CellShape::Character && line[cell] == '<';
            let not_a_digit =
                mrz::holds_digit(line_index, cell) && mrz::hopeless_as_digit(line[cell]);
            skipped || not_a_digit
        })
        .take(MAX_CELLS_REREAD)
        .collect();
    for cell in doubtful {
        if let Some(read) = ocr::read_character(&cells.cell_image(band, cell))
            && read != '<'
            && !(mrz::holds_digit(line_index, cell) && mrz::hopeless_as_digit(read))
        {
            line[cell] = read;
        }
    }
    line.into_iter().collect()
}

/// Each character Tesseract recognised, put in the cell its box is centred on (the one
/// nearest the centre when two claim a cell); cells shaped like a filler hold `<`, cells
/// nothing claimed hold `<` until read again alone. `None` when too few characters land
/// on the line's cells for their boxes to be trusted.
fn place_on_cells(symbols: &[ocr::Symbol], cells: &LineCells) -> Option<Vec<char>> {
    let mut best: Vec<Option<(f64, char)>> = vec![None; cells.shapes.len()];
    for symbol in symbols {
        let Some(read) = symbol.text.chars().next() else {
            continue;
        };
        let x = (f64::from(symbol.left) + f64::from(symbol.right)) / 2.0;
        let y = (f64::from(symbol.top) + f64::from(symbol.bottom)) / 2.0;
        let Some(cell) = cells.cell_at(x, y) else {
            continue;
        };
        let distance = cells.distance_from_centre(cell, x);
        if best[cell].is_none_or(|(held, _)| distance < held) {
            best[cell] = Some((distance, read.to_ascii_uppercase()));
        }
    }
    let claimed = best.iter().filter(|b| b.is_some()).count();
    if claimed * 4 < cells.shapes.len() * 3 {
        return None;
    }
    Some(
        cells
            .shapes
            .iter()
            .zip(best)
            .map(|(shape, best)| match (shape, best) {
                (mrz::CellShape::Filler, _) => '<',
                (_, Some((_, read))) => read,
                (_, None) => '<',
            })
            .collect(),
    )
}

/// Line 2's checked fields with their check digits: number, birth date, expiry date,
/// optional data, and the composite digit (which checks the four together).
const CHECKED_FIELDS: [std::ops::RangeInclusive<usize>; 5] =
    [0..=9, 13..=19, 21..=27, 28..=42, 43..=43];
/// At most this many glyphs of failing fields are read again alone.
const MAX_FIELD_REREADS: usize = 24;

/// The glyphs of a field whose check digit fails are read again one by one, and a glyph
/// read differently is kept if the field's check then holds and the composite digit
/// agrees (so one chance agreement cannot pass). After a run of fillers Tesseract's line
/// reading often turns the last digit into another, while the glyph alone reads right.
fn reread_failed_fields(
    band: &GrayImage,
    cells: &LineCells,
    mut reading: MrzReading,
    today: NaiveDate,
) -> MrzReading {
    let failed = |r: &MrzReading| {
        [
            r.document_number.check_digit_passed == Some(false),
            r.birth_date.check_digit_passed == Some(false),
            r.expiry_date.check_digit_passed == Some(false),
            r.optional_data.check_digit_passed == Some(false),
            !r.composite_check_passed,
        ]
    };
    let mut budget = MAX_FIELD_REREADS;
    for (index, field) in CHECKED_FIELDS.iter().enumerate() {
        if !failed(&reading)[index] {
            continue;
        }
        for cell in field.clone() {
            if budget == 0 || !failed(&reading)[index] {
                break;
            }
            if cells.shapes.get(cell) == Some(&mrz::CellShape::Filler) {
                continue;
            }
            budget -= 1;
            let Some(read) = ocr::read_character(&cells.cell_image(band, cell)) else {
                continue;
            };
            let mut line2: Vec<char> = reading.lines[1].chars().collect();
            if line2.get(cell).is_none_or(|held| *held == read) {
                continue;
            }
            line2[cell] = read;
            let line2: String = line2.into_iter().collect();
            if let Ok(candidate) = mrz::read_td3(&reading.lines[0], &line2, today)
                && !failed(&candidate)[index]
                && candidate.composite_check_passed
                && candidate.checks_passed() > reading.checks_passed()
            {
                reading = candidate;
            }
        }
    }
    reading
}

/// When only the composite digit fails, its glyph is compared with the digits of the same
/// photo that their own check digits confirm (same print, same blur): the digit it looks
/// most like is taken if the composite check then holds. Tesseract reads a blurred final 4
/// as 6 both in the line and alone; the photo's own confirmed 4s and 6s tell them apart.
fn composite_by_likeness(
    band: &GrayImage,
    cells: &LineCells,
    reading: MrzReading,
    today: NaiveDate,
) -> MrzReading {
    const COMPOSITE: usize = 43;
    let others_pass = reading.document_number.check_digit_passed == Some(true)
        && reading.birth_date.check_digit_passed == Some(true)
        && reading.expiry_date.check_digit_passed == Some(true)
        && reading.optional_data.check_digit_passed == Some(true);
    if reading.composite_check_passed || !others_pass {
        return reading;
    }
    let Some(target) = cells.glyph_signature(band, COMPOSITE) else {
        return reading;
    };
    let line2: Vec<char> = reading.lines[1].chars().collect();
    let mut best: Option<(f32, char)> = None;
    for cell in CHECKED_FIELDS[..4].iter().flat_map(|field| field.clone()) {
        let Some(&digit) = line2.get(cell).filter(|c| c.is_ascii_digit()) else {
            continue;
        };
        let Some(exemplar) = cells.glyph_signature(band, cell) else {
            continue;
        };
        let likeness: f32 = exemplar.iter().zip(&target).map(|(a, b)| a * b).sum();
        if best.is_none_or(|(held, _)| likeness > held) {
            best = Some((likeness, digit));
        }
    }
    let Some((_, digit)) = best.filter(|(_, digit)| line2.get(COMPOSITE) != Some(digit)) else {
        return reading;
    };
    let mut changed = line2;
    changed[COMPOSITE] = digit;
    let changed: String = changed.into_iter().collect();
    match mrz::read_td3(&reading.lines[0], &changed, today) {
        Ok(candidate) if candidate.fully_valid() => candidate,
        _ => reading,
    }
}

/// How much more alike a glyph must be to another character's glyphs before the reading
/// changes (dot products of normalised glyphs, 1 = identical).
const LIKENESS_MARGIN: f32 = 0.03;

/// The document number holds letters and digits, and some pairs (G and 6, Z and 2, T and 7)
/// can pass its check digit either way. Each of its glyphs that has such a look-alike is
/// compared with the photo's own glyphs of both characters (line 1's letters, the dates'
/// digits); a clearly better match changes the reading if every check still holds.
fn number_by_likeness(
    band: &GrayImage,
    cells: [&LineCells; 2],
    reading: MrzReading,
    today: NaiveDate,
) -> MrzReading {
    const NUMBER: std::ops::Range<usize> = 0..9;
    let lines: [Vec<char>; 2] = [
        reading.lines[0].chars().collect(),
        reading.lines[1].chars().collect(),
    ];
    // Glyphs whose reading the zone's structure vouches for: names and state codes on
    // line 1, dates and check digits on line 2 when their checks pass.
    let dates_pass = reading.birth_date.check_digit_passed == Some(true)
        && reading.expiry_date.check_digit_passed == Some(true);
    let trusted = |line: usize, cell: usize| -> bool {
        if line == 0 {
            cell >= 2 && lines[0].get(cell).is_some_and(char::is_ascii_uppercase)
        } else {
            dates_pass && mrz::holds_digit(1, cell) && cell != 43
        }
    };
    let best_likeness = |target: &[f32], wanted: char, except: usize| -> Option<f32> {
        let mut best: Option<f32> = None;
        for (line, chars) in lines.iter().enumerate() {
            for (cell, &c) in chars.iter().enumerate() {
                if c != wanted || (line == 1 && cell == except) || !trusted(line, cell) {
                    continue;
                }
                let Some(exemplar) = cells[line].glyph_signature(band, cell) else {
                    continue;
                };
                let likeness: f32 = exemplar.iter().zip(target).map(|(a, b)| a * b).sum();
                best = Some(best.map_or(likeness, |held: f32| held.max(likeness)));
            }
        }
        best
    };
    let mut reading = reading;
    for cell in NUMBER {
        let line2: Vec<char> = reading.lines[1].chars().collect();
        let Some(&held) = line2.get(cell) else {
            continue;
        };
        let rivals = mrz::look_alikes(held);
        if rivals.len() < 2 {
            continue;
        }
        let Some(target) = cells[1].glyph_signature(band, cell) else {
            continue;
        };
        let Some(held_likeness) = best_likeness(&target, held, cell) else {
            continue;
        };
        let better = rivals
            .iter()
            .filter(|&&rival| rival != held)
            .filter_map(|&rival| best_likeness(&target, rival, cell).map(|l| (l, rival)))
            .filter(|(likeness, _)| *likeness > held_likeness + LIKENESS_MARGIN)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, rival)) = better else {
            continue;
        };
        let mut changed = line2;
        changed[cell] = rival;
        let changed: String = changed.into_iter().collect();
        if let Ok(candidate) = mrz::read_td3(&reading.lines[0], &changed, today)
            && candidate.checks_passed() >= reading.checks_passed()
            && candidate.document_number.check_digit_passed == Some(true)
        {
            reading = candidate;
        }
    }
    reading
}

/// The reading the check digits confirm most; the one placed on cells when they tie, as it
/// also puts line 1's fillers (which no check digit covers) in place.
fn better_reading(as_read: Option<MrzReading>, on_cells: Option<MrzReading>) -> Option<MrzReading> {
    match (as_read, on_cells) {
        (Some(as_read), Some(on_cells)) => {
            let score = |r: &MrzReading| (r.fully_valid(), r.checks_passed());
            Some(if score(&as_read) > score(&on_cells) {
                as_read
            } else {
                on_cells
            })
        }
        (as_read, on_cells) => on_cells.or(as_read),
    }
}

/// Reads the zone of a passport photo as of `today` (for the century of dates).
pub fn scan(bytes: &[u8], today: NaiveDate) -> Result<ScanOutcome, ScanError> {
    let photo = decode(bytes)?;
    let photo = if photo.width() > WORKING_WIDTH {
        let height = (u64::from(photo.height()) * u64::from(WORKING_WIDTH)
            / u64::from(photo.width()))
        .max(1);
        image::imageops::resize(
            &photo,
            WORKING_WIDTH,
            u32::try_from(height).unwrap_or(1),
            image::imageops::FilterType::Triangle,
        )
    } else {
        photo
    };
    let angle = estimate_skew_degrees(&photo);
    let straight = if angle.abs() >= 0.25 {
        rotate(&photo, -angle)
    } else {
        photo
    };
    let band = geometry::mrz_band(&straight).ok_or(ScanError::NoMrz)?;
    let block = ocr::read_block(&band)?;
    let text = &block.text;
    let (line1, line2) = mrz::find_td3_lines(text).ok_or(ScanError::NoMrz)?;
    let as_read = mrz::read_td3(&line1, &line2, today).ok();
    let on_cells = cells::zone_cells(&band).and_then(|[cells1, cells2]| {
        let line1 = realign(&band, 0, &line1, &block.symbols, &cells1);
        let line2 = realign(&band, 1, &line2, &block.symbols, &cells2);
        let reading = mrz::read_td3(&line1, &line2, today).ok()?;
        let reading = reread_failed_fields(&band, &cells2, reading, today);
        let reading = composite_by_likeness(&band, &cells2, reading, today);
        Some(number_by_likeness(
            &band,
            [&cells1, &cells2],
            reading,
            today,
        ))
    });
    let reading = better_reading(as_read, on_cells).ok_or(ScanError::NoMrz)?;
    Ok(ScanOutcome {
        reading,
        rotation_degrees: angle,
    })
}
