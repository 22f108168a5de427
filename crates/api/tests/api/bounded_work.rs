//! What an anonymous request can make the server do: a made-up password-reset link costs
//! a look-up (not a password hash) and is limited per address; logins wait in a bounded
//! queue of their own and are answered 503 with Retry-After when it is full.

use crate::helpers::{PASSWORD, TestOptions, error_body, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_made_up_reset_link_is_refused_without_hashing_a_password() {
    let app = spawn_app().await;
    let before = portal_api::heavy_work::jobs_started();
    for n in 0..5 {
        let response = app
            .reset_password(
                &format!("made-up-token-{n}-aaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                "Nueva2026!x",
            )
            .await;
        assert_eq!(response.status(), 422);
        assert_eq!(error_body(response).await["code"], "token_invalid");
    }
    assert_eq!(
        portal_api::heavy_work::jobs_started(),
        before,
        "no argon2 hash was computed for a link that does not exist"
    );
}

#[tokio::test]
async fn password_reset_attempts_from_one_address_are_limited() {
    let app = spawn_app().await;
    for n in 0..20 {
        let response = app
            .reset_password(&format!("made-up-{n}"), "Nueva2026!x")
            .await;
        assert_eq!(response.status(), 422, "attempt {n}");
    }
    let limited = app.reset_password("made-up-last", "Nueva2026!x").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

/// Holds the logins' only slot (the queue is the process's: nextest runs each test in a
/// process of its own, so it is the one this test's server configured) with a job of `seconds`, returning once it runs.
async fn occupy_the_login_slot(seconds: u64) -> tokio::task::JoinHandle<()> {
    let queue = portal_api::heavy_work::logins();
    let job = tokio::spawn(async move {
        let _ = queue
            .run(move || std::thread::sleep(std::time::Duration::from_secs(seconds)))
            .await;
    });
    while queue.in_line() == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    job
}

#[tokio::test]
async fn a_login_finding_its_queue_full_is_answered_503_with_retry_after_at_once() {
    let app = spawn_app_with(TestOptions {
        settings: vec![("PORTAL_LOGIN_QUEUE_LENGTH", "0".to_owned())],
        ..TestOptions::default()
    })
    .await;
    app.active_account("ana@example.com").await;
    let job = occupy_the_login_slot(3).await;
    let started = std::time::Instant::now();
    let response = app.login("ana@example.com", PASSWORD).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(error_body(response).await["code"], "unavailable");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "answered without waiting"
    );
    job.await.unwrap();
    assert_eq!(
        app.login("ana@example.com", PASSWORD).await.status(),
        200,
        "then it works"
    );
}

#[tokio::test]
async fn a_login_that_would_wait_too_long_is_answered_503() {
    let app = spawn_app_with(TestOptions {
        settings: vec![("PORTAL_LOGIN_QUEUE_WAIT_SECONDS", "1".to_owned())],
        ..TestOptions::default()
    })
    .await;
    app.active_account("ana@example.com").await;
    let job = occupy_the_login_slot(4).await;
    let response = app.login("ana@example.com", PASSWORD).await;
    assert_eq!(response.status(), 503);
    job.await.unwrap();
}
