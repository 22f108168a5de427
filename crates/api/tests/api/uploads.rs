//! Hostile uploads: a corpus of files that must each be refused with a clear 4xx and leave
//! nothing stored, and memory that stays bounded under parallel uploads.

use crate::helpers::{error_body, field_codes};
use crate::preregistrations::{attach, pdf, ready_for_attachments};
use portal_documents::inspect::{
    content_stream_bomb_pdf, object_stream_bomb_pdf, pdf_of_objects, sample_pdf_of_length,
};

/// What the bombs inflate to: 1.5 GB, from files of about 1.5 MB.
const BOMB_EXPANDS_TO: u64 = 1536 * 1024 * 1024;

/// A real JPEG of `width` × `height`.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 180, 160]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageOutputFormat::Jpeg(80))
        .unwrap();
    out.into_inner()
}

/// A real PNG of `width` × `height`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::GrayImage::from_pixel(width, height, image::Luma([128]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(image)
        .write_to(&mut out, image::ImageOutputFormat::Png)
        .unwrap();
    out.into_inner()
}

/// `png` with its IHDR declaring another size (and its CRC left as it was: the size is
/// refused before anything else is read).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(4, 4);
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    bytes
}

/// `jpeg` with its frame header declaring another size.
fn jpeg_declaring(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = jpeg(8, 8);
    let sof = bytes
        .windows(2)
        .position(|w| w[0] == 0xFF && w[1] == 0xC0)
        .unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

fn active_pdf(catalog_extra: &str, extra_objects: &[&str]) -> Vec<u8> {
    let catalog = format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>");
    let mut objects = vec![
        catalog.as_str(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    objects.extend_from_slice(extra_objects);
    pdf_of_objects("activo", 0, &objects)
}

/// (what it is, file name, bytes, expected status, expected field code).
fn corpus() -> Vec<(&'static str, String, Vec<u8>, u16, &'static str)> {
    let valid = pdf("valido");
    let mut polyglot_pdf = valid.clone();
    polyglot_pdf
        .extend(format!("<html><script>alert(1)</script>{}</html>", " ".repeat(2000)).bytes());
    let mut png_with_zip = png(4, 4);
    png_with_zip.extend(b"PK\x03\x04rest of a zip archive");
    let mut jpeg_with_trailer = jpeg(8, 8);
    jpeg_with_trailer.extend(b"PK\x03\x04appended archive");
    let full_png = png(16, 16);
    let full_jpeg = jpeg(16, 16);
    let mut nested = b"%PDF-1.4\n1 0 obj\n".to_vec();
    nested.extend(std::iter::repeat_n(b'[', 100_000));
    nested.extend(b"\nendobj\n%%EOF\n");
    let too_big = sample_pdf_of_length("grande", 2 * 1024 * 1024 + 1);
    let name = |n: &str| n.to_owned();
    vec![
        (
            "empty file",
            name("vacio.pdf"),
            Vec::new(),
            422,
            "file_required",
        ),
        (
            "renamed Windows executable",
            name("boleto.pdf"),
            b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "renamed Linux executable",
            name("boleto.pdf"),
            b"\x7fELF\x02\x01\x01\x00".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "zip archive",
            name("boleto.pdf"),
            b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "GIF image",
            name("boleto.gif"),
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "SVG with a script",
            name("boleto.svg"),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "HTML page",
            name("boleto.html"),
            b"<!DOCTYPE html><html><body onload=alert(1)></body></html>".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "plain text",
            name("boleto.txt"),
            b"vuelo AV 86".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "PDF header without its dash",
            name("boleto.pdf"),
            b"%PDF1.4\n%%EOF\n".to_vec(),
            422,
            "unsupported_file_type",
        ),
        (
            "PDF after leading junk",
            name("boleto.pdf"),
            [b"   ".as_slice(), &valid].concat(),
            422,
            "unsupported_file_type",
        ),
        (
            "truncated PDF",
            name("boleto.pdf"),
            valid[..valid.len() / 2].to_vec(),
            422,
            "file_damaged",
        ),
        (
            "PDF with no objects",
            name("boleto.pdf"),
            b"%PDF-1.4\n%%EOF\n".to_vec(),
            422,
            "file_damaged",
        ),
        (
            "PDF and HTML polyglot",
            name("boleto.pdf"),
            polyglot_pdf,
            422,
            "file_damaged",
        ),
        (
            "PDF nesting bomb",
            name("boleto.pdf"),
            nested,
            422,
            "file_damaged",
        ),
        (
            "PDF opening with JavaScript",
            name("boleto.pdf"),
            active_pdf(
                "/OpenAction 4 0 R",
                &["<< /S /JavaScript /JS (app.alert(1)) >>"],
            ),
            422,
            "file_has_active_content",
        ),
        (
            "PDF with an escaped JavaScript name",
            name("boleto.pdf"),
            active_pdf(
                "/OpenAction 4 0 R",
                &["<< /S /J#61vaScript /J#53 (app.alert(1)) >>"],
            ),
            422,
            "file_has_active_content",
        ),
        (
            "PDF launching a program",
            name("boleto.pdf"),
            active_pdf("/OpenAction 4 0 R", &["<< /S /Launch /F (cmd.exe) >>"]),
            422,
            "file_has_active_content",
        ),
        (
            "PDF carrying an embedded file",
            name("boleto.pdf"),
            active_pdf(
                "/Names << /EmbeddedFiles 4 0 R >>",
                &[
                    "<< /Names [(x.exe) 5 0 R] >>",
                    "<< /Type /Filespec /F (x.exe) >>",
                ],
            ),
            422,
            "file_has_active_content",
        ),
        (
            "PDF with an XFA form",
            name("boleto.pdf"),
            active_pdf("/AcroForm << /XFA 4 0 R >>", &["<< /Length 0 >>"]),
            422,
            "file_has_active_content",
        ),
        (
            "truncated PNG",
            name("boleto.png"),
            full_png[..full_png.len() - 20].to_vec(),
            422,
            "file_damaged",
        ),
        (
            "PNG declaring 30000 × 30000 pixels",
            name("boleto.png"),
            png_declaring(30_000, 30_000),
            422,
            "image_too_large",
        ),
        (
            "PNG decompression bomb (100000 × 1000)",
            name("boleto.png"),
            png_declaring(100_000, 1_000),
            422,
            "image_too_large",
        ),
        (
            "PNG with an archive appended",
            name("boleto.png"),
            png_with_zip,
            422,
            "file_damaged",
        ),
        (
            "truncated JPEG",
            name("boleto.jpg"),
            full_jpeg[..full_jpeg.len() - 30].to_vec(),
            422,
            "file_damaged",
        ),
        (
            "JPEG declaring 30000 × 30000 pixels",
            name("boleto.jpg"),
            jpeg_declaring(30_000, 30_000),
            422,
            "image_too_large",
        ),
        (
            "JPEG with an archive appended",
            name("boleto.jpg"),
            jpeg_with_trailer,
            422,
            "file_damaged",
        ),
        (
            "JPEG with no frame header",
            name("boleto.jpg"),
            vec![0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9],
            422,
            "file_damaged",
        ),
        (
            "name climbing out of its folder",
            name("../../etc/boleto.pdf"),
            valid.clone(),
            422,
            "invalid_file_name",
        ),
        (
            "name with a Windows path",
            name("C:\\boleto.pdf"),
            valid.clone(),
            422,
            "invalid_file_name",
        ),
        (
            "name with a C1 control character",
            name("bo\u{85}leto.pdf"),
            valid.clone(),
            422,
            "invalid_file_name",
        ),
        // ASCII control characters and line breaks in a part's header break the multipart
        // body itself: refused as malformed before the name is looked at.
        (
            "name with a bell character",
            name("bo\u{7}leto.pdf"),
            valid.clone(),
            400,
            "",
        ),
        (
            "name with a line break",
            name("boleto\r\n.pdf"),
            valid.clone(),
            400,
            "",
        ),
        (
            "name of 201 characters",
            "a".repeat(197) + ".pdf",
            valid.clone(),
            422,
            "invalid_file_name",
        ),
        ("2 MB and one byte", name("boleto.pdf"), too_big, 413, ""),
        (
            "Flate bomb in an object stream (1.5 MB inflating to 1.5 GB)",
            name("hotel.pdf"),
            object_stream_bomb_pdf(BOMB_EXPANDS_TO),
            422,
            "pdf_too_complex",
        ),
        (
            "Flate bomb in a page's content stream (1.5 MB inflating to 1.5 GB)",
            name("hotel.pdf"),
            content_stream_bomb_pdf(BOMB_EXPANDS_TO),
            422,
            "pdf_too_complex",
        ),
        (
            "Flate bomb just past the stream limit (40 MB)",
            name("hotel.pdf"),
            content_stream_bomb_pdf(40 * 1024 * 1024),
            422,
            "pdf_too_complex",
        ),
        (
            "stream in an old encoding that hides what it inflates to",
            name("hotel.pdf"),
            active_pdf(
                "",
                &["<< /Length 3 /Filter [/ASCII85Decode /FlateDecode] >>\nstream\nabc\nendstream"],
            ),
            422,
            "pdf_too_complex",
        ),
    ]
}

#[tokio::test]
async fn every_hostile_file_is_refused_with_a_clear_4xx_and_nothing_is_stored() {
    let app = crate::helpers::spawn_app().await;
    let (token, id) = ready_for_attachments(&app, "ana@example.com").await;
    let corpus = corpus();
    assert!(corpus.len() >= 25);
    for (what, file_name, bytes, status, code) in corpus {
        let response = attach(&app, &token, &id, "return_ticket", &file_name, bytes).await;
        assert_eq!(response.status().as_u16(), status, "{what}");
        let body = error_body(response).await;
        if !code.is_empty() {
            assert_eq!(
                field_codes(&body),
                vec![("file".into(), code.into())],
                "{what}"
            );
            assert!(
                !body["fields"][0]["message"].as_str().unwrap().is_empty(),
                "{what}"
            );
        }
    }
    assert_eq!(app.count("preregistration_attachments").await, 0);
    let folder = app.data_dir.path().join(format!("files/attachments/{id}"));
    assert_eq!(
        std::fs::read_dir(&folder).map(Iterator::count).unwrap_or(0),
        0,
        "no file was written"
    );

    // The genuine ones of each type are taken.
    for (name, bytes, kind) in [
        ("boleto.pdf", pdf("boleto"), "application/pdf"),
        ("boleto.png", png(32, 32), "image/png"),
        ("boleto.jpg", jpeg(32, 32), "image/jpeg"),
    ] {
        let response = attach(&app, &token, &id, "return_ticket", name, bytes).await;
        assert_eq!(response.status(), 200, "{name}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["attachments"][0]["content_type"], kind);
    }
}

#[tokio::test]
async fn every_hostile_file_sent_as_a_passport_photo_is_refused_with_a_clear_4xx_and_nothing_is_kept()
 {
    let app = crate::helpers::spawn_app().await;
    let mut refused = 0;
    let mut token = String::new();
    for (n, (what, file_name, bytes, _, _)) in corpus().into_iter().enumerate() {
        // An account reads 20 photos an hour: a fresh one for each twenty.
        if n % 20 == 0 {
            let email = format!("ana{n}@example.com");
            app.active_account(&email).await;
            token = app.logged_in(&email, crate::helpers::PASSWORD).await.0;
        }
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name);
        let response = app
            .client
            .post(app.url("/api/v1/documents/scan"))
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("image", part))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = error_body(response).await;
        match status {
            413 => {}
            // A part the multipart parser cannot read (a control character in its name).
            400 => assert_eq!(body["code"], "malformed_request", "{what}"),
            422 => {
                let codes = field_codes(&body);
                assert!(
                    codes.len() == 1
                        && codes[0].0 == "image"
                        && [
                            "image_required",
                            "not_an_image",
                            "image_damaged",
                            "image_too_large",
                            "mrz_not_found",
                        ]
                        .contains(&codes[0].1.as_str()),
                    "{what}: {body}"
                );
                assert!(
                    !body["fields"][0]["message"].as_str().unwrap().is_empty(),
                    "{what}"
                );
            }
            other => panic!("{what}: {other} {body}"),
        }
        refused += 1;
    }
    assert!(refused >= 25);
    assert_eq!(app.count("document_scans").await, 0);
    assert_eq!(
        std::fs::read_dir(app.data_dir.path().join("files/scans"))
            .map(Iterator::count)
            .unwrap_or(0),
        0,
        "no photo was kept"
    );
}

/// Twenty travelers upload `file(n)` as their lodging at once to the real `portal`
/// process: the answers' statuses, and the process's peak memory (MB) before and after.
/// Measured on that process: the test process's own memory would count its client, its
/// glibc arenas (the binary sets its own) and whatever other tests left.
async fn twenty_parallel_uploads(
    app: &crate::helpers::TestApp,
    file: impl Fn(usize) -> Vec<u8>,
) -> (Vec<u16>, f64, f64) {
    let mut drafts = Vec::new();
    for n in 0..20 {
        drafts.push(ready_for_attachments(app, &format!("viajero{n}@example.com")).await);
    }
    let portal = app.start_portal_process().await;
    let before = portal.peak_rss_mb();
    assert!(before > 0.0, "VmHWM readable");
    let uploads = drafts.iter().enumerate().map(|(n, (token, id))| {
        let part = reqwest::multipart::Part::bytes(file(n)).file_name("hotel.pdf");
        app.client
            .put(format!(
                "{}/api/v1/preregistrations/{id}/attachments/lodging",
                portal.address
            ))
            .bearer_auth(token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    });
    let statuses = futures_util::future::join_all(uploads)
        .await
        .into_iter()
        .map(|response| response.unwrap().status().as_u16())
        .collect();
    let peak = portal.peak_rss_mb();
    eprintln!("portal process peak resident memory: {before:.0} MB before, {peak:.0} MB after");
    (statuses, before, peak)
}

/// The bombs in parallel: each is refused after counting at most one stream's limit of
/// inflated bytes, none of which is kept.
#[tokio::test]
async fn twenty_parallel_pdf_bombs_are_refused_with_memory_bounded() {
    let app = crate::helpers::spawn_app().await;
    let bombs = [
        object_stream_bomb_pdf(BOMB_EXPANDS_TO),
        content_stream_bomb_pdf(BOMB_EXPANDS_TO),
    ];
    assert!(bombs.iter().all(|b| b.len() < 2 * 1024 * 1024));
    let (statuses, before, peak) = twenty_parallel_uploads(&app, |n| bombs[n % 2].clone()).await;
    assert!(statuses.iter().all(|s| *s == 422), "{statuses:?}");
    assert_eq!(app.count("preregistration_attachments").await, 0);
    assert!(
        peak < 300.0,
        "peak resident memory of the portal process {peak:.0} MB (limit 300 MB; {before:.0} MB before the uploads)"
    );
}

#[tokio::test]
async fn twenty_parallel_two_megabyte_uploads_keep_memory_bounded() {
    let app = crate::helpers::spawn_app().await;
    let big = sample_pdf_of_length("grande", 2 * 1024 * 1024);
    assert_eq!(big.len(), 2 * 1024 * 1024);
    let (statuses, before, peak) = twenty_parallel_uploads(&app, |_| big.clone()).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(
        app.count("preregistration_attachments").await,
        20,
        "each upload stored once"
    );
    assert!(
        peak < 300.0,
        "peak resident memory of the portal process {peak:.0} MB (limit 300 MB; {before:.0} MB before the uploads)"
    );
}
