//! Straightening the photo and finding the zone, on grey levels only.

use image::{GrayImage, Luma};

/// Otsu's threshold: the grey level that best separates ink from paper.
pub fn otsu_threshold(image: &GrayImage) -> u8 {
    let mut histogram = [0_u64; 256];
    for pixel in image.pixels() {
        histogram[usize::from(pixel[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let weighted_total: f64 = histogram
        .iter()
        .enumerate()
        .map(|(level, &n)| level as f64 * n as f64)
        .sum();
    let (mut background, mut background_sum) = (0_u64, 0.0_f64);
    let (mut best, mut best_level) = (0.0_f64, 127_u8);
    for (level, &count) in histogram.iter().enumerate() {
        background += count;
        if background == 0 {
            continue;
        }
        let foreground = total - background;
        if foreground == 0 {
            break;
        }
        background_sum += level as f64 * count as f64;
        let mean_background = background_sum / background as f64;
        let mean_foreground = (weighted_total - background_sum) / foreground as f64;
        let between =
            background as f64 * foreground as f64 * (mean_background - mean_foreground).powi(2);
        if between > best {
            best = between;
            best_level = u8::try_from(level).unwrap_or(127);
        }
    }
    best_level
}

fn downscale(image: &GrayImage, width: u32) -> GrayImage {
    if image.width() <= width {
        return image.clone();
    }
    let height = (u64::from(image.height()) * u64::from(width) / u64::from(image.width())).max(1);
    image::imageops::resize(
        image,
        width,
        u32::try_from(height).unwrap_or(1),
        image::imageops::FilterType::Triangle,
    )
}

/// Angle, in degrees within ±15, of the text lines: `rotate(image, -angle)` straightens it.
/// The angle that makes the dark pixels' projection onto the lines' normal most peaked wins.
pub fn estimate_skew_degrees(image: &GrayImage) -> f32 {
    let small = downscale(image, 500);
    let threshold = otsu_threshold(&small);
    let (cx, cy) = (small.width() as f32 / 2.0, small.height() as f32 / 2.0);
    // Only ink next to paper counts: the edges of glyphs. A dark table around the passport
    // would otherwise outweigh the text and pull the angle to the frame's edges.
    let bright = |x: u32, y: u32| small.get_pixel(x, y)[0] >= threshold;
    let dark: Vec<(f32, f32)> = small
        .enumerate_pixels()
        .filter(|&(x, y, p)| {
            p[0] < threshold
                && ((x + 2 < small.width() && bright(x + 2, y)) || (x >= 2 && bright(x - 2, y)))
        })
        .map(|(x, y, _)| (x as f32 - cx, y as f32 - cy))
        .collect();
    if dark.is_empty() {
        return 0.0;
    }
    let diagonal = (cx * cx + cy * cy).sqrt().ceil() as usize + 1;
    let score = |degrees: f32| -> f64 {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let mut rows = vec![0_u32; diagonal * 2 + 1];
        for &(x, y) in &dark {
            let projected = y * cos - x * sin;
            let index = (projected + diagonal as f32).round();
            if index >= 0.0 && (index as usize) < rows.len() {
                rows[index as usize] += 1;
            }
        }
        rows.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let best_between = |from: f32, to: f32, step: f32| -> f32 {
        let mut best = (f64::MIN, from);
        let mut angle = from;
        while angle <= to + 1e-3 {
            let s = score(angle);
            if s > best.0 {
                best = (s, angle);
            }
            angle += step;
        }
        best.1
    };
    let coarse = best_between(-15.0, 15.0, 0.5);
    best_between(coarse - 0.5, coarse + 0.5, 0.1)
}

/// Turns the content by `degrees` (positive turns lines that slope down to the right
/// back up, in image coordinates), keeping the size and filling with white.
pub fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
    let (width, height) = image.dimensions();
    let (sin, cos) = (-degrees).to_radians().sin_cos();
    let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let sample = |x: f32, y: f32| -> f32 {
        if x < 0.0 || y < 0.0 || x > (width - 1) as f32 || y > (height - 1) as f32 {
            return 255.0;
        }
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(width - 1), (y0 + 1).min(height - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |x: u32, y: u32| f32::from(image.get_pixel(x, y)[0]);
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        top * (1.0 - fy) + bottom * fy
    };
    GrayImage::from_fn(width, height, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let source_x = dx * cos - dy * sin + cx;
        let source_y = dx * sin + dy * cos + cy;
        Luma([sample(source_x, source_y).round().clamp(0.0, 255.0) as u8])
    })
}

/// A run of rows holding text.
#[derive(Debug, Clone, Copy)]
struct TextLine {
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
}

/// The two lowest wide text lines, cropped with a margin and scaled so that a line is
/// about 48 pixels high (Tesseract reads best near there; 36 px reads more of the photo
/// set but mangles some lines that 48 px keeps).
pub fn mrz_band(image: &GrayImage) -> Option<GrayImage> {
    let threshold = otsu_threshold(image);
    let (width, height) = image.dimensions();
    // A zone line is 44 characters: every one turns paper to ink at least once, while a
    // dark table edge or the photo turns it once per row. Counting turns finds the zone.
    let min_turns = 36;
    let mut lines: Vec<TextLine> = Vec::new();
    let mut current: Option<TextLine> = None;
    for y in 0..height {
        let mut turns = 0;
        let (mut left, mut right) = (u32::MAX, 0);
        let mut was_dark = false;
        for x in 0..width {
            let dark = image.get_pixel(x, y)[0] < threshold;
            if dark && !was_dark && x > 0 {
                turns += 1;
                left = left.min(x);
            }
            if !dark && was_dark {
                right = right.max(x);
            }
            was_dark = dark;
        }
        if turns >= min_turns {
            current = Some(match current {
                Some(line) => TextLine {
                    bottom: y,
                    left: line.left.min(left),
                    right: line.right.max(right),
                    ..line
                },
                None => TextLine {
                    top: y,
                    bottom: y,
                    left,
                    right,
                },
            });
        } else if let Some(line) = current.take() {
            lines.push(line);
        }
    }
    if let Some(line) = current {
        lines.push(line);
    }
    let wide: Vec<TextLine> = lines
        .into_iter()
        .filter(|l| l.right > l.left && l.right - l.left >= width / 3 && l.bottom - l.top >= 4)
        .collect();
    let [.., first, second] = wide.as_slice() else {
        return None;
    };
    let line_height = (second.bottom - second.top + 1).max(first.bottom - first.top + 1);
    let margin = line_height;
    let top = first.top.saturating_sub(margin);
    let bottom = (second.bottom + margin).min(height - 1);
    let left = first.left.min(second.left).saturating_sub(margin);
    let right = (first.right.max(second.right) + margin).min(width - 1);
    let band =
        image::imageops::crop_imm(image, left, top, right - left + 1, bottom - top + 1).to_image();
    let scale = 48.0 / line_height as f32;
    let (new_width, new_height) = (
        ((band.width() as f32 * scale).round() as u32).max(1),
        ((band.height() as f32 * scale).round() as u32).max(1),
    );
    Some(image::imageops::resize(
        &band,
        new_width,
        new_height,
        image::imageops::FilterType::CatmullRom,
    ))
}
