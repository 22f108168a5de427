//! Writes a QR code as one video frame for Chromium's fake camera
//! (`--use-file-for-fake-video-capture`), for the officer console's browser test:
//! `render_qr OUT.y4m TEXT` — the QR drawn the way the receipt draws it, in the middle of a
//! 1280 × 720 grey frame, with its white quiet zone.

const WIDTH: usize = 1280;
const HEIGHT: usize = 720;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, text] = args.as_slice() else {
        eprintln!("usage: render_qr OUT.y4m TEXT");
        return std::process::ExitCode::from(2);
    };
    let modules = match portal_documents::qr_modules(text) {
        Ok(modules) => modules,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let quiet = 4;
    let side = modules.len() + 2 * quiet;
    let scale = (HEIGHT - 40) / side;
    let (left, top) = ((WIDTH - side * scale) / 2, (HEIGHT - side * scale) / 2);
    let mut luma = vec![90_u8; WIDTH * HEIGHT];
    for y in 0..side * scale {
        for x in 0..side * scale {
            let (row, column) = (y / scale, x / scale);
            let dark = row >= quiet
                && column >= quiet
                && modules
                    .get(row - quiet)
                    .and_then(|cells| cells.get(column - quiet))
                    .copied()
                    .unwrap_or(false);
            luma[(top + y) * WIDTH + left + x] = if dark { 20 } else { 235 };
        }
    }
    let mut bytes =
        format!("YUV4MPEG2 W{WIDTH} H{HEIGHT} F30:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    bytes.extend_from_slice(&luma);
    bytes.extend(std::iter::repeat_n(128_u8, 2 * (WIDTH / 2) * (HEIGHT / 2)));
    if let Err(error) = std::fs::write(out, bytes) {
        eprintln!("cannot write {out}: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
