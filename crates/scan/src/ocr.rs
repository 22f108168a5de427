//! Tesseract reading the zone band (through `portal-tesseract`).

use crate::ScanError;
use image::GrayImage;

/// Characters the zone may hold.
const WHITELIST: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// The text Tesseract reads in `image` (one block of uniform text).
pub fn read_text(image: &GrayImage) -> Result<String, ScanError> {
    let grey = portal_tesseract::GreyImage {
        pixels: image.as_raw(),
        width: image.width(),
        height: image.height(),
    };
    portal_tesseract::read_text(&grey, WHITELIST).map_err(|e| ScanError::Ocr(e.to_string()))
}
