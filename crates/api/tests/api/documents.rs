use crate::helpers::{PASSWORD, TestApp, error_body, field_codes, passport_request, spawn_app};
use chrono::{Months, NaiveDate, Utc};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A passport of the account holder created by `active_account` (born 1990-05-17).
pub(crate) async fn passport(app: &TestApp) -> Value {
    let issued = today().checked_sub_months(Months::new(24)).unwrap();
    let expires = issued.checked_add_months(Months::new(120)).unwrap();
    json!({
        "relationship": "holder",
        "given_names": "María José",
        "surnames": "Pérez Gómez",
        "birth_date": "1990-05-17",
        "birth_country": "COL",
        "sex": "female",
        "nationality": "COL",
        "document_type": "passport",
        "classification": "ordinary",
        "issuing_country": "COL",
        "document_number": "AB123456",
        "document_number_confirmation": "ab123456",
        "issue_date": issued,
        "issue_date_confirmation": issued,
        "expiry_date": expires,
        "expiry_date_confirmation": expires,
        "captcha": app.captcha_answer().await,
    })
}

pub(crate) async fn traveler(app: &TestApp, email: &str) -> String {
    app.active_account(email).await;
    app.logged_in(email, PASSWORD).await.0
}

pub(crate) async fn register(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.send_as(reqwest::Method::POST, "/api/v1/documents", token, &body)
        .await
}

pub(crate) async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.get_as(path, token).await
}

#[tokio::test]
async fn a_registered_passport_is_listed_as_vigente_with_its_data() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let response = app
        .register_document(&token, &passport_request(&app).await)
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["document_number"], "AB123456");
    assert_eq!(created["status"], "valid");

    let list: Value = get(&app, &token, "/api/v1/documents")
        .await
        .json()
        .await
        .unwrap();
    let documents = list["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["id"], created["id"]);
    assert_eq!(documents[0]["surnames"], "Pérez Gómez");

    let one = get(
        &app,
        &token,
        &format!("/api/v1/documents/{}", created["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(one.status(), 200);
    assert_eq!(one.json::<Value>().await.unwrap()["issuing_country"], "COL");
}

#[tokio::test]
async fn every_broken_document_rule_is_a_422_and_nothing_is_stored() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let near_expiry = today().checked_add_months(Months::new(5)).unwrap();
    let expired = today().pred_opt().unwrap();
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"expiry_date": near_expiry, "expiry_date_confirmation": near_expiry}),
            "expiry_date",
            "insufficient_validity",
        ),
        (
            json!({"expiry_date": expired, "expiry_date_confirmation": expired}),
            "expiry_date",
            "document_expired",
        ),
        (
            json!({"document_number_confirmation": "AB123457"}),
            "document_number_confirmation",
            "confirmation_mismatch",
        ),
        (
            json!({"issue_date_confirmation": "2020-01-01"}),
            "issue_date_confirmation",
            "confirmation_mismatch",
        ),
        (
            json!({"expiry_date_confirmation": null}),
            "expiry_date_confirmation",
            "confirmation_mismatch",
        ),
        (
            json!({"nationality": "MEX"}),
            "nationality",
            "nationality_not_in_document",
        ),
        (
            json!({"classification": "secret"}),
            "classification",
            "unknown_option",
        ),
        (json!({"relationship": ""}), "relationship", "required"),
        (
            json!({"document_number": "AB-12#", "document_number_confirmation": "AB-12#"}),
            "document_number",
            "invalid_document_number",
        ),
        (
            json!({"birth_date": "1991-01-01"}),
            "birth_date",
            "holder_birth_date_mismatch",
        ),
    ];
    for (changes, field, code) in cases {
        let mut body = passport(&app).await;
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = register(&app, &token, &body).await;
        assert_eq!(response.status(), 422, "{changes}");
        let codes = field_codes(&error_body(response).await);
        assert!(
            codes.contains(&(field.to_owned(), code.to_owned())),
            "{changes}: {codes:?}"
        );
    }
    assert_eq!(app.count("travel_documents").await, 0);
}

#[tokio::test]
async fn a_relatives_passport_needs_no_matching_birth_date() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let mut request = passport_request(&app).await;
    request.relationship = "child".into();
    request.given_names = "Lucía".into();
    request.birth_date = NaiveDate::from_ymd_opt(2015, 3, 2);
    assert_eq!(app.register_document(&token, &request).await.status(), 201);
}

