//! The zone's character cells. Zone text is OCR-B at a fixed pitch, 44 cells a line, and
//! every cell holds ink (the filler `<` too), so the cells can be found from the first and
//! last glyphs. The filler's shape — a chevron whose point is on the left at mid-height and
//! whose arms reach the right at the top and bottom — tells it apart from the K, X, E or S
//! that Tesseract often reads instead.

use image::GrayImage;
use portal_domain::mrz::{CellShape, LINE_LENGTH};

/// A text line's rows in the band.
#[derive(Debug, Clone, Copy)]
struct Rows {
    top: u32,
    bottom: u32,
}

/// One zone line's 44 cells: where they are and what shape their ink has.
#[derive(Debug, Clone)]
pub struct LineCells {
    pub shapes: Vec<CellShape>,
    origin: f64,
    pitch: f64,
    rows: Rows,
    threshold: u8,
}

impl LineCells {
    /// The picture of one cell, with a margin of paper around it, for reading it alone.
    /// The cell a point of the band falls in, if it is on this line and near a cell's centre.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        if y < f64::from(self.rows.top) || y > f64::from(self.rows.bottom) {
            return None;
        }
        let offset = (x - self.origin) / self.pitch;
        let cell = offset.round();
        ((offset - cell).abs() < 0.5 && (0.0..LINE_LENGTH as f64).contains(&cell))
            .then_some(cell as usize)
    }

    /// The distance of a point from a cell's centre, in cells.
    pub fn distance_from_centre(&self, cell: usize, x: f64) -> f64 {
        ((x - self.origin) / self.pitch - cell as f64).abs()
    }

    /// The glyph is the run of inked columns nearest the cell's centre, so a grid a little
    /// off does not cut it or bring in a neighbour's edge.
    pub fn cell_image(&self, band: &GrayImage, cell: usize) -> GrayImage {
        let (left, right) = self.glyph_columns(band, cell);
        let (top, bottom) = (self.rows.top, self.rows.bottom);
        let glyph = image::imageops::crop_imm(band, left, top, right - left + 1, bottom - top + 1)
            .to_image();
        let paper = glyph.pixels().map(|p| p[0]).max().unwrap_or(255);
        let margin = (bottom - top).div_ceil(2);
        let mut out = GrayImage::from_pixel(
            glyph.width() + 2 * margin,
            glyph.height() + 2 * margin,
            image::Luma([paper]),
        );
        image::imageops::overlay(&mut out, &glyph, i64::from(margin), i64::from(margin));
        out
    }

    /// A cell's glyph cut to its ink, scaled to a fixed size and normalised (zero mean,
    /// unit length), so that glyphs of one photo compare by a dot product.
    pub fn glyph_signature(&self, band: &GrayImage, cell: usize) -> Option<Vec<f32>> {
        let (left, right) = self.glyph_columns(band, cell);
        let inked_row = |y: u32| (left..=right).any(|x| band.get_pixel(x, y)[0] < self.threshold);
        let top = (self.rows.top..=self.rows.bottom).find(|&y| inked_row(y))?;
        let bottom = (top..=self.rows.bottom).rev().find(|&y| inked_row(y))?;
        let glyph = image::imageops::crop_imm(band, left, top, right - left + 1, bottom - top + 1)
            .to_image();
        let small = image::imageops::resize(&glyph, 16, 24, image::imageops::FilterType::Triangle);
        let values: Vec<f32> = small.pixels().map(|p| 255.0 - f32::from(p[0])).collect();
        let mean = values.iter().sum::<f32>() / values.len() as f32;
        let centred: Vec<f32> = values.iter().map(|v| v - mean).collect();
        let length = centred.iter().map(|v| v * v).sum::<f32>().sqrt();
        (length > 0.0).then(|| centred.iter().map(|v| v / length).collect())
    }

    /// The columns of a cell's glyph: the run of inked columns nearest the cell's centre.
    fn glyph_columns(&self, band: &GrayImage, cell: usize) -> (u32, u32) {
        let centre = self.origin + self.pitch * cell as f64;
        let (top, bottom) = (self.rows.top, self.rows.bottom);
        let from = (centre - 0.8 * self.pitch).max(0.0) as u32;
        let to = ((centre + 0.8 * self.pitch) as u32).min(band.width() - 1);
        let inked = |x: u32| (top..=bottom).any(|y| band.get_pixel(x, y)[0] < self.threshold);
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for x in from..=to {
            if inked(x) {
                match runs.last_mut() {
                    Some(run) if run.1 + 1 == x => run.1 = x,
                    _ => runs.push((x, x)),
                }
            }
        }
        let distance = |run: &(u32, u32)| (f64::from(run.0 + run.1) / 2.0 - centre).abs();
        let (left, right) = runs
            .iter()
            .filter(|run| distance(run) < 0.5 * self.pitch)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .map_or(
                (
                    (centre - 0.48 * self.pitch).max(0.0) as u32,
                    ((centre + 0.48 * self.pitch) as u32).min(band.width() - 1),
                ),
                |&(left, right)| (left.saturating_sub(1), (right + 1).min(band.width() - 1)),
            );
        (left, right)
    }
}

