use crate::helpers::{
    PASSWORD, TestOptions, account_request, error_body, field_codes, spawn_app, spawn_app_with,
};
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};

#[tokio::test]
async fn creating_an_account_answers_202_and_emails_a_single_use_activation_link() {
    let app = spawn_app().await;
    let response = app.create_account("ana@example.com").await;
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("activar"));
    assert!(body["message_en"].as_str().unwrap().contains("activate"));

    let emails = app.emails_to("ana@example.com").await;
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].kind, "activation");
    assert!(
        emails[0]
            .body_text
            .contains("http://portal.test/activar#token=")
    );

    let token = app.token_from_email("ana@example.com", "activation").await;
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    assert_eq!(app.activate(&token).await.status(), 200);
    let again = app.activate(&token).await;
    assert_eq!(again.status(), 422);
    assert_eq!(error_body(again).await["code"], "token_invalid");
}

#[tokio::test]
async fn tokens_are_stored_only_as_digests() {
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    let token = app.token_from_email("ana@example.com", "activation").await;
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT token_digest FROM account_tokens".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    let stored: String = row.try_get("", "token_digest").unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored, portal_domain::secret_token::digest(&token));
}

#[tokio::test]
async fn a_registered_email_gets_the_same_answer_and_its_owner_is_told_by_email() {
    let app = spawn_app().await;
    let first = app.create_account("ana@example.com").await;
    let first_body: Value = first.json().await.unwrap();
    let second = app.create_account("ANA@Example.com").await;
    assert_eq!(second.status(), 202);
    let second_body: Value = second.json().await.unwrap();
    assert_eq!(first_body, second_body);

    assert_eq!(app.count("accounts").await, 1);
    let kinds: Vec<String> = app
        .emails_to("ana@example.com")
        .await
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, vec!["activation", "already_registered"]);
}

#[tokio::test]
async fn every_broken_field_rule_is_a_422_with_that_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("given_names", json!(""), "required"),
        ("surnames", json!("P3rez"), "invalid_characters"),
        ("birth_date", json!(null), "required"),
        ("nationality", json!("ZZZ"), "unknown_country"),
        ("sex", json!("unknown"), "unknown_sex"),
        ("phone_country_code", json!("+0"), "unknown_calling_code"),
        ("phone", json!("12-34"), "invalid_phone"),
        ("email", json!("not-an-email"), "invalid_email"),
        (
            "email_confirmation",
            json!("other@example.com"),
            "confirmation_mismatch",
        ),
        (
            "password",
            json!("viaje2026!"),
            "password_missing_uppercase",
        ),
        (
            "password",
            json!("VIAJE2026!"),
            "password_missing_lowercase",
        ),
        ("password", json!("Viajeros!!"), "password_missing_digit"),
        ("password", json!("Viaje2026a"), "password_missing_special"),
        ("password", json!("Vi2026!"), "password_too_short"),
        (
            "password",
            json!("Viaje.2026!"),
            "password_forbidden_character",
        ),
        (
            "password",
            json!("Viaje2026!ñ"),
            "password_forbidden_character",
        ),
        (
            "password",
            json!("Viaje2026!Ñ"),
            "password_forbidden_character",
        ),
        (
            "password_confirmation",
            json!("Viaje2026@"),
            "confirmation_mismatch",
        ),
    ];
    for (field, value, code) in cases {
        let mut body = serde_json::to_value(account_request(
            "rules@example.com",
            app.captcha_answer().await,
        ))
        .unwrap();
        body[field] = value.clone();
        if field == "email" {
            body["email_confirmation"] = value.clone();
        }
        if field == "password" {
            body["password_confirmation"] = value.clone();
        }
        let response = app.post_json("/api/v1/accounts", &body).await;
        assert_eq!(response.status(), 422, "{field} = {value}");
        let error = error_body(response).await;
        assert_eq!(error["code"], "validation_failed");
        let codes = field_codes(&error);
        assert!(
            codes.contains(&(field.to_owned(), code.to_owned())),
            "{field} = {value}: expected {code}, got {codes:?}"
        );
        let first = &error["fields"][0];
        assert!(
            !first["message"].as_str().unwrap().is_empty()
                && !first["message_en"].as_str().unwrap().is_empty()
        );
    }
    assert_eq!(app.count("accounts").await, 0);
    assert_eq!(app.count("outbox_emails").await, 0);
}

#[tokio::test]
async fn people_under_eighteen_cannot_create_an_account() {
    let app = spawn_app().await;
    let today = chrono::Utc::now().date_naive();
    let mut body = account_request("young@example.com", app.captcha_answer().await);
    body.birth_date = today
        .checked_sub_months(chrono::Months::new(12 * 18))
        .and_then(|d| d.succ_opt());
    let response = app.post_json("/api/v1/accounts", &body).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![("birth_date".into(), "under_age".into())]
    );
    body.birth_date = today.checked_sub_months(chrono::Months::new(12 * 18));
    body.captcha = app.captcha_answer().await;
    assert_eq!(app.post_json("/api/v1/accounts", &body).await.status(), 202);
}

