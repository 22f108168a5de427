use crate::documents::{get, traveler};
use crate::helpers::{
    PASSWORD, TestApp, contacts_request, error_body, field_codes, passport_request, read,
    spawn_app, trip_request,
};
use chrono::Utc;
use portal_shared::dates::mexico_today;
use portal_shared::documents::{RegisterDocumentRequest, TravelDocument};
use portal_shared::preregistrations::{Preregistration, StartPreregistrationRequest};
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};

/// Registers `request` and answers the new document's id.
pub async fn document_id(app: &TestApp, token: &str, request: &RegisterDocumentRequest) -> String {
    let created: TravelDocument = read(app.register_document(token, request).await, 201).await;
    created.id
}

/// The start of a pre-registration of `document`, with the variant and its reference.
pub fn start_request(
    document: &str,
    variant: Option<&str>,
    reference: Option<&str>,
) -> StartPreregistrationRequest {
    StartPreregistrationRequest {
        document_id: document.to_owned(),
        variant: variant.map(Into::into),
        reference: reference.map(str::to_owned),
    }
}

/// The day `days` after today in Mexico City, as the API writes it.
pub fn in_days(days: u64) -> String {
    crate::helpers::in_days(days).to_string()
}

/// A traveler with a registered Colombian passport and its started draft.
pub async fn draft(app: &TestApp, email: &str) -> (String, String, String) {
    let token = traveler(app, email).await;
    let document = document_id(app, &token, &passport_request(app).await).await;
    let draft: Preregistration = read(
        app.start_preregistration(&token, &start_request(&document, Some("none"), None))
            .await,
        201,
    )
    .await;
    (token, document, draft.id)
}

#[tokio::test]
async fn the_variant_is_asked_once_and_a_second_start_resumes_the_same_draft() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let document = document_id(&app, &token, &passport_request(&app).await).await;

    let without = app
        .start_preregistration(&token, &start_request(&document, None, None))
        .await;
    assert_eq!(without.status(), 422);
    assert_eq!(
        field_codes(&error_body(without).await),
        vec![("variant".into(), "required".into())]
    );
    let no_number = app
        .start_preregistration(&token, &start_request(&document, Some("nue"), None))
        .await;
    assert_eq!(no_number.status(), 422);
    assert_eq!(
        field_codes(&error_body(no_number).await),
        vec![("reference".into(), "required".into())]
    );
    assert_eq!(app.count("preregistrations").await, 0);

    let first = app
        .start_preregistration(
            &token,
            &start_request(&document, Some("nue"), Some("ABC123456")),
        )
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "draft");
    assert_eq!(first["variant"], "nue");
    assert_eq!(first["trip"], Value::Null);

    // Not asked again, and a different answer does not change it.
    let again = app
        .start_preregistration(&token, &start_request(&document, Some("none"), None))
        .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["variant"], "nue");
    assert_eq!(app.count("preregistrations").await, 1);
}

#[tokio::test]
async fn step_one_is_checked_on_the_server_and_saved_on_the_draft() {
    let app = spawn_app().await;
    let (token, _, id) = draft(&app, "ana@example.com").await;
    let path = format!("/api/v1/preregistrations/{id}");

    let mut broken = trip_request(5, 5 + 181);
    broken.entry_point = "LAND-TIJ".into();
    broken.flight_number = "vuelo 86".into();
    broken.trip_specification = "meetings".into();
    let refused = app.save_trip(&token, &id, &broken).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![
            ("entry_point".into(), "entry_point_not_for_mode".into()),
            ("flight_number".into(), "invalid_flight_number".into()),
            (
                "trip_specification".into(),
                "specification_not_for_reason".into()
            ),
            ("departure_date".into(), "stay_too_long".into()),
        ]
    );
    let mut past = trip_request(0, 10);
    past.arrival_date = mexico_today(Utc::now()).pred_opt();
    let refused = app.save_trip(&token, &id, &past).await;
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![("arrival_date".into(), "arrival_in_past".into())]
    );
    let unchanged: Value = get(&app, &token, &path).await.json().await.unwrap();
    assert_eq!(unchanged["trip"], Value::Null);

    let saved = app.save_trip(&token, &id, &trip_request(10, 20)).await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["trip"]["entry_point"], "CUN");
    assert_eq!(saved["short_notice"], false);
    // A reload resumes where the traveler left off.
    let resumed: Value = get(&app, &token, &path).await.json().await.unwrap();
    assert_eq!(resumed["trip"], saved["trip"]);

    // Arriving tomorrow is allowed, with the 24-hour warning.
    let soon: Value = app
        .save_trip(&token, &id, &trip_request(1, 8))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(soon["short_notice"], true);
}

