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
