//! The crop box over a picture, in fractions of the picture so it does not depend on how large
//! the picture is shown.

/// The smallest crop, as a share of the picture's width and height.
const MIN_SIDE: f64 = 0.1;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Crop {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Corner {
    pub fn from_name(name: &str) -> Option<Corner> {
        match name {
            "nw" => Some(Corner::TopLeft),
            "ne" => Some(Corner::TopRight),
            "sw" => Some(Corner::BottomLeft),
            "se" => Some(Corner::BottomRight),
            _ => None,
        }
    }
}

impl Crop {
    pub const WHOLE: Crop = Crop {
        left: 0.0,
        top: 0.0,
        width: 1.0,
        height: 1.0,
    };

    /// The camera guide: a passport data page (125 × 88 mm) as large as fits in 80 % of the
    /// frame's height and 92 % of its width, centred.
    pub fn passport_guide(frame_width: f64, frame_height: f64) -> Crop {
        const PAGE_RATIO: f64 = 125.0 / 88.0;
        if frame_width <= 0.0 || frame_height <= 0.0 {
            return Crop::WHOLE;
        }
        let mut height = 0.8;
        let mut width = height * frame_height * PAGE_RATIO / frame_width;
        if width > 0.92 {
            width = 0.92;
            height = width * frame_width / PAGE_RATIO / frame_height;
        }
        Crop {
            left: (1.0 - width) / 2.0,
            top: (1.0 - height) / 2.0,
            width,
            height,
        }
    }

    /// The box moved by a share of the picture, kept inside it.
    pub fn moved(self, dx: f64, dy: f64) -> Crop {
        Crop {
            left: (self.left + dx).clamp(0.0, 1.0 - self.width),
            top: (self.top + dy).clamp(0.0, 1.0 - self.height),
            ..self
        }
    }

    /// The box with one corner dragged by a share of the picture; the opposite corner stays.
    pub fn resized(self, corner: Corner, dx: f64, dy: f64) -> Crop {
        let (mut left, mut top) = (self.left, self.top);
        let (mut right, mut bottom) = (self.left + self.width, self.top + self.height);
        match corner {
            Corner::TopLeft | Corner::BottomLeft => {
                left = (left + dx).clamp(0.0, right - MIN_SIDE);
            }
            Corner::TopRight | Corner::BottomRight => {
                right = (right + dx).clamp(left + MIN_SIDE, 1.0);
            }
        }
        match corner {
            Corner::TopLeft | Corner::TopRight => {
                top = (top + dy).clamp(0.0, bottom - MIN_SIDE);
            }
            Corner::BottomLeft | Corner::BottomRight => {
                bottom = (bottom + dy).clamp(top + MIN_SIDE, 1.0);
            }
        }
        Crop {
            left,
            top,
            width: right - left,
            height: bottom - top,
        }
    }

    /// Whether the box still covers the whole picture (then the original file can be sent).
    pub fn is_whole(self) -> bool {
        self.left <= 0.001 && self.top <= 0.001 && self.width >= 0.999 && self.height >= 0.999
    }

    /// The box in the picture's pixels: (x, y, width, height), at least one pixel each way.
    pub fn in_pixels(self, picture_width: f64, picture_height: f64) -> (f64, f64, f64, f64) {
        let x = (self.left * picture_width).round();
        let y = (self.top * picture_height).round();
        let width = (self.width * picture_width).round().max(1.0);
        let height = (self.height * picture_height).round().max(1.0);
        (x, y, width, height)
    }

    // Set one property at a time (`style:left=…`): the browser applies those through the
    // CSS object model, which the Content-Security-Policy allows, where a whole `style`
    // attribute would be an inline style it refuses.
    pub fn left_css(self) -> String {
        percent(self.left)
    }

    pub fn top_css(self) -> String {
        percent(self.top)
    }

    pub fn width_css(self) -> String {
        percent(self.width)
    }

    pub fn height_css(self) -> String {
        percent(self.height)
    }
}

fn percent(fraction: f64) -> String {
    format!("{:.3}%", fraction * 100.0)
}
