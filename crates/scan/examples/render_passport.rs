//! Writes a generated passport photo, for the browser tests and for trying the reader:
//! `render_passport OUT.jpg LINE1 LINE2 [DEGREES]`. An `OUT.y4m` is instead one 1920 × 1080
//! video frame with the page in the middle, for Chromium's fake camera
//! (`--use-file-for-fake-video-capture`).

#[path = "../tests/support/mod.rs"]
mod support;

use image::{GrayImage, Luma};

const FRAME_WIDTH: u32 = 1920;
const FRAME_HEIGHT: u32 = 1080;

/// A YUV4MPEG2 stream of one 4:2:0 frame, the page on a table turned by `degrees`: the
/// grey picture as luma, neutral chroma.
fn y4m_frame(page: &GrayImage, degrees: f32) -> Vec<u8> {
    let mut frame = GrayImage::from_pixel(FRAME_WIDTH, FRAME_HEIGHT, Luma([70]));
    let left = (i64::from(FRAME_WIDTH) - i64::from(page.width())) / 2;
    let top = (i64::from(FRAME_HEIGHT) - i64::from(page.height())) / 2;
    image::imageops::overlay(&mut frame, page, left, top);
    let frame = support::turn(&frame, degrees);
    let mut out =
        format!("YUV4MPEG2 W{FRAME_WIDTH} H{FRAME_HEIGHT} F30:1 Ip A1:1 C420jpeg\nFRAME\n")
            .into_bytes();
    out.extend_from_slice(frame.as_raw());
    let chroma = (FRAME_WIDTH / 2 * FRAME_HEIGHT / 2) as usize;
    out.extend(std::iter::repeat_n(128u8, 2 * chroma));
    out
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, line1, line2, rest @ ..] = args.as_slice() else {
        eprintln!("usage: render_passport OUT.jpg|OUT.y4m LINE1 LINE2 [DEGREES]");
        return std::process::ExitCode::from(2);
    };
    let degrees: f32 = rest.first().and_then(|d| d.parse().ok()).unwrap_or(0.0);
    let page = support::render_page(line1, line2);
    let bytes = if out.ends_with(".y4m") {
        y4m_frame(&page, degrees)
    } else {
        let photo = support::turn(&support::on_table(&page, 60), degrees);
        support::jpeg(&photo, 80)
    };
    if let Err(error) = std::fs::write(out, bytes) {
        eprintln!("cannot write {out}: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
