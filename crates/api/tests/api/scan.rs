use crate::helpers::{PASSWORD, TestApp, error_body, field_codes, spawn_app};
use serde_json::Value;

#[path = "../../../scan/tests/support/mod.rs"]
mod passport_images;

const LINE_1: &str = "P<COLPEREZ<GOMEZ<<MARIA<JOSE<<<<<<<<<<<<<<<<";
const LINE_2: &str = "AB12345671COL9005178F34010111020304050<<<<12";

async fn token(app: &TestApp) -> String {
    app.active_account("ana@example.com").await;
    app.logged_in("ana@example.com", PASSWORD).await.0
}

async fn upload(
    app: &TestApp,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
    mime: &str,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("pasaporte.jpg")
        .mime_str(mime)
        .unwrap();
    let form = reqwest::multipart::Form::new().part(name.to_owned(), part);
    app.client
        .post(app.url("/api/v1/documents/scan"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_passport_photo_is_read_field_by_field() {
    let app = spawn_app().await;
    let token = token(&app).await;
    // The generated lines must be a valid zone for the test to mean anything.
    let today = chrono::Utc::now().date_naive();
    assert!(
        portal_domain::mrz::read_td3(LINE_1, LINE_2, today)
            .unwrap()
            .fully_valid()
    );

    let page = passport_images::on_table(&passport_images::render_page(LINE_1, LINE_2), 50);
    let photo = portal_scan::rotate(&page, -6.0);
    let response = upload(
        &app,
        &token,
        "image",
        passport_images::jpeg(&photo, 75),
        "image/jpeg",
    )
    .await;
    assert_eq!(response.status(), 200);
    let result: Value = response.json().await.unwrap();
    assert_eq!(result["fully_valid"], true, "{result}");
    assert_eq!(result["surnames"]["value"], "PEREZ GOMEZ");
    assert_eq!(result["document_number"]["value"], "AB1234567");
    assert_eq!(result["document_number"]["check_digit_passed"], true);
    assert_eq!(result["birth_date"]["value"], "1990-05-17");
    assert_eq!(result["expiry_date"]["value"], "2034-01-01");
    assert_eq!(result["nationality"]["value"], "COL");
    assert_eq!(result["issuing_country"]["value"], "COL");
    assert_eq!(result["sex"]["value"], "female");
    assert_eq!(result["classification"]["value"], "ordinary");
    assert_eq!(result["mrz_lines"][1], LINE_2);
}

#[tokio::test]
async fn bad_uploads_get_a_clear_answer() {
    let app = spawn_app().await;
    let token = token(&app).await;
    let code = |body: &Value| {
        field_codes(body)
            .first()
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };

    let response = upload(
        &app,
        &token,
        "image",
        b"%PDF-1.7 hello".to_vec(),
        "image/png",
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(code(&error_body(response).await), "not_an_image");

    let page = passport_images::render_page(LINE_1, LINE_2);
    let jpeg = passport_images::jpeg(&page, 80);
    let response = upload(
        &app,
        &token,
        "image",
        jpeg[..jpeg.len() / 3].to_vec(),
        "image/jpeg",
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(code(&error_body(response).await), "image_damaged");

    let mut huge = passport_images::png(&image::GrayImage::from_pixel(4, 4, image::Luma([0])));
    huge[16..20].copy_from_slice(&100_000_u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000_u32.to_be_bytes());
    let response = upload(&app, &token, "image", huge, "image/png").await;
    assert_eq!(response.status(), 422);
    assert!(
        ["image_too_large", "image_damaged"].contains(&code(&error_body(response).await).as_str())
    );

    let blank = passport_images::png(&image::GrayImage::from_pixel(900, 600, image::Luma([235])));
    let response = upload(&app, &token, "image", blank, "image/png").await;
    assert_eq!(response.status(), 422);
    let body = error_body(response).await;
    assert_eq!(code(&body), "mrz_not_found");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("zona de lectura mecánica")
    );

    let response = upload(&app, &token, "photo", b"x".to_vec(), "image/png").await;
    assert_eq!(response.status(), 422);
    assert_eq!(code(&error_body(response).await), "image_required");

    let mut big = vec![0xFF, 0xD8, 0xFF];
    big.resize(2 * 1024 * 1024 + 1, 0);
    let response = upload(&app, &token, "image", big, "image/jpeg").await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn scanning_needs_a_session() {
    let app = spawn_app().await;
    let part = reqwest::multipart::Part::bytes(vec![1, 2, 3]);
    let response = app
        .client
        .post(app.url("/api/v1/documents/scan"))
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}