#[tokio::test]
async fn a_wrong_captcha_answer_is_refused_and_the_challenge_cannot_be_retried() {
    let app = spawn_app_with(TestOptions {
        captcha_disabled: false,
        ..TestOptions::default()
    })
    .await;
    let challenge = app.captcha().await;
    assert!(challenge.image_png_base64.len() > 100);
    let mut body = account_request(
        "ana@example.com",
        portal_shared::captcha::CaptchaAnswer {
            id: challenge.id.clone(),
            answer: "wrong!".into(),
        },
    );
    let response = app.post_json("/api/v1/accounts", &body).await;
    assert_eq!(response.status(), 422);
    let error = error_body(response).await;
    assert_eq!(error["code"], "captcha_invalid");
    assert_eq!(
        field_codes(&error),
        vec![("captcha.answer".into(), "captcha_invalid".into())]
    );
    assert_eq!(app.count("accounts").await, 0);

    body.captcha.answer = "abcde".into();
    assert_eq!(
        app.post_json("/api/v1/accounts", &body).await.status(),
        422,
        "a challenge is good for one try"
    );
}

#[tokio::test]
async fn a_captcha_is_single_use_even_when_answer_checking_is_off() {
    let app = spawn_app().await;
    let captcha = app.captcha_answer().await;
    let body = account_request("ana@example.com", captcha.clone());
    assert_eq!(app.post_json("/api/v1/accounts", &body).await.status(), 202);
    let reuse = account_request("otra@example.com", captcha);
    let response = app.post_json("/api/v1/accounts", &reuse).await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_body(response).await["code"], "captcha_invalid");
    let unknown = account_request(
        "otra@example.com",
        portal_shared::captcha::CaptchaAnswer {
            id: uuid::Uuid::new_v4().to_string(),
            answer: "x".into(),
        },
    );
    assert_eq!(
        app.post_json("/api/v1/accounts", &unknown).await.status(),
        422
    );
}

#[tokio::test]
async fn an_expired_captcha_is_refused() {
    let app = spawn_app().await;
    let captcha = app.captcha_answer().await;
    app.expire("captchas", "1 = 1", chrono::Duration::seconds(1))
        .await;
    let response = app
        .post_json(
            "/api/v1/accounts",
            &account_request("ana@example.com", captcha),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_body(response).await["code"], "captcha_invalid");
}

#[tokio::test]
async fn an_expired_activation_link_is_refused() {
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    let token = app.token_from_email("ana@example.com", "activation").await;
    app.expire("account_tokens", "1 = 1", chrono::Duration::seconds(1))
        .await;
    let response = app.activate(&token).await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_body(response).await["code"], "token_invalid");
    assert_eq!(app.login("ana@example.com", PASSWORD).await.status(), 403);
}

#[tokio::test]
async fn an_unknown_activation_token_is_refused() {
    let app = spawn_app().await;
    for token in ["", "nope", &"A".repeat(43)] {
        let response = app.activate(token).await;
        assert_eq!(response.status(), 422, "{token:?}");
    }
}

#[tokio::test]
async fn each_captcha_is_a_fresh_png_that_expires_within_minutes() {
    use base64::Engine;
    let app = spawn_app().await;
    let first = app.captcha().await;
    let second = app.captcha().await;
    assert_ne!(first.id, second.id);
    assert_ne!(first.image_png_base64, second.image_png_base64);
    let png = base64::engine::general_purpose::STANDARD
        .decode(&first.image_png_base64)
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let expires = chrono::DateTime::parse_from_rfc3339(&first.expires_at).unwrap();
    let minutes = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!((1..=5).contains(&minutes), "{minutes}");
}

/// Each creation reads (is the email taken?) and then writes. On SQLite a transaction that
/// only took its write lock at the first write failed at once when another request wrote
/// in between, and the traveler saw a 500.
#[tokio::test]
async fn accounts_created_at_the_same_time_all_succeed() {
    let app = spawn_app().await;
    let emails: Vec<String> = (0..6).map(|n| format!("viajero{n}@example.com")).collect();
    let (a, b, c, d, e, f) = tokio::join!(
        app.create_account(&emails[0]),
        app.create_account(&emails[1]),
        app.create_account(&emails[2]),
        app.create_account(&emails[3]),
        app.create_account(&emails[4]),
        app.create_account(&emails[5]),
    );
    for response in [a, b, c, d, e, f] {
        assert_eq!(response.status(), 202);
    }
    for email in &emails {
        assert_eq!(app.emails_to(email).await.len(), 1, "{email}");
    }
}

#[tokio::test]
async fn captcha_challenges_are_limited_per_address() {
    let app = spawn_app_with(TestOptions {
        captcha_disabled: false,
        ..TestOptions::default()
    })
    .await;
    for n in 0..120 {
        let response = app
            .client
            .get(app.url("/api/v1/captcha"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "challenge {n}");
    }
    let refused = app
        .client
        .get(app.url("/api/v1/captcha"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(error_body(refused).await["code"], "rate_limited");
}

#[tokio::test]
async fn a_common_leaked_password_dressed_up_to_pass_the_rule_is_refused_everywhere() {
    let app = spawn_app().await;
    let mut request = account_request("ana@example.com", app.captcha_answer().await);
    request.password = "Password1!".into();
    request.password_confirmation = "Password1!".into();
    let refused = app.post_json("/api/v1/accounts", &request).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![("password".into(), "password_too_common".into())]
    );
    assert_eq!(app.count("accounts").await, 0);

    app.active_account("ana@example.com").await;
    let (access, _) = app.logged_in("ana@example.com", PASSWORD).await;
    let refused = app.change_password(&access, PASSWORD, "Qwerty123!").await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        field_codes(&error_body(refused).await),
        vec![("new_password".into(), "password_too_common".into())]
    );
    assert_eq!(
        app.login("ana@example.com", PASSWORD).await.status(),
        200,
        "unchanged"
    );
}
