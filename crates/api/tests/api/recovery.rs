use crate::helpers::{PASSWORD, error_body, spawn_app};
use portal_shared::accounts::{PasswordResetRequest, RecoveryKind};
use serde_json::{Value, json};

async fn recover(app: &crate::helpers::TestApp, kind: &str, email: &str) -> reqwest::Response {
    let kind = RecoveryKind::parse(kind).expect("a recovery kind");
    app.request_recovery(kind, email).await
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_once_and_ends_open_sessions() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (access, _) = app.logged_in("ana@example.com", PASSWORD).await;

    assert_eq!(
        recover(&app, "password_reset", "ana@example.com")
            .await
            .status(),
        202
    );
    let token = app
        .token_from_email("ana@example.com", "password_reset")
        .await;

    let weak = app.reset_password(&token, "debil").await;
    assert_eq!(weak.status(), 422);
    assert_eq!(error_body(weak).await["code"], "validation_failed");

    let response = app.reset_password(&token, "Nueva2026#").await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.get_me(&access).await.status(), 401, "open sessions end");
    assert_eq!(
        app.login("ana@example.com", "Nueva2026#").await.status(),
        200
    );

    let reused = app.reset_password(&token, "Otra2026#x").await;
    assert_eq!(reused.status(), 422);
    assert_eq!(error_body(reused).await["code"], "token_invalid");
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    recover(&app, "password_reset", "ana@example.com").await;
    let token = app
        .token_from_email("ana@example.com", "password_reset")
        .await;
    app.expire(
        "account_tokens",
        "purpose = 'password_reset'",
        chrono::Duration::seconds(1),
    )
    .await;
    let response = app
        .post_json(
            "/api/v1/accounts/password-reset",
            &PasswordResetRequest {
                token: token.clone(),
                password: "Nueva2026#".into(),
                password_confirmation: "Nueva2026#".into(),
            },
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.login("ana@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn unknown_emails_get_the_same_answer_and_no_email() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let known: Value = recover(&app, "password_reset", "ana@example.com")
        .await
        .json()
        .await
        .unwrap();
    let unknown = recover(&app, "password_reset", "nadie@example.com").await;
    assert_eq!(unknown.status(), 202);
    assert_eq!(known, unknown.json::<Value>().await.unwrap());
    assert!(app.emails_to("nadie@example.com").await.is_empty());
}

#[tokio::test]
async fn the_activation_link_is_resent_only_while_the_account_is_not_active() {
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    let first = app.token_from_email("ana@example.com", "activation").await;
    assert_eq!(
        recover(&app, "resend_activation", "ana@example.com")
            .await
            .status(),
        202
    );
    let second = app.token_from_email("ana@example.com", "activation").await;
    assert_ne!(first, second);
    assert_eq!(
        app.activate(&first).await.status(),
        422,
        "only the newest link works"
    );
    assert_eq!(app.activate(&second).await.status(), 200);

    let before = app.emails_to("ana@example.com").await.len();
    assert_eq!(
        recover(&app, "resend_activation", "ana@example.com")
            .await
            .status(),
        202
    );
    assert_eq!(
        app.emails_to("ana@example.com").await.len(),
        before,
        "no link for an active account"
    );
}

#[tokio::test]
async fn recovery_checks_its_fields_and_is_rate_limited_per_email() {
    let app = spawn_app().await;
    let bad = recover(&app, "password_reset", "no-es-correo").await;
    assert_eq!(bad.status(), 422);
    let bad_kind = app
        .post_json("/api/v1/accounts/recovery", &json!({ "kind": "everything", "email": "a@b.mx", "captcha": app.captcha_answer().await }))
        .await;
    assert_eq!(bad_kind.status(), 400);
    for _ in 0..3 {
        assert_eq!(
            recover(&app, "password_reset", "ana@example.com")
                .await
                .status(),
            202
        );
    }
    let limited = recover(&app, "password_reset", "ana@example.com").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn recovery_requests_from_one_address_are_rate_limited() {
    let app = spawn_app().await;
    for n in 0..10 {
        let response = recover(&app, "password_reset", &format!("persona{n}@example.com")).await;
        assert_eq!(response.status(), 202, "request {n}");
    }
    let limited = recover(&app, "password_reset", "otra@example.com").await;
    assert_eq!(limited.status(), 429);
    assert_eq!(error_body(limited).await["code"], "rate_limited");
}
