//! Renders passport data pages with the OCR-B typeface (Debian `fonts-ocr-b`) and
//! degrades them like phone photos, so the reader is tested on images it has never seen.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{GrayImage, Luma};

pub const OCR_B: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

pub fn font_bytes() -> Vec<u8> {
    std::fs::read(OCR_B).expect("fonts-ocr-b is installed (scripts/install-tools.sh)")
}

fn draw_text(
    page: &mut GrayImage,
    font: &FontRef<'_>,
    size: f32,
    x: f32,
    baseline: f32,
    text: &str,
    ink: u8,
) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    for c in text.chars() {
        let id = font.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if px >= 0 && py >= 0 && (px as u32) < page.width() && (py as u32) < page.height() {
                    let pixel = page.get_pixel_mut(px as u32, py as u32);
                    let paper = f32::from(pixel[0]);
                    pixel[0] = (paper + (f32::from(ink) - paper) * coverage.min(1.0)).round() as u8;
                }
            });
        }
    }
}

/// A data page: header, photo, printed fields, and the two zone lines at the bottom.
pub fn render_page(line1: &str, line2: &str) -> GrayImage {
    let bytes = font_bytes();
    let font = FontRef::try_from_slice(&bytes).expect("OCR-B parses");
    let mut page = GrayImage::from_pixel(1100, 760, Luma([236]));
    draw_text(&mut page, &font, 26.0, 40.0, 60.0, "PASAPORTE PASSPORT", 60);
    for y in 110..430 {
        for x in 40..290 {
            page.put_pixel(x, y, Luma([150]));
        }
    }
    for (row, text) in [
        "APELLIDOS SURNAME",
        "NOMBRES GIVEN NAMES",
        "NACIONALIDAD",
        "FECHA DE NACIMIENTO",
    ]
    .iter()
    .enumerate()
    {
        draw_text(
            &mut page,
            &font,
            18.0,
            330.0,
            140.0 + row as f32 * 70.0,
            text,
            90,
        );
    }
    draw_text(&mut page, &font, 30.0, 40.0, 640.0, line1, 25);
    draw_text(&mut page, &font, 30.0, 40.0, 690.0, line2, 25);
    page
}

/// Deterministic noise in ±amplitude grey levels.
pub fn add_noise(image: &mut GrayImage, amplitude: i32, seed: u64) {
    let mut state = seed | 1;
    for pixel in image.pixels_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delta = (state % (2 * amplitude as u64 + 1)) as i32 - amplitude;
        pixel[0] = (i32::from(pixel[0]) + delta).clamp(0, 255) as u8;
    }
}

/// Light falling off from one corner: the darkest corner loses `strength` grey levels.
pub fn uneven_light(image: &mut GrayImage, strength: f32) {
    let (w, h) = (image.width() as f32, image.height() as f32);
    for (x, y, pixel) in image.enumerate_pixels_mut() {
        let shade = strength * (x as f32 / w + y as f32 / h) / 2.0;
        pixel[0] = (f32::from(pixel[0]) - shade).clamp(0.0, 255.0) as u8;
    }
}

/// Places the page on a larger dark background, as when the passport does not fill the frame.
pub fn on_table(page: &GrayImage, border: u32) -> GrayImage {
    let mut photo = GrayImage::from_pixel(
        page.width() + 2 * border,
        page.height() + 2 * border,
        Luma([70]),
    );
    image::imageops::overlay(&mut photo, page, i64::from(border), i64::from(border));
    photo
}

pub fn png(image: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageOutputFormat::Png,
        )
        .unwrap();
    out
}

pub fn jpeg(image: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out
}

/// A small deterministic generator (xorshift), so every run sees the same photo set.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    pub fn float(&mut self, from: f32, to: f32) -> f32 {
        from + (to - from) * (self.below(10_000) as f32 / 10_000.0)
    }
}

fn check_digit(text: &str) -> char {
    char::from(b'0' + portal_domain::mrz::check_digit(text).expect("valid characters"))
}

/// Valid TD3 lines for random passport data.
pub fn random_passport(random: &mut Random) -> (String, String) {
    const SURNAMES: [&str; 10] = [
        "GARCIA",
        "RODRIGUEZ",
        "MARTINEZ<LOPEZ",
        "HERNANDEZ",
        "GOMEZ<DE<LA<CRUZ",
        "DIAZ",
        "TORRES",
        "RAMIREZ<RUIZ",
        "VARGAS",
        "CASTILLO",
    ];
    const GIVEN: [&str; 10] = [
        "MARIA<JOSE",
        "JUAN<CARLOS",
        "ANA",
        "LUIS<FERNANDO",
        "VALENTINA",
        "SANTIAGO",
        "CAMILA<ANDREA",
        "DIEGO",
        "LAURA<SOFIA",
        "ANDRES<FELIPE",
    ];
    const COUNTRIES: [&str; 4] = ["COL", "COL", "COL", "VEN"];
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";
    let country = random.pick(&COUNTRIES);
    let code = if random.below(10) == 0 { "PD" } else { "P<" };
    let mut line1 = format!(
        "{code}{country}{}<<{}",
        random.pick(&SURNAMES),
        random.pick(&GIVEN)
    );
    line1.truncate(44);
    while line1.len() < 44 {
        line1.push('<');
    }
    let mut number = String::new();
    for _ in 0..2 {
        number.push(char::from(
            LETTERS[random.below(LETTERS.len() as u64) as usize],
        ));
    }
    for _ in 0..7 {
        number.push(char::from(b'0' + random.below(10) as u8));
    }
    let date = |random: &mut Random, from_year: u64, span: u64| {
        format!(
            "{:02}{:02}{:02}",
            (from_year + random.below(span)) % 100,
            1 + random.below(12),
            1 + random.below(28)
        )
    };
    let birth = date(random, 1950, 55);
    let expiry = date(random, 2027, 10);
    let sex = if random.below(2) == 0 { 'F' } else { 'M' };
    let optional = if random.below(2) == 0 {
        String::from("<<<<<<<<<<<<<<")
    } else {
        let digits: String = (0..10)
            .map(|_| char::from(b'0' + random.below(10) as u8))
            .collect();
        format!("{digits}<<<<")
    };
    let optional_check = if optional.starts_with('<') {
        '<'
    } else {
        check_digit(&optional)
    };
    let partial = format!(
        "{number}{}{country}{birth}{}{sex}{expiry}{}{optional}{optional_check}",
        check_digit(&number),
        check_digit(&birth),
        check_digit(&expiry)
    );
    let composite = format!(
        "{}{}{}",
        &partial[0..10],
        &partial[13..20],
        &partial[21..43]
    );
    (line1, format!("{partial}{}", check_digit(&composite)))
}

/// A phone-like photo of a rendered page: on a table, turned up to ±15°, uneven light,
/// noise, blur, and JPEG compression between quality 50 and 90.
pub fn degraded_photo(line1: &str, line2: &str, random: &mut Random) -> Vec<u8> {
    let border = 20 + random.below(120) as u32;
    let mut photo = on_table(&render_page(line1, line2), border);
    uneven_light(&mut photo, random.float(0.0, 70.0));
    add_noise(&mut photo, random.below(20) as i32, random.next());
    let photo = image::imageops::blur(&photo, random.float(0.0, 1.2));
    let photo = turn(&photo, random.float(-15.0, 15.0));
    jpeg(&photo, 50 + random.below(41) as u8)
}

/// Turns an image (same convention as the reader's `rotate`).
pub fn turn(image: &GrayImage, degrees: f32) -> GrayImage {
    portal_scan::rotate(image, degrees)
}
