//! A thin drawing layer over krilla: text in embedded DejaVu fonts laid out from the
//! fonts' own advances, lines, boxes and filled rectangles, in points from the top left.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::sync::LazyLock;

/// A font both as krilla draws it and as skrifa measures it.
pub struct Face {
    pdf: Font,
    bytes: &'static [u8],
    units_per_em: f32,
}

fn face(bytes: &'static [u8]) -> Option<Face> {
    let pdf = Font::new(bytes.into(), 0)?;
    let measured = FontRef::new(bytes).ok()?;
    let units_per_em = f32::from(
        measured
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em,
    );
    Some(Face {
        pdf,
        bytes,
        units_per_em,
    })
}

/// Parsed once: the DejaVu files are compiled into the binary, so a failure here is a
/// build defect, reported as [`crate::DocumentError::Font`] at the first render.
pub static REGULAR: LazyLock<Option<Face>> = LazyLock::new(|| face(dejavu::sans::regular()));
pub static BOLD: LazyLock<Option<Face>> = LazyLock::new(|| face(dejavu::sans::bold()));

impl Face {
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(font) = FontRef::new(self.bytes) else {
            return Vec::new();
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(start, c)| {
                let glyph = charmap.map(c).unwrap_or_default();
                let advance = metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em;
                KrillaGlyph {
                    glyph_id: GlyphId::new(glyph.to_u32()),
                    text_range: start..start + c.len_utf8(),
                    x_advance: advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                }
            })
            .collect()
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance * size).sum()
    }
}

pub const BLACK: (u8, u8, u8) = (0x21, 0x21, 0x21);
pub const GREY: (u8, u8, u8) = (0x54, 0x54, 0x54);
pub const WINE: (u8, u8, u8) = (0x69, 0x1C, 0x32);
pub const GOLD: (u8, u8, u8) = (0xBC, 0x95, 0x5C);
pub const WHITE: (u8, u8, u8) = (0xFF, 0xFF, 0xFF);

fn fill(colour: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        ..Fill::default()
    }
}

/// How a run of text is placed.
#[derive(Clone, Copy)]
pub struct Style<'f> {
    pub face: &'f Face,
    pub size: f32,
    pub colour: (u8, u8, u8),
}

pub struct Canvas<'s, 'd> {
    pub surface: &'s mut Surface<'d>,
}

impl Canvas<'_, '_> {
    /// Draws `text` with its baseline starting at (`x`, `y`).
    pub fn text(&mut self, x: f32, y: f32, style: Style<'_>, text: &str) {
        if text.is_empty() {
            return;
        }
        let glyphs = style.face.glyphs(text);
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(style.colour)));
        self.surface.draw_glyphs(
            Point::from_xy(x, y),
            &glyphs,
            style.face.pdf.clone(),
            text,
            style.size,
            false,
        );
    }

    /// Draws `text` ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, style: Style<'_>, text: &str) {
        let width = style.face.width(text, style.size);
        self.text(right - width, y, style, text);
    }

    /// Draws `text` centred on `centre`.
    pub fn text_centred(&mut self, centre: f32, y: f32, style: Style<'_>, text: &str) {
        let width = style.face.width(text, style.size);
        self.text(centre - width / 2.0, y, style, text);
    }

    /// Draws `text` broken into lines no wider than `width`, the first baseline at `y`;
    /// returns the baseline after the last line.
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        leading: f32,
        style: Style<'_>,
        text: &str,
    ) -> f32 {
        let mut baseline = y;
        for line in wrap(style, width, text) {
            self.text(x, baseline, style, &line);
            baseline += leading;
        }
        baseline
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(colour)));
            self.surface.draw_path(&path);
        }
    }

    /// Fills every rectangle of `rects` (x, y, w, h) as one path.
    pub fn fill_rects(&mut self, rects: &[(f32, f32, f32, f32)], colour: (u8, u8, u8)) {
        let mut path = PathBuilder::new();
        for &(x, y, w, h) in rects {
            if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                path.push_rect(rect);
            }
        }
        if let Some(path) = path.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(colour)));
            self.surface.draw_path(&path);
        }
    }

    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.stroke(&path, width, None);
        }
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, dashed: bool) {
        let mut path = PathBuilder::new();
        path.move_to(from.0, from.1);
        path.line_to(to.0, to.1);
        if let Some(path) = path.finish() {
            let dash = dashed.then(|| StrokeDash {
                array: vec![4.0, 3.0],
                offset: 0.0,
            });
            self.stroke(&path, width, dash);
        }
    }

    fn stroke(&mut self, path: &krilla::geom::Path, width: f32, dash: Option<StrokeDash>) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(GREY.0, GREY.1, GREY.2).into(),
            width,
            dash,
            ..Stroke::default()
        }));
        self.surface.draw_path(path);
        self.surface.set_stroke(None);
    }

    /// A small box, ticked when `checked`, followed by its label.
    pub fn checkbox(
        &mut self,
        x: f32,
        y: f32,
        checked: bool,
        style: Style<'_>,
        label: &str,
    ) -> f32 {
        let side = style.size;
        self.stroke_rect(x, y - side + 1.0, side, side, 0.6);
        if checked {
            self.line(
                (x + 1.5, y - side / 2.0 + 1.0),
                (x + side / 2.5, y - 0.5),
                1.2,
                false,
            );
            self.line(
                (x + side / 2.5, y - 0.5),
                (x + side - 1.5, y - side + 2.5),
                1.2,
                false,
            );
        }
        let label_x = x + side + 3.0;
        self.text(label_x, y, style, label);
        label_x + style.face.width(label, style.size) + 8.0
    }
}

/// Breaks `text` at spaces into lines no wider than `width` (a word longer than a line
/// stands alone on its line).
pub fn wrap(style: Style<'_>, width: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && style.face.width(&candidate, style.size) > width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

impl Canvas<'_, '_> {
    /// The portal's header band: its name and the document's title in Spanish and in
    /// English, white on wine over a gold rule, `margin` from the left.
    pub fn header_band(
        &mut self,
        regular: &Face,
        bold: &Face,
        margin: f32,
        portal_name: &str,
        [title_es, title_en]: [&str; 2],
    ) {
        self.fill_rect(0.0, 0.0, crate::PAGE_WIDTH, 78.0, WINE);
        self.fill_rect(0.0, 78.0, crate::PAGE_WIDTH, 4.0, GOLD);
        let on_wine = |face, size| Style {
            face,
            size,
            colour: WHITE,
        };
        self.text(margin, 32.0, on_wine(bold, 17.0), portal_name);
        self.text(margin, 54.0, on_wine(bold, 11.5), title_es);
        self.text(margin, 69.0, on_wine(regular, 9.0), title_en);
    }

    /// The signed token as a QR of `side` points at (`x`, `y`), with what to do with it
    /// under it in Spanish and in English.
    pub fn signed_qr(
        &mut self,
        (x, y, side): (f32, f32, f32),
        token: &str,
        label: Style<'_>,
        [caption_es, caption_en]: [&str; 2],
    ) -> Result<(), crate::DocumentError> {
        crate::qr::draw_qr(self, x, y, side, token)?;
        self.text_centred(x + side / 2.0, y + side + 12.0, label, caption_es);
        self.text_centred(x + side / 2.0, y + side + 22.0, label, caption_en);
        Ok(())
    }
}
