//! The client address behind a proxy: the rate limits and the request log use the
//! right-most `X-Forwarded-For` hop outside `PORTAL_TRUSTED_PROXIES`, and ignore the
//! header when no proxy is trusted.

use crate::helpers::{TestApp, TestOptions, error_body, spawn_app, spawn_app_with};
use portal_shared::accounts::{RecoveryKind, RecoveryRequest};

/// A recovery request (10 per address and hour) arriving with `forwarded_for`.
async fn recover_forwarded(app: &TestApp, email: &str, forwarded_for: &str) -> reqwest::Response {
    let body = RecoveryRequest {
        kind: RecoveryKind::PasswordReset,
        email: email.into(),
        captcha: app.captcha_answer().await,
    };
    app.client
        .post(app.url("/api/v1/accounts/recovery"))
        .header("X-Forwarded-For", forwarded_for)
        .json(&body)
        .send()
        .await
        .expect("request")
}

fn behind_loopback_proxy() -> TestOptions {
    TestOptions {
        settings: vec![("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32, ::1".to_owned())],
        ..TestOptions::default()
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let app = spawn_app_with(behind_loopback_proxy()).await;
    for n in 0..10 {
        // The left-most hop is whatever the client wrote; the proxy appended the real one.
        let hops = format!("10.9.9.{n}, 203.0.113.7");
        let response = recover_forwarded(&app, &format!("p{n}@example.com"), &hops).await;
        assert_eq!(response.status(), 202, "request {n}");
    }
    let limited = recover_forwarded(&app, "q@example.com", "1.1.1.1, 203.0.113.7").await;
    assert_eq!(
        limited.status(),
        429,
        "the same client, whatever it wrote first"
    );
    assert_eq!(error_body(limited).await["code"], "rate_limited");

    let other = recover_forwarded(&app, "r@example.com", "203.0.113.8").await;
    assert_eq!(other.status(), 202, "another client behind the same proxy");
}

#[tokio::test]
async fn with_no_trusted_proxy_a_forwarded_address_does_not_escape_the_limit() {
    let app = spawn_app().await;
    for n in 0..10 {
        let response = recover_forwarded(
            &app,
            &format!("p{n}@example.com"),
            &format!("203.0.113.{n}"),
        )
        .await;
        assert_eq!(response.status(), 202, "request {n}");
    }
    let limited = recover_forwarded(&app, "q@example.com", "198.51.100.99").await;
    assert_eq!(
        limited.status(),
        429,
        "the header is ignored: every request is 127.0.0.1"
    );
}

/// The `http.client_ip` of the logged request to `path`.
fn logged_client_ips(lines: &[String], path: &str) -> Vec<String> {
    lines
        .iter()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| event["span"]["http.target"] == path)
        .filter_map(|event| event["span"]["http.client_ip"].as_str().map(str::to_owned))
        .collect()
}

async fn logged_address_of_a_forwarded_request(trusted: &str) -> Vec<String> {
    let app = spawn_app().await;
    let log = app.data_dir.path().join("portal.log");
    let process = app
        .start_portal_process_with(&[("PORTAL_TRUSTED_PROXIES", trusted)], Some(log))
        .await;
    let response = app
        .client
        .get(format!("{}/api/v1/keys", process.address))
        .header("X-Forwarded-For", "198.51.100.23")
        .send()
        .await
        .expect("request");
    assert!(response.status().is_success());
    let mut ips = Vec::new();
    for _ in 0..50 {
        ips = logged_client_ips(&process.log_lines(), "/api/v1/keys");
        if !ips.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    ips
}

#[tokio::test]
async fn the_request_log_names_the_forwarded_client_only_behind_a_trusted_proxy() {
    let untrusted = logged_address_of_a_forwarded_request("").await;
    assert!(!untrusted.is_empty(), "the request was logged");
    assert!(
        untrusted.iter().all(|ip| ip == "127.0.0.1"),
        "a made-up forwarded address is not logged: {untrusted:?}"
    );

    let trusted = logged_address_of_a_forwarded_request("127.0.0.1").await;
    assert!(
        !trusted.is_empty() && trusted.iter().all(|ip| ip == "198.51.100.23"),
        "{trusted:?}"
    );
}
