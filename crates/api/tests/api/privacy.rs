use crate::helpers::{PASSWORD, error_body, field_codes, passport_request, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn the_holder_downloads_all_their_data_without_secrets() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (token, _) = app.logged_in("ana@example.com", PASSWORD).await;
    let response = app.get_as("/api/v1/me/export", &token).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = response.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["account"]["email"], "ana@example.com");
    assert_eq!(export["documents"], json!([]));
    assert!(!text.contains("argon2"), "no password hash in the export");
}

#[tokio::test]
async fn the_holder_deletes_the_account_with_its_password_and_everything_goes() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (token, refresh) = app.logged_in("ana@example.com", PASSWORD).await;
    let registered = app
        .register_document(&token, &passport_request(&app).await)
        .await;
    assert_eq!(registered.status(), 201);
    let export: Value = app
        .get_as("/api/v1/me/export", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["documents"][0]["document_number"], "AB123456");
    let wrong = app.delete_account(&token, "Otra2026!x").await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        field_codes(&error_body(wrong).await),
        vec![("password".into(), "wrong_current_password".into())]
    );
    assert_eq!(app.count("accounts").await, 1);

    let done = app.delete_account(&token, PASSWORD).await;
    assert_eq!(done.status(), 204);
    for table in [
        "accounts",
        "sessions",
        "refresh_tokens",
        "account_tokens",
        "travel_documents",
        "outbox_emails",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert_eq!(app.get_me(&token).await.status(), 401);
    assert_eq!(app.refresh(&refresh).await.status(), 401);
    assert_eq!(app.login("ana@example.com", PASSWORD).await.status(), 401);
    // The email is free again.
    assert_eq!(app.create_account("ana@example.com").await.status(), 202);
    assert_eq!(app.emails_to("ana@example.com").await[0].kind, "activation");
}
