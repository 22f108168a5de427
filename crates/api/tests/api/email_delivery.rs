use crate::helpers::{TestOptions, spawn_app, spawn_app_with};
use std::time::Duration;

#[tokio::test]
async fn the_worker_writes_each_email_as_an_eml_file_in_the_outbox_folder() {
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    let outbox = app.data_dir.path().join("outbox");
    let mut found = None;
    for _ in 0..100 {
        if let Ok(entries) = std::fs::read_dir(&outbox) {
            found = entries
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "eml"));
            if found.is_some() {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let file = found.expect("an .eml file within 10 s");
    let text = std::fs::read_to_string(file.path()).unwrap();
    assert!(text.contains("To: ana@example.com"));
    assert!(text.contains("multipart/alternative"));
    let emails = app.emails_to("ana@example.com").await;
    assert!(emails[0].sent_at.is_some());
}

#[tokio::test]
async fn when_the_smtp_server_is_down_requests_still_succeed_and_emails_wait_for_a_retry() {
    // A port nobody listens on: bind, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(TestOptions {
        smtp_port: Some(port),
        ..TestOptions::default()
    })
    .await;
    assert_eq!(app.create_account("ana@example.com").await.status(), 202);
    let mut attempted = None;
    for _ in 0..100 {
        let emails = app.emails_to("ana@example.com").await;
        if emails.first().is_some_and(|e| e.attempts > 0) {
            attempted = emails.into_iter().next();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let email = attempted.expect("a delivery attempt within 10 s");
    assert!(email.sent_at.is_none());
    assert!(email.last_error.is_some());
    assert_eq!(email.kind, "activation");
}
