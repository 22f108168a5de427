use crate::helpers::{TestOptions, spawn_app, spawn_app_with};
use crate::smtp_sink::start_smtp_sink;
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
    let (_, app) = app_with_smtp_down().await;
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

#[tokio::test]
async fn emails_go_out_through_a_real_smtp_server_when_one_is_configured() {
    let (port, received) = start_smtp_sink(0).await;
    let app = spawn_app_with(TestOptions {
        smtp_port: Some(port),
        ..TestOptions::default()
    })
    .await;
    assert_eq!(app.create_account("ana@example.com").await.status(), 202);
    let mut delivered = false;
    for _ in 0..100 {
        if app
            .emails_to("ana@example.com")
            .await
            .first()
            .is_some_and(|e| e.sent_at.is_some())
        {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(delivered, "the outbox row is marked sent within 10 s");
    let messages = received.lock().await;
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: ana@example.com"));
    assert!(
        messages[0].contains("activar#token="),
        "the activation link travels in the message"
    );
}

#[tokio::test]
async fn emails_queued_while_smtp_is_down_are_all_delivered_once_and_only_once_when_it_is_back() {
    let (port, app) = app_with_smtp_down().await;
    let recipients: Vec<String> = (0..5).map(|n| format!("viajero{n}@example.com")).collect();
    for recipient in &recipients {
        assert_eq!(app.create_account(recipient).await.status(), 202);
    }
    // Each is tried and fails while nothing listens.
    let mut emails = Vec::new();
    for _ in 0..150 {
        emails.clear();
        for recipient in &recipients {
            emails.extend(app.emails_to(recipient).await);
        }
        if emails.len() == 5 && emails.iter().all(|e| e.attempts > 0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(emails.iter().all(|e| e.attempts > 0 && e.sent_at.is_none()));

    // The server comes back; the backoff has passed (made due now instead of waiting).
    let (_, received) = start_smtp_sink(port).await;
    for email in &emails {
        portal_persistence::outbox::retry_now(&app.db, email.id, chrono::Utc::now())
            .await
            .unwrap();
    }
    let mut sent = 0;
    for _ in 0..150 {
        sent = 0;
        for recipient in &recipients {
            sent += app
                .emails_to(recipient)
                .await
                .iter()
                .filter(|e| e.sent_at.is_some())
                .count();
        }
        if sent == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent, 5, "every queued email delivered");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = received.lock().await;
    assert_eq!(messages.len(), 5, "each delivered once");
    for recipient in &recipients {
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.contains(&format!("To: {recipient}")))
                .count(),
            1
        );
    }
}

/// The app sending email through a port of 127.0.0.1 nobody listens on (bound, noted,
/// closed), and that port.
async fn app_with_smtp_down() -> (u16, crate::helpers::TestApp) {
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
    (port, app)
}