#[tokio::test]
async fn only_a_colombian_passport_can_start_a_pre_registration() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let mut venezuelan = passport_request(&app).await;
    venezuelan.nationality = "VEN".into();
    venezuelan.issuing_country = "VEN".into();
    let document = document_id(&app, &token, &venezuelan).await;
    let refused = app
        .start_preregistration(&token, &start_request(&document, Some("none"), None))
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![("document_id".into(), "preregistration_not_available".into())]
    );
    assert_eq!(app.count("preregistrations").await, 0);
    assert_eq!(app.count("preregistration_profiles").await, 0);
}

#[tokio::test]
async fn another_accounts_pre_registration_and_document_are_404() {
    let app = spawn_app().await;
    let (_, document, id) = draft(&app, "ana@example.com").await;
    let luis = traveler(&app, "luis@example.com").await;
    let path = format!("/api/v1/preregistrations/{id}");
    assert_eq!(get(&app, &luis, &path).await.status(), 404);
    assert_eq!(
        app.save_trip(&luis, &id, &trip_request(10, 20))
            .await
            .status(),
        404
    );
    let foreign = app
        .start_preregistration(&luis, &start_request(&document, Some("none"), None))
        .await;
    assert_eq!(foreign.status(), 404);
    assert_eq!(
        get(&app, &luis, "/api/v1/preregistrations/not-an-id")
            .await
            .status(),
        404
    );
    let anonymous = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_document_with_a_pre_registration_is_kept_but_the_account_can_still_go() {
    let app = spawn_app().await;
    let (token, document, _) = draft(&app, "ana@example.com").await;
    let refused = app
        .delete_as(&format!("/api/v1/documents/{document}"), &token)
        .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_body(refused).await["code"], "document_in_use");
    assert_eq!(app.count("travel_documents").await, 1);

    let gone = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&json!({ "password": PASSWORD, "captcha": app.captcha_answer().await }))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(app.count("travel_documents").await, 0);
    assert_eq!(app.count("preregistrations").await, 0);
    assert_eq!(app.count("preregistration_profiles").await, 0);
}

