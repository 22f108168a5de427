//! The QR code of a receipt, drawn as vector squares (sharp at any zoom or print size).

use crate::DocumentError;
use crate::canvas::{BLACK, Canvas};
use qrcode::{Color, EcLevel, QrCode};

/// The dark/light modules of the QR code for `text` (medium error correction, which still
/// reads from a cracked phone screen), row by row, without the quiet zone.
pub fn qr_modules(text: &str) -> Result<Vec<Vec<bool>>, DocumentError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| DocumentError::Qr(e.to_string()))?;
    let width = code.width();
    let colours = code.to_colors();
    Ok(colours
        .chunks(width)
        .map(|row| row.iter().map(|c| *c == Color::Dark).collect())
        .collect())
}

/// Draws the QR code of `text` in a `side`-point square at (`x`, `y`), with its quiet zone
/// inside the square. Each row's runs of dark modules become one rectangle.
pub fn draw_qr(
    canvas: &mut Canvas<'_, '_>,
    x: f32,
    y: f32,
    side: f32,
    text: &str,
) -> Result<(), DocumentError> {
    let modules = qr_modules(text)?;
    const QUIET_MODULES: usize = 4;
    let count = modules.len() + 2 * QUIET_MODULES;
    #[allow(clippy::cast_precision_loss)]
    let module = side / count as f32;
    let mut rects = Vec::new();
    for (row, cells) in modules.iter().enumerate() {
        let mut column = 0;
        while column < cells.len() {
            if !cells[column] {
                column += 1;
                continue;
            }
            let start = column;
            while column < cells.len() && cells[column] {
                column += 1;
            }
            #[allow(clippy::cast_precision_loss)]
            rects.push((
                x + (start + QUIET_MODULES) as f32 * module,
                y + (row + QUIET_MODULES) as f32 * module,
                (column - start) as f32 * module,
                module,
            ));
        }
    }
    canvas.fill_rects(&rects, BLACK);
    Ok(())
}
