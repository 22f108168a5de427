//! Pre-Registro submissions per second on PostgreSQL, next to a floor handler that performs
//! the same database writes and nothing else, in the same run (issue 4: target ≥ 0.7× the
//! floor).
//!
//! `cargo bench -p portal-api --bench submissions` (PostgreSQL at
//! `PORTAL_BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`;
//! `SUBMISSION_BENCH_COUNT` drafts per side, default 200; `SUBMISSION_BENCH_CONCURRENCY`
//! requests in flight, default 8). Every draft has three 200 KB attachments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::{App, HttpServer, web};
use portal_domain::preregistrations::PreregistrationStatus;
use portal_persistence::preregistrations;
use serde_json::json;
use std::time::Instant;

mod support;
use support::{env_number, floor_submit, ready_draft, sign_up, start_portal};

/// Time and latencies (ms) of the requests sent so far on one side.
#[derive(Default)]
struct Side {
    seconds: f64,
    latencies: Vec<f64>,
}

impl Side {
    /// Submissions per second, median and p95 latency.
    fn figures(&mut self) -> (f64, f64, f64) {
        self.latencies.sort_by(f64::total_cmp);
        let at = |q: f64| self.latencies[((self.latencies.len() - 1) as f64 * q).round() as usize];
        (
            self.latencies.len() as f64 / self.seconds,
            at(0.5),
            at(0.95),
        )
    }
}

/// Sends `requests` with at most `concurrency` in flight, adding to `side`.
async fn run(side: &mut Side, requests: Vec<reqwest::RequestBuilder>, concurrency: usize) {
    let started = Instant::now();
    let queue = std::sync::Arc::new(tokio::sync::Mutex::new(requests));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let queue = queue.clone();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let Some(request) = queue.lock().await.pop() else {
                    return latencies;
                };
                let sent = Instant::now();
                let response = request.send().await.unwrap();
                assert!(response.status().is_success(), "{}", response.status());
                let _ = response.bytes().await;
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    side.seconds += started.elapsed().as_secs_f64();
    side.latencies.extend(latencies);
}

fn main() {
    support::run(bench());
}

async fn bench() {
    let count = env_number("SUBMISSION_BENCH_COUNT", 200);
    let concurrency = env_number("SUBMISSION_BENCH_CONCURRENCY", 8);
    let started = start_portal().await;
    let (address, db) = (started.address.clone(), started.db.clone());

    let floor_db = web::Data::new(db.clone());
    let floor_server = HttpServer::new(move || {
        App::new()
            .app_data(floor_db.clone())
            .route("/floor/{id}", web::post().to(floor_submit))
    })
    .workers(2)
    .bind("127.0.0.1:0")
    .unwrap();
    let floor_address = format!("http://{}", floor_server.addrs()[0]);
    tokio::spawn(floor_server.run());

    let portal = sign_up(&address, &db).await;
    println!(
        "preparing {} drafts with three 200 KB attachments each…",
        2 * count
    );
    let mut drafts = Vec::new();
    for number in 0..2 * count {
        drafts.push(ready_draft(&portal, number).await);
    }
    let (portal_drafts, floor_drafts) = drafts.split_at(count);

    let submit = |id: &String| {
        portal
            .client
            .post(portal.url(&format!("/api/v1/preregistrations/{id}/submission")))
            .bearer_auth(&portal.token)
            .header("Idempotency-Key", format!("bench-{id}"))
            .json(&json!({ "accept_terms": true }))
    };
    let floor = |id: &String| portal.client.post(format!("{floor_address}/floor/{id}"));

    // Alternating rounds, so that both sides meet the database in the same states.
    let rounds = 4;
    let chunk = count.div_ceil(rounds);
    let (mut floor_side, mut portal_side) = (Side::default(), Side::default());
    for (floor_chunk, portal_chunk) in floor_drafts.chunks(chunk).zip(portal_drafts.chunks(chunk)) {
        run(
            &mut floor_side,
            floor_chunk.iter().map(floor).collect(),
            concurrency,
        )
        .await;
        run(
            &mut portal_side,
            portal_chunk.iter().map(submit).collect(),
            concurrency,
        )
        .await;
    }
    let (floor_rate, floor_p50, floor_p95) = floor_side.figures();
    let (rate, p50, p95) = portal_side.figures();
    println!(
        "floor (same writes, nothing else): {floor_rate:.0} submissions/s, median {floor_p50:.1} ms, p95 {floor_p95:.1} ms"
    );
    println!(
        "portal POST …/submission:          {rate:.0} submissions/s, median {p50:.1} ms, p95 {p95:.1} ms"
    );
    println!(
        "ratio: {:.2}× the floor (target ≥ 0.7×); {count} submissions each in {rounds} alternating rounds, {concurrency} in flight, PostgreSQL",
        rate / floor_rate
    );
    let account = portal_persistence::accounts::find_by_email(&db, "bench@example.com")
        .await
        .unwrap()
        .unwrap();
    let approved = preregistrations::list_for_account(&db, account.id)
        .await
        .unwrap()
        .iter()
        .filter(|p| p.status == PreregistrationStatus::Approved)
        .count();
    assert_eq!(
        approved,
        2 * count,
        "every submission was approved and recorded"
    );

    drop(db);
    started.finish("SUBMISSION_BENCH_KEEP_DATABASE").await;
}
