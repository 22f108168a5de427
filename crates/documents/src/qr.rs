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

/// Dark modules as rectangles (column, row, width, height) in module units: each row's
/// runs, merged downwards while the next row has a run with the same ends. Fewer, larger
/// rectangles keep the page's content stream (and its compression time) small.
fn module_rectangles(modules: &[Vec<bool>]) -> Vec<(usize, usize, usize, usize)> {
    let mut done = Vec::new();
    // Rectangles still growing downwards, keyed by their columns.
    let mut open: std::collections::BTreeMap<(usize, usize), (usize, usize)> =
        std::collections::BTreeMap::new();
    for (row, cells) in modules.iter().enumerate() {
        let mut runs = Vec::new();
        let mut column = 0;
        while column < cells.len() {
            if cells[column] {
                let start = column;
                while column < cells.len() && cells[column] {
                    column += 1;
                }
                runs.push((start, column));
            } else {
                column += 1;
            }
        }
        let mut still_open = std::collections::BTreeMap::new();
        for run in runs {
            let (top, height) = open.remove(&run).map_or((row, 1), |(top, h)| (top, h + 1));
            still_open.insert(run, (top, height));
        }
        for ((start, end), (top, height)) in std::mem::replace(&mut open, still_open) {
            done.push((start, top, end - start, height));
        }
    }
    for ((start, end), (top, height)) in open {
        done.push((start, top, end - start, height));
    }
    done
}

/// Draws the QR code of `text` in a `side`-point square at (`x`, `y`), with its quiet zone
/// inside the square.
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
    #[allow(clippy::cast_precision_loss)]
    let origin = QUIET_MODULES as f32 * module;
    // Drawn in module units (small integers) under a scaling transform.
    canvas
        .surface
        .push_transform(&krilla::geom::Transform::from_row(
            module,
            0.0,
            0.0,
            module,
            x + origin,
            y + origin,
        ));
    #[allow(clippy::cast_precision_loss)]
    let rects: Vec<(f32, f32, f32, f32)> = module_rectangles(&modules)
        .into_iter()
        .map(|(c, r, w, h)| (c as f32, r as f32, w as f32, h as f32))
        .collect();
    canvas.fill_rects(&rects, BLACK);
    canvas.surface.pop();
    Ok(())
}

/// The QR code of `text` as an SVG picture: one path of dark squares, with a four-module
/// quiet zone, scaled by whoever shows it.
pub fn qr_svg(text: &str) -> Result<String, DocumentError> {
    let modules = qr_modules(text)?;
    let side = modules.len() + 8;
    let mut path = String::new();
    for (column, row, width, height) in module_rectangles(&modules) {
        path.push_str(&format!(
            "M{} {}h{width}v{height}h-{width}z",
            column + 4,
            row + 4
        ));
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::module_rectangles;

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let modules =
            crate::qr_modules("eyJhbGciOiJFZERTQSJ9.payload.signature").unwrap_or_default();
        let rects = module_rectangles(&modules);
        let mut covered = vec![vec![0_u8; modules.len()]; modules.len()];
        for (column, row, width, height) in &rects {
            for line in covered.iter_mut().skip(*row).take(*height) {
                for cell in line.iter_mut().skip(*column).take(*width) {
                    *cell += 1;
                }
            }
        }
        for (row, cells) in modules.iter().enumerate() {
            for (column, dark) in cells.iter().enumerate() {
                assert_eq!(covered[row][column], u8::from(*dark), "({column}, {row})");
            }
        }
        let dark = modules.iter().flatten().filter(|d| **d).count();
        assert!(
            rects.len() * 2 < dark,
            "{} rectangles for {dark} modules",
            rects.len()
        );
    }
}