/// The two lines' cells, or `None` when the cells cannot be placed with confidence (then
/// only Tesseract's reading of the whole band is used).
pub fn zone_cells(band: &GrayImage) -> Option<[LineCells; 2]> {
    let threshold = crate::geometry::otsu_threshold(band);
    let dark = |x: u32, y: u32| band.get_pixel(x, y)[0] < threshold;
    let lines = text_rows(band, &dark);
    let [.., first, second] = lines.as_slice() else {
        return None;
    };
    let first = line_cells(band, *first, threshold, &dark)?;
    let second = line_cells(band, *second, threshold, &dark)?;
    Some([first, second])
}

/// Rows holding a long line of glyphs: many paper-to-ink turns across the row.
fn text_rows(band: &GrayImage, dark: &impl Fn(u32, u32) -> bool) -> Vec<Rows> {
    let (width, height) = band.dimensions();
    let mut lines = Vec::new();
    let mut current: Option<Rows> = None;
    for y in 0..height {
        let turns = (1..width)
            .filter(|&x| dark(x, y) && !dark(x - 1, y))
            .count();
        if turns >= 30 {
            current = Some(match current {
                Some(rows) => Rows { bottom: y, ..rows },
                None => Rows { top: y, bottom: y },
            });
        } else if let Some(rows) = current.take() {
            lines.push(rows);
        }
    }
    lines.extend(current);
    lines.retain(|rows| rows.bottom - rows.top >= 8);
    lines
}

/// A run of columns with ink in the line: a glyph, or several run together by blur.
#[derive(Debug, Clone, Copy)]
struct Blob {
    left: u32,
    right: u32,
}

impl Blob {
    fn centre(self) -> f64 {
        (f64::from(self.left) + f64::from(self.right)) / 2.0
    }
    fn width(self) -> f64 {
        f64::from(self.right - self.left + 1)
    }
}

