//! Tesseract reading the zone band (through `portal-tesseract`).

use crate::ScanError;
use image::GrayImage;
use portal_tesseract::Layout;
pub use portal_tesseract::{Reading, Symbol};

/// Characters the zone may hold.
const WHITELIST: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// What Tesseract reads in `image` (one block of uniform text), with each character's box.
pub fn read_block(image: &GrayImage) -> Result<Reading, ScanError> {
    read(image, Layout::Block)
}

/// The one zone character Tesseract reads in `image`, if any.
pub fn read_character(image: &GrayImage) -> Option<char> {
    read(image, Layout::SingleCharacter)
        .ok()?
        .text
        .chars()
        .find(|c| c.is_ascii_alphanumeric() || *c == '<')
}

fn read(image: &GrayImage, layout: Layout) -> Result<Reading, ScanError> {
    let grey = portal_tesseract::GreyImage {
        pixels: image.as_raw(),
        width: image.width(),
        height: image.height(),
    };
    portal_tesseract::read(&grey, WHITELIST, layout).map_err(|e| ScanError::Ocr(e.to_string()))
}