#[tokio::test]
async fn step_two_follows_step_one_and_is_checked_for_the_variant() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let document = document_id(&app, &token, &passport_request(&app).await).await;
    let started: Value = app
        .start_preregistration(
            &token,
            &start_request(&document, Some("nue"), Some("ABC123456")),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = started["id"].as_str().unwrap().to_owned();

    let too_early = app.save_additional(&token, &id, &contacts_request()).await;
    assert_eq!(too_early.status(), 422);
    assert_eq!(
        field_codes(&error_body(too_early).await),
        vec![("trip".into(), "step_not_saved".into())]
    );
    assert_eq!(
        app.save_trip(&token, &id, &trip_request(10, 20))
            .await
            .status(),
        200
    );

    // Variant I also needs the resident card.
    let mut broken = contacts_request();
    broken.mexico_contact_phone = "998-123".into();
    let refused = app.save_additional(&token, &id, &broken).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![
            (
                "mexico_contact_phone".into(),
                "invalid_mexican_phone".into()
            ),
            ("exit_type".into(), "resident_exit_required".into()),
            ("resident_card_number".into(), "required".into()),
            ("resident_card_expiry".into(), "required".into()),
        ]
    );
    let mut complete = contacts_request();
    complete.exit_type = "resident".into();
    complete.resident_card_number = "TR1234567".into();
    complete.resident_card_expiry = Some(crate::helpers::in_days(400));
    let saved = app.save_additional(&token, &id, &complete).await;
    assert_eq!(saved.status(), 200);
    let resumed: Value = get(&app, &token, &format!("/api/v1/preregistrations/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resumed["additional"]["resident_card_number"], "TR1234567");
    assert_eq!(resumed["trip"]["entry_point"], "CUN");

    let luis = traveler(&app, "luis@example.com").await;
    assert_eq!(
        app.save_additional(&luis, &id, &complete).await.status(),
        404
    );
}

#[tokio::test]
async fn step_three_needs_every_control_question_answered_after_step_two() {
    let app = spawn_app().await;
    let (token, _, id) = draft(&app, "ana@example.com").await;
    let put_control = |body: Value| {
        app.client
            .put(app.url(&format!("/api/v1/preregistrations/{id}/control")))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let mut answers = serde_json::Map::new();
    for code in portal_shared::preregistrations::control_questions()
        .iter()
        .map(|q| q.code.as_str())
    {
        answers.insert(
            code.to_owned(),
            json!(code == "return_ticket" || code == "sufficient_means"),
        );
    }
    let too_early = put_control(json!({ "answers": answers.clone() }))
        .await
        .unwrap();
    assert_eq!(
        field_codes(&error_body(too_early).await),
        vec![("additional".into(), "step_not_saved".into())]
    );
    assert_eq!(
        app.save_trip(&token, &id, &trip_request(10, 20))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.save_additional(&token, &id, &contacts_request())
            .await
            .status(),
        200
    );

    let mut missing = answers.clone();
    missing.remove("convicted");
    let refused = put_control(json!({ "answers": missing })).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![("answers.convicted".into(), "answer_required".into())]
    );
    let saved = put_control(json!({ "answers": answers })).await.unwrap();
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["control"]["answers"]["return_ticket"], true);
    assert_eq!(saved["control"]["answers"]["deported"], false);
}

