//! Tesseract, run as the `tesseract` command of Debian's `tesseract-ocr` package.

use crate::ScanError;
use image::GrayImage;
use std::io::Write;
use std::process::{Command, Stdio};

/// Characters the zone may hold.
const WHITELIST: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// The text Tesseract reads in `image` (one block of uniform text).
pub fn read_text(image: &GrayImage) -> Result<String, ScanError> {
    let mut png = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut png),
            image::ImageOutputFormat::Png,
        )
        .map_err(|e| ScanError::Ocr(e.to_string()))?;
    let mut child = Command::new("tesseract")
        .args(["stdin", "stdout", "--psm", "6", "-l", "eng"])
        .args(["-c", &format!("tessedit_char_whitelist={WHITELIST}")])
        .args(["-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ScanError::Ocr(format!("cannot start tesseract: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(&png)
            .map_err(|e| ScanError::Ocr(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| ScanError::Ocr(e.to_string()))?;
    if !output.status.success() {
        return Err(ScanError::Ocr(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