#[tokio::test]
async fn one_account_registers_a_passport_once_but_another_account_may_too() {
    let app = spawn_app().await;
    let ana = traveler(&app, "ana@example.com").await;
    assert_eq!(
        app.register_document(&ana, &passport_request(&app).await)
            .await
            .status(),
        201
    );
    let mut again = passport_request(&app).await;
    again.document_number = "ab 123456".into();
    let response = app.register_document(&ana, &again).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![(
            "document_number".into(),
            "document_already_registered".into()
        )]
    );

    let luis = traveler(&app, "luis@example.com").await;
    let mut relative = passport_request(&app).await;
    relative.relationship = "spouse".into();
    assert_eq!(app.register_document(&luis, &relative).await.status(), 201);
    assert_eq!(app.count("travel_documents").await, 2);
}

#[tokio::test]
async fn another_accounts_document_is_a_404_everywhere() {
    let app = spawn_app().await;
    let ana = traveler(&app, "ana@example.com").await;
    let created: Value = app
        .register_document(&ana, &passport_request(&app).await)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let luis = traveler(&app, "luis@example.com").await;
    for path in [
        format!("/api/v1/documents/{id}"),
        format!("/api/v1/documents/{id}/services"),
    ] {
        let response = get(&app, &luis, &path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_body(response).await["code"], "not_found");
    }
    let delete = app
        .delete_as(&format!("/api/v1/documents/{id}"), &luis)
        .await;
    assert_eq!(delete.status(), 404);
    assert_eq!(
        get(&app, &luis, "/api/v1/documents")
            .await
            .json::<Value>()
            .await
            .unwrap()["documents"],
        json!([])
    );
    assert_eq!(
        get(&app, &ana, "/api/v1/documents/not-a-uuid")
            .await
            .status(),
        404
    );
    assert_eq!(app.count("travel_documents").await, 1);
}

#[tokio::test]
async fn documents_need_a_session() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/documents"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = app
        .client
        .post(app.url("/api/v1/documents"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_owner_deletes_a_document() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let created: Value = app
        .register_document(&token, &passport_request(&app).await)
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());
    let delete = app.delete_as(&path, &token).await;
    assert_eq!(delete.status(), 204);
    assert_eq!(get(&app, &token, &path).await.status(), 404);
    assert_eq!(app.count("travel_documents").await, 0);
}

#[tokio::test]
async fn services_follow_nationality_and_status() {
    let app = spawn_app().await;
    let token = traveler(&app, "ana@example.com").await;
    let colombian: Value = app
        .register_document(&token, &passport_request(&app).await)
        .await
        .json()
        .await
        .unwrap();
    let mut venezuelan = passport_request(&app).await;
    venezuelan.relationship = "spouse".into();
    venezuelan.nationality = "VEN".into();
    venezuelan.issuing_country = "VEN".into();
    let venezuelan: Value = app
        .register_document(&token, &venezuelan)
        .await
        .json()
        .await
        .unwrap();

    let available = |services: &Value| -> Vec<String> {
        services["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["available"] == true)
            .map(|s| s["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let path = |doc: &Value| format!("/api/v1/documents/{}/services", doc["id"].as_str().unwrap());
    let services: Value = get(&app, &token, &path(&colombian))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(available(&services), vec!["pre_registro", "citas"]);
    assert!(
        services["notes_es"][0]
            .as_str()
            .unwrap()
            .contains("mexicana")
    );
    let services: Value = get(&app, &token, &path(&venezuelan))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(available(&services), vec!["citas"]);

    // Time passes: the Colombian passport expires and can start nothing.
    use sea_orm::ConnectionTrait as _;
    let backend = app.db.get_database_backend();
    let placeholder = if backend == sea_orm::DatabaseBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    app.db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE travel_documents SET expiry_date = {placeholder} WHERE nationality = 'COL'"
            ),
            [today().pred_opt().unwrap().into()],
        ))
        .await
        .unwrap();
    let services: Value = get(&app, &token, &path(&colombian))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(services["document"]["status"], "expired");
    assert!(available(&services).is_empty());
}
