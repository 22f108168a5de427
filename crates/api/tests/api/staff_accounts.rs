//! Staff accounts (officers and operators): failures slow down the address that makes
//! them instead of locking the account, sessions end after 30 idle minutes and 12 hours,
//! the operator disables an account (its sessions end at once) and is the only way to a
//! new password.

use crate::helpers::{
    PASSWORD, TestApp, TestOptions, error_body, refresh_cookie_value, spawn_app, spawn_app_with,
};
use crate::officers::{STAFF_PASSWORD, officer};
use chrono::Duration;
use portal_shared::accounts::RecoveryKind;
use portal_shared::sessions::LoginRequest;

const OFFICER: &str = "agente@inm.example.mx";

async fn login_from(
    app: &TestApp,
    email: &str,
    password: &str,
    address: &str,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sessions"))
        .header("X-Forwarded-For", address)
        .json(&LoginRequest {
            email: email.into(),
            password: password.into(),
        })
        .send()
        .await
        .unwrap()
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_stranger_failing_an_officers_password_cannot_lock_the_officer_out() {
    let app = spawn_app_with(TestOptions {
        settings: vec![("PORTAL_TRUSTED_PROXIES", "127.0.0.1".to_owned())],
        ..TestOptions::default()
    })
    .await;
    officer(&app).await;
    for _ in 0..5 {
        let failed = login_from(&app, OFFICER, "Adivina#2026", "203.0.113.66").await;
        assert_eq!(failed.status(), 401);
    }
    let slowed = login_from(&app, OFFICER, "Adivina#2026", "203.0.113.66").await;
    assert_eq!(slowed.status(), 429, "the stranger waits");
    let own = login_from(&app, OFFICER, STAFF_PASSWORD, "198.51.100.10").await;
    assert_eq!(
        own.status(),
        202,
        "the officer, elsewhere, is not locked out (and goes on to the second step)"
    );
}

#[tokio::test]
async fn each_further_failure_from_an_address_doubles_its_wait() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    for _ in 0..5 {
        assert_eq!(
            app.login("ana@example.com", "Mala2026!!").await.status(),
            401
        );
    }
    for expected in [1, 2, 4, 8] {
        let waiting = app.login("ana@example.com", "Mala2026!!").await;
        assert_eq!(waiting.status(), 429);
        assert_eq!(retry_after(&waiting), expected);
        app.clock
            .advance(Duration::seconds(i64::try_from(expected).unwrap()));
        assert_eq!(
            app.login("ana@example.com", "Mala2026!!").await.status(),
            401
        );
    }
    app.clock.advance(Duration::seconds(16));
    assert_eq!(
        app.login("ana@example.com", PASSWORD).await.status(),
        200,
        "never locked"
    );
}

#[tokio::test]
async fn a_staff_session_ends_after_thirty_idle_minutes_or_twelve_hours() {
    let app = spawn_app().await;
    officer(&app).await;
    let (_, idle) = app.logged_in(OFFICER, STAFF_PASSWORD).await;
    app.clock.advance(Duration::minutes(31));
    assert_eq!(app.refresh(&idle).await.status(), 401, "30 idle minutes");

    let (_, mut refresh) = app.logged_in(OFFICER, STAFF_PASSWORD).await;
    for _ in 0..28 {
        app.clock.advance(Duration::minutes(25));
        let renewed = app.refresh(&refresh).await;
        assert_eq!(renewed.status(), 200);
        refresh = refresh_cookie_value(&renewed).unwrap();
    }
    // 11 h 40 min in; the next refresh is past the 12th hour.
    app.clock.advance(Duration::minutes(25));
    assert_eq!(app.refresh(&refresh).await.status(), 401, "12 hours in all");

    app.active_account("ana@example.com").await;
    let (_, traveler) = app.logged_in("ana@example.com", PASSWORD).await;
    app.clock.advance(Duration::hours(13));
    assert_eq!(
        app.refresh(&traveler).await.status(),
        200,
        "travelers keep 7 days"
    );
}

pub async fn operator(app: &TestApp, command: &str, email: &str) -> Result<String, String> {
    let branding = portal_mailer::Branding {
        portal_name: "Portal de Servicios".into(),
        public_url: app.address.clone(),
    };
    portal_api::operator::staff_account_command(&app.db, &branding, command, &[email.to_owned()])
        .await
}

#[tokio::test]
async fn a_disabled_officer_is_logged_out_at_once_and_cannot_log_in_again() {
    let app = spawn_app().await;
    let access = officer(&app).await;
    let (_, refresh) = app.logged_in(OFFICER, STAFF_PASSWORD).await;
    assert_eq!(app.get_me(&access).await.status(), 200);

    let printed = operator(&app, "disable-staff", OFFICER).await.unwrap();
    assert!(printed.contains("disabled"), "{printed}");
    assert_eq!(
        app.get_me(&access).await.status(),
        401,
        "the open session ended"
    );
    assert_eq!(app.refresh(&refresh).await.status(), 401);
    let again = app.login(OFFICER, STAFF_PASSWORD).await;
    assert_eq!(again.status(), 401);
    assert_eq!(error_body(again).await["code"], "invalid_credentials");
    assert!(
        operator(&app, "disable-staff", OFFICER).await.is_err(),
        "already disabled"
    );
    assert!(
        operator(&app, "disable-staff", "ana@example.com")
            .await
            .is_err(),
        "only staff accounts"
    );
}

#[tokio::test]
async fn staff_cannot_ask_for_a_reset_link_and_the_operator_can_send_one() {
    let app = spawn_app().await;
    officer(&app).await;
    assert_eq!(
        app.request_recovery(RecoveryKind::PasswordReset, OFFICER)
            .await
            .status(),
        202,
        "the same answer as for anyone"
    );
    let kinds: Vec<String> = app
        .emails_to(OFFICER)
        .await
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(!kinds.contains(&"password_reset".to_owned()), "{kinds:?}");

    operator(&app, "reset-staff-password", OFFICER)
        .await
        .unwrap();
    let token = app.token_from_email(OFFICER, "password_reset").await;
    assert_eq!(
        app.reset_password(&token, "Nueva#Clave2026").await.status(),
        200
    );
    assert_eq!(app.login(OFFICER, "Nueva#Clave2026").await.status(), 202);
}
