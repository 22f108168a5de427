//! SMTP down for minutes (issue 6, part 6), in real time: emails queued while nothing
//! listens on the SMTP port are tried and fail on the worker's backoff (10 s, 20 s, 40 s, …);
//! once an SMTP server listens again every one is delivered, each exactly once, without
//! anyone touching the portal or the outbox.
//!
//! `cargo build -p portal-api --bin portal && cargo bench -p portal-api --bench smtp_outage`
//! (`SMTP_OUTAGE_SECONDS`, default 180; `SMTP_OUTAGE_EMAILS`, default 50; `PORTAL_BIN`;
//! `PORTAL_BENCH_POSTGRES_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_persistence::outbox;
use std::time::{Duration, Instant};

#[path = "../tests/api/smtp_sink.rs"]
mod smtp_sink;
mod support;
use support::{
    BenchDatabase, create_account, env_number, portal_binary, process_env, start, wait_ready,
};

fn main() {
    support::run(bench());
}

async fn bench() {
    let outage = env_number("SMTP_OUTAGE_SECONDS", 180);
    let count = env_number("SMTP_OUTAGE_EMAILS", 50);
    let database = BenchDatabase::create("portal_smtp").await;
    let data_dir = tempfile::tempdir().unwrap();
    let smtp_port = support::free_port();
    let (address, mut env) = process_env(&database.url, data_dir.path());
    env.extend(
        [
            ("PORTAL_SMTP_HOST", "127.0.0.1".to_owned()),
            ("PORTAL_SMTP_PORT", smtp_port.to_string()),
            ("PORTAL_SMTP_TLS", "none".to_owned()),
        ]
        .map(|(k, v)| (k.to_owned(), v)),
    );
    let mut portal = start(&portal_binary("debug"), &env);
    wait_ready(&address);
    let db = portal_persistence::connect(&database.url, 2).await.unwrap();
    let client = reqwest::Client::new();
    let recipients: Vec<String> = (0..count)
        .map(|n| format!("viajero{n}@example.com"))
        .collect();
    for recipient in &recipients {
        create_account(&client, &address, recipient).await;
    }
    println!("{count} activation emails queued; SMTP down for {outage} s…");
    tokio::time::sleep(Duration::from_secs(u64::try_from(outage).unwrap())).await;
    let mut attempts = 0;
    for recipient in &recipients {
        for email in outbox::for_recipient(&db, recipient).await.unwrap() {
            assert!(
                email.sent_at.is_none(),
                "nothing can be sent while SMTP is down"
            );
            attempts += email.attempts;
        }
    }
    let (_, received) = smtp_sink::start_smtp_sink(smtp_port).await;
    let back = Instant::now();
    let deadline = back + Duration::from_secs(35 * 60);
    while outbox::pending_count(&db).await.unwrap() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let delivered_after = back.elapsed().as_secs_f64();
    // Anything sent twice would arrive now.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let messages = received.lock().await;
    let once = recipients
        .iter()
        .filter(|r| {
            messages
                .iter()
                .filter(|m| m.contains(&format!("To: {r}")))
                .count()
                == 1
        })
        .count();
    println!(
        "{attempts} failed attempts during the outage ({:.1} per email); SMTP back: all delivered {delivered_after:.0} s later; {} messages received, {once} of {count} recipients got exactly one",
        f64::from(attempts) / count as f64,
        messages.len(),
    );
    let ok = once == count && messages.len() == count;
    println!("{}", if ok { "PASS" } else { "FAIL" });
    portal.kill().ok();
    portal.wait().ok();
    drop(db);
    database.drop_unless("SMTP_OUTAGE_KEEP_DATABASE").await;
    assert!(ok);
}
