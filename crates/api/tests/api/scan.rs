use crate::helpers::{PASSWORD, TestApp, error_body, field_codes, passport_with, spawn_app};
use portal_shared::documents::RegisterDocumentRequest;
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

/// The passport of the photo (`LINE_2`): the helpers' passport with its number and dates.
fn registration(
    scan_id: &str,
    classification: &str,
    captcha: portal_shared::captcha::CaptchaAnswer,
) -> RegisterDocumentRequest {
    let issued = chrono::NaiveDate::from_ymd_opt(2024, 1, 2);
    let expires = chrono::NaiveDate::from_ymd_opt(2034, 1, 1);
    RegisterDocumentRequest {
        classification: classification.into(),
        document_number: "AB1234567".into(),
        document_number_confirmation: "AB1234567".into(),
        issue_date: issued,
        issue_date_confirmation: issued,
        expiry_date: expires,
        expiry_date_confirmation: expires,
        scan_id: Some(scan_id.into()),
        ..passport_with(captcha)
    }
}

async fn scan_id_for(app: &TestApp, token: &str, line1: &str) -> String {
    let page = passport_images::on_table(&passport_images::render_page(line1, LINE_2), 40);
    let response = upload(
        app,
        token,
        "image",
        passport_images::jpeg(&page, 85),
        "image/jpeg",
    )
    .await;
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["scan_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_scanned_photo_becomes_the_picture_of_the_registered_document_and_only_its_owner_sees_it()
 {
    let app = spawn_app().await;
    let token = token(&app).await;
    let scan_id = scan_id_for(&app, &token, LINE_1).await;

    // Another account cannot use someone else's scan.
    app.active_account("luis@example.com").await;
    let (luis, _) = app.logged_in("luis@example.com", PASSWORD).await;
    let mut foreign = registration(&scan_id, "ordinary", app.captcha_answer().await);
    foreign.relationship = "spouse".into();
    let response = app
        .send_as(reqwest::Method::POST, "/api/v1/documents", &luis, &foreign)
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![("scan_id".into(), "scan_not_found".into())]
    );

    let response = app
        .send_as(
            reqwest::Method::POST,
            "/api/v1/documents",
            &token,
            &registration(&scan_id, "ordinary", app.captcha_answer().await),
        )
        .await;
    assert_eq!(response.status(), 201);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["has_image"], true);
    let image_path = format!(
        "/api/v1/documents/{}/image",
        document["id"].as_str().unwrap()
    );
    let image = app.get_as(&image_path, &token).await;
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/jpeg");
    assert_eq!(&image.bytes().await.unwrap()[..3], &[0xFF, 0xD8, 0xFF]);
    assert_eq!(app.get_as(&image_path, &luis).await.status(), 404);
    // The scan is used up, and its temporary copy is gone.
    assert_eq!(app.count("document_scans").await, 0);
    let files = app.data_dir.path().join("files");
    let stored = |folder: &str| {
        std::fs::read_dir(files.join(folder))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert_eq!((stored("scans"), stored("documents")), (0, 1));

    // Deleting the document deletes its photo.
    let path = format!("/api/v1/documents/{}", document["id"].as_str().unwrap());
    assert_eq!(app.delete_as(&path, &token).await.status(), 204);
    assert_eq!(stored("documents"), 0);
}

#[tokio::test]
async fn deleting_the_account_deletes_its_photos() {
    let app = spawn_app().await;
    let token = token(&app).await;
    scan_id_for(&app, &token, LINE_1).await;
    let files = app.data_dir.path().join("files/scans");
    assert_eq!(std::fs::read_dir(&files).unwrap().count(), 1);
    let response = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "password": PASSWORD, "captcha": app.captcha_answer().await }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(std::fs::read_dir(&files).unwrap().count(), 0);
}

#[tokio::test]
async fn a_diplomatic_zone_must_be_registered_as_diplomatic() {
    let app = spawn_app().await;
    let token = token(&app).await;
    let scan_id = scan_id_for(&app, &token, "PDCOLPEREZ<GOMEZ<<MARIA<JOSE<<<<<<<<<<<<<<<<").await;
    let register = |classification: &'static str| {
        let app = &app;
        let token = token.clone();
        let scan_id = scan_id.clone();
        async move {
            app.send_as(
                reqwest::Method::POST,
                "/api/v1/documents",
                &token,
                &registration(&scan_id, classification, app.captcha_answer().await),
            )
            .await
        }
    };
    let response = register("ordinary").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![(
            "classification".into(),
            "classification_not_in_document".into()
        )]
    );
    assert_eq!(register("diplomatic").await.status(), 201);
}

#[tokio::test]
async fn an_unknown_scan_id_is_refused() {
    let app = spawn_app().await;
    let token = token(&app).await;
    for scan_id in ["nope", &uuid::Uuid::new_v4().to_string()] {
        let response = app
            .send_as(
                reqwest::Method::POST,
                "/api/v1/documents",
                &token,
                &registration(scan_id, "ordinary", app.captcha_answer().await),
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    assert_eq!(app.count("travel_documents").await, 0);
}

#[tokio::test]
async fn an_account_keeps_its_last_three_photos_and_has_twenty_reads_an_hour() {
    let app = spawn_app().await;
    let token = token(&app).await;
    for _ in 0..4 {
        scan_id_for(&app, &token, LINE_1).await;
    }
    assert_eq!(app.count("document_scans").await, 3, "the oldest went");
    let kept = std::fs::read_dir(app.data_dir.path().join("files/scans"))
        .map(Iterator::count)
        .unwrap_or(0);
    assert_eq!(kept, 3, "and its file with it");
    for n in 4..20 {
        let response = upload(&app, &token, "image", b"not a photo".to_vec(), "image/jpeg").await;
        assert_eq!(response.status(), 422, "read {n}");
    }
    let limited = upload(&app, &token, "image", b"not a photo".to_vec(), "image/jpeg").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn when_the_waiting_photos_fill_their_quota_a_read_is_answered_503_and_nothing_is_kept() {
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        settings: vec![("PORTAL_SCAN_QUOTA_MB", "0".to_owned())],
        ..crate::helpers::TestOptions::default()
    })
    .await;
    let token = token(&app).await;
    let page = passport_images::on_table(&passport_images::render_page(LINE_1, LINE_2), 40);
    let response = upload(
        &app,
        &token,
        "image",
        passport_images::jpeg(&page, 85),
        "image/jpeg",
    )
    .await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "300");
    assert_eq!(error_body(response).await["code"], "unavailable");
    assert_eq!(app.count("document_scans").await, 0);
}