fn line_cells(
    band: &GrayImage,
    rows: Rows,
    threshold: u8,
    dark: &impl Fn(u32, u32) -> bool,
) -> Option<LineCells> {
    let line_height = f64::from(rows.bottom - rows.top + 1);
    // Specks of noise hold a few pixels; a glyph holds many.
    let min_ink = (line_height * line_height * 0.04) as u32;
    let mut blobs: Vec<Blob> = Vec::new();
    let mut open: Option<(Blob, u32)> = None;
    for x in 0..band.width() {
        let ink = (rows.top..=rows.bottom).filter(|&y| dark(x, y)).count() as u32;
        match (ink > 0, open.as_mut()) {
            (true, Some((blob, total))) => {
                blob.right = x;
                *total += ink;
            }
            (true, None) => open = Some((Blob { left: x, right: x }, ink)),
            (false, Some(_)) => {
                if let Some((blob, total)) = open.take()
                    && total >= min_ink
                {
                    blobs.push(blob);
                }
            }
            (false, None) => {}
        }
    }
    if let Some((blob, total)) = open
        && total >= min_ink
    {
        blobs.push(blob);
    }
    // Margins can hold the table or the page's edge: wide blocks of ink, or specks far from
    // the line. Keep glyph-sized blobs, then trim lone ones from both ends.
    blobs.retain(|blob| blob.width() <= 1.2 * line_height);
    let mut gaps: Vec<f64> = blobs
        .windows(2)
        .map(|pair| pair[1].centre() - pair[0].centre())
        .collect();
    gaps.sort_by(f64::total_cmp);
    let typical_gap = *gaps.get(gaps.len() / 2)?;
    while blobs.len() >= 2 && blobs[1].centre() - blobs[0].centre() > 2.5 * typical_gap {
        blobs.remove(0);
    }
    while blobs.len() >= 2
        && blobs[blobs.len() - 1].centre() - blobs[blobs.len() - 2].centre() > 2.5 * typical_gap
    {
        blobs.pop();
    }
    // Neighbouring glyphs are one cell apart, so the typical gap is the pitch; the line
    // starts at the first glyph.
    let mut pitch = typical_gap;
    if !(0.3 * line_height..=1.5 * line_height).contains(&pitch) {
        return None;
    }
    let mut origin = blobs.first()?.centre();
    // Refine the pitch with every glyph-sized blob: least squares of centre against cell.
    for _ in 0..2 {
        let points: Vec<(f64, f64)> = blobs
            .iter()
            .filter(|blob| blob.width() < 1.2 * pitch)
            .map(|blob| {
                let cell = ((blob.centre() - origin) / pitch).round();
                (cell, blob.centre())
            })
            .filter(|(cell, _)| (0.0..LINE_LENGTH as f64).contains(cell))
            .collect();
        if points.len() < LINE_LENGTH / 2 {
            return None;
        }
        let n = points.len() as f64;
        let mean_cell = points.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_x = points.iter().map(|p| p.1).sum::<f64>() / n;
        let spread: f64 = points.iter().map(|p| (p.0 - mean_cell).powi(2)).sum();
        if spread <= 0.0 {
            return None;
        }
        pitch = points
            .iter()
            .map(|p| (p.0 - mean_cell) * (p.1 - mean_x))
            .sum::<f64>()
            / spread;
        origin = mean_x - pitch * mean_cell;
    }
    // The last glyph must fall in the last cell, or the line is cut or noisy at an end.
    let last_cell = ((blobs.last()?.centre() - origin) / pitch).round();
    if last_cell != (LINE_LENGTH - 1) as f64 {
        return None;
    }
    // The glyphs must sit on the grid: if many centres fall between cells, the grid is wrong.
    let off_grid = blobs
        .iter()
        .filter(|blob| blob.width() < 1.2 * pitch)
        .filter(|blob| {
            let offset = (blob.centre() - origin) / pitch;
            (offset - offset.round()).abs() > 0.3
        })
        .count();
    if off_grid * 5 > blobs.len() {
        return None;
    }
    // A slight remaining tilt moves the glyphs at one end up or down: look a little above
    // and below the line (not as far as the other line, a line height away).
    let reach = (line_height * 0.4) as u32;
    let glyph_rows = Rows {
        top: rows.top.saturating_sub(reach),
        bottom: (rows.bottom + reach).min(band.height() - 1),
    };
    let shapes = (0..LINE_LENGTH)
        .map(|cell| {
            let centre = origin + pitch * cell as f64;
            // The inner part of the cell: a neighbour's edge must not count.
            let left = (centre - 0.45 * pitch).max(0.0) as u32;
            let right = ((centre + 0.45 * pitch) as u32).min(band.width() - 1);
            cell_shape(left, right, glyph_rows, dark)
        })
        .collect();
    Some(LineCells {
        shapes,
        origin,
        pitch,
        rows: glyph_rows,
        threshold,
    })
}

/// Whether the ink in one cell is a filler chevron.
fn cell_shape(left: u32, right: u32, rows: Rows, dark: &impl Fn(u32, u32) -> bool) -> CellShape {
    let ink: Vec<(u32, u32)> = (rows.top..=rows.bottom)
        .flat_map(|y| (left..=right).map(move |x| (x, y)))
        .filter(|&(x, y)| dark(x, y))
        .collect();
    if ink.len() < 8 {
        return CellShape::Unknown;
    }
    let (min_x, max_x) = ink
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), &(x, _)| (lo.min(x), hi.max(x)));
    let (min_y, max_y) = ink
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), &(_, y)| (lo.min(y), hi.max(y)));
    let (width, height) = (f64::from(max_x - min_x + 1), f64::from(max_y - min_y + 1));
    if width < 3.0 || height < 6.0 {
        return CellShape::Unknown;
    }
    // Mean horizontal position (0 left, 1 right) of the ink in a horizontal slice of the box.
    let mean_x_between = |from: f64, to: f64| -> Option<f64> {
        let slice: Vec<f64> = ink
            .iter()
            .filter(|&&(_, y)| {
                let v = (f64::from(y - min_y) + 0.5) / height;
                (from..to).contains(&v)
            })
            .map(|&(x, _)| f64::from(x - min_x) / width)
            .collect();
        (!slice.is_empty()).then(|| slice.iter().sum::<f64>() / slice.len() as f64)
    };
    let (Some(top), Some(middle), Some(bottom)) = (
        mean_x_between(0.0, 0.2),
        mean_x_between(0.4, 0.6),
        mean_x_between(0.8, 1.0),
    ) else {
        return CellShape::Unknown;
    };
    if top > 0.6 && bottom > 0.6 && middle < 0.4 {
        CellShape::Filler
    } else if top < 0.5 || bottom < 0.5 || middle > 0.5 {
        CellShape::Character
    } else {
        CellShape::Unknown
    }
}