pub async fn attach(
    app: &TestApp,
    token: &str,
    id: &str,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
    app.client
        .put(app.url(&format!("/api/v1/preregistrations/{id}/attachments/{kind}")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

/// A small, valid one-page PDF carrying `text` in a comment.
pub fn pdf(text: &str) -> Vec<u8> {
    portal_documents::inspect::sample_pdf(text, 0)
}

/// A draft of variant III with steps 1 to 3 saved.
pub async fn ready_for_attachments(app: &TestApp, email: &str) -> (String, String) {
    let (token, _, id) = draft(app, email).await;
    assert_eq!(
        app.save_trip(&token, &id, &trip_request(10, 20))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.save_additional(&token, &id, &contacts_request())
            .await
            .status(),
        200
    );
    let answers: serde_json::Map<String, Value> =
        portal_shared::preregistrations::control_questions()
            .iter()
            .map(|question| (question.code.clone(), json!(false)))
            .collect();
    let control = app
        .send_as(
            reqwest::Method::PUT,
            &format!("/api/v1/preregistrations/{id}/control"),
            &token,
            &json!({ "answers": answers }),
        )
        .await;
    assert_eq!(control.status(), 200);
    (token, id)
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_size_and_replace_their_kind() {
    let app = spawn_app().await;
    let (early_token, _, early_id) = draft(&app, "temprano@example.com").await;
    let too_early = attach(
        &app,
        &early_token,
        &early_id,
        "return_ticket",
        "boleto.pdf",
        pdf("a"),
    )
    .await;
    assert_eq!(
        field_codes(&error_body(too_early).await),
        vec![("control".into(), "step_not_saved".into())]
    );

    let (token, id) = ready_for_attachments(&app, "ana@example.com").await;
    let renamed_exe = attach(
        &app,
        &token,
        &id,
        "return_ticket",
        "boleto.pdf",
        b"MZ\x90\x00\x03".to_vec(),
    )
    .await;
    assert_eq!(renamed_exe.status(), 422);
    assert_eq!(
        field_codes(&error_body(renamed_exe).await),
        vec![("file".into(), "unsupported_file_type".into())]
    );
    let mut huge = pdf("grande");
    huge.resize(2 * 1024 * 1024 + 1, b' ');
    assert_eq!(
        attach(&app, &token, &id, "return_ticket", "boleto.pdf", huge)
            .await
            .status(),
        413
    );
    let not_this_variant = attach(&app, &token, &id, "sre_card", "carne.pdf", pdf("b")).await;
    assert_eq!(
        field_codes(&error_body(not_this_variant).await),
        vec![("kind".into(), "unknown_option".into())]
    );
    assert_eq!(app.count("preregistration_attachments").await, 0);

    let first = attach(&app, &token, &id, "return_ticket", "boleto.pdf", pdf("ida")).await;
    assert_eq!(first.status(), 200);
    let jpeg = crate::uploads::jpeg(16, 16);
    let jpeg_size = jpeg.len();
    let second = attach(&app, &token, &id, "return_ticket", "boleto-nuevo.jpg", jpeg).await;
    assert_eq!(second.status(), 200);
    let body: Value = second.json().await.unwrap();
    let attachments = body["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["kind"], "return_ticket");
    assert_eq!(attachments[0]["file_name"], "boleto-nuevo.jpg");
    assert_eq!(attachments[0]["content_type"], "image/jpeg");
    assert_eq!(attachments[0]["size"], jpeg_size);

    let luis = traveler(&app, "luis@example.com").await;
    assert_eq!(
        attach(&app, &luis, &id, "lodging", "hotel.pdf", pdf("c"))
            .await
            .status(),
        404
    );

    // The files go with the account.
    let files = app.data_dir.path().join(format!("files/attachments/{id}"));
    assert_eq!(std::fs::read_dir(&files).unwrap().count(), 1);
    let gone = app
        .client
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&json!({ "password": PASSWORD, "captcha": app.captcha_answer().await }))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(std::fs::read_dir(&files).unwrap().count(), 0);
    assert_eq!(app.count("preregistration_attachments").await, 0);
}

#[tokio::test]
async fn drafts_whose_arrival_date_has_passed_are_cleaned_up_with_their_files() {
    let app = spawn_app().await;
    let (token, id) = ready_for_attachments(&app, "ana@example.com").await;
    assert_eq!(
        attach(&app, &token, &id, "return_ticket", "boleto.pdf", pdf("ida"))
            .await
            .status(),
        200
    );
    let (luis, _, current) = draft(&app, "luis@example.com").await;
    assert_eq!(
        app.save_trip(&luis, &current, &trip_request(3, 9))
            .await
            .status(),
        200
    );

    let files = portal_api::storage::FileStore::new(app.data_dir.path().join("files"));
    portal_api::maintenance::clean_once(&app.db, &files).await;
    assert_eq!(
        app.count("preregistrations").await,
        2,
        "arrivals still ahead are kept"
    );

    let backend = app.db.get_database_backend();
    let placeholder = if backend == sea_orm::DatabaseBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let yesterday = mexico_today(Utc::now()).pred_opt().unwrap();
    app.db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE preregistrations SET arrival_date = {placeholder} WHERE account_id IN \
                 (SELECT id FROM accounts WHERE email = 'ana@example.com')"
            ),
            [yesterday.into()],
        ))
        .await
        .unwrap();
    portal_api::maintenance::clean_once(&app.db, &files).await;
    assert_eq!(app.count("preregistrations").await, 1);
    assert_eq!(app.count("preregistration_attachments").await, 0);
    let folder = app.data_dir.path().join(format!("files/attachments/{id}"));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    assert_eq!(
        get(&app, &token, &format!("/api/v1/preregistrations/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        get(&app, &luis, &format!("/api/v1/preregistrations/{current}"))
            .await
            .status(),
        200
    );
}
