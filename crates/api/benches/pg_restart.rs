//! PostgreSQL restarted mid-load (issue 6, part 6): clients read the history and save
//! wizard steps back to back while the database server is restarted; the portal keeps
//! running, answers every request while the database is away (an error, never a hang),
//! and answers them all successfully again once it is back, without a restart of its own.
//!
//! `cargo bench -p portal-api --bench pg_restart` — it RESTARTS the PostgreSQL server at
//! `PORTAL_BENCH_POSTGRES_URL` (default 127.0.0.1:5432) with `PG_RESTART_COMMAND` (default
//! `pg_ctlcluster --skip-systemctl-redirect <first version in /etc/postgresql> main
//! restart`): do not run it while something else uses that server. `PG_RESTART_SECONDS`
//! (30) of load, the restart 5 s in; `PG_RESTART_CLIENTS` (8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;
use support::{env_number, ready_draft, sign_up, start_portal, trip_json};

fn main() {
    support::run(bench());
}

fn restart_command() -> String {
    std::env::var("PG_RESTART_COMMAND").unwrap_or_else(|_| {
        let version = std::fs::read_dir("/etc/postgresql")
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .unwrap_or_else(|| "15".to_owned());
        format!("pg_ctlcluster --skip-systemctl-redirect {version} main restart")
    })
}

/// One request: when it left (seconds from the start), how long it took, its status (0: no
/// answer).
struct Sample {
    at: f64,
    ms: f64,
    status: u16,
}

async fn bench() {
    let seconds = env_number("PG_RESTART_SECONDS", 30);
    let clients = env_number("PG_RESTART_CLIENTS", 8);
    let started = start_portal().await;
    let portal = Arc::new(sign_up(&started.address, &started.db).await);
    let draft = ready_draft(&portal, 1).await;

    let start = Instant::now();
    let until = start + Duration::from_secs(u64::try_from(seconds).unwrap());
    let mut workers = Vec::new();
    for c in 0..clients {
        let (portal, draft) = (portal.clone(), draft.clone());
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut n = c;
            while Instant::now() < until {
                let request = if n % 4 == 0 {
                    portal
                        .client
                        .put(portal.url(&format!("/api/v1/preregistrations/{draft}/trip")))
                        .json(&trip_json())
                } else {
                    portal.client.get(portal.url("/api/v1/preregistrations"))
                };
                let sent = Instant::now();
                let status = match request
                    .bearer_auth(&portal.token)
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await
                {
                    Ok(response) => response.status().as_u16(),
                    Err(_) => 0,
                };
                samples.push(Sample {
                    at: (sent - start).as_secs_f64(),
                    ms: sent.elapsed().as_secs_f64() * 1e3,
                    status,
                });
                n += clients;
                if status != 200 {
                    // As a browser would: not a tight loop against an error.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            samples
        }));
    }

    tokio::time::sleep(Duration::from_secs(5)).await;
    let command = restart_command();
    println!("restarting PostgreSQL: {command}");
    let restart_began = start.elapsed().as_secs_f64();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .args(["-c", &command])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let restart_ended = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut samples = Vec::new();
    for worker in workers {
        samples.extend(worker.await.unwrap());
    }
    samples.sort_by(|a, b| a.at.total_cmp(&b.at));
    let failed: Vec<&Sample> = samples.iter().filter(|s| s.status != 200).collect();
    let mut statuses: Vec<u16> = failed.iter().map(|s| s.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    let last_failure = failed.last().map_or(0.0, |s| s.at);
    let slowest = samples.iter().map(|s| s.ms).fold(0.0, f64::max);
    let after: Vec<&Sample> = samples.iter().filter(|s| s.at > last_failure).collect();
    println!(
        "{} requests from {clients} clients over {seconds} s; PostgreSQL restarted from {restart_began:.1} s to {restart_ended:.1} s",
        samples.len()
    );
    println!(
        "{} answered with an error while it was away (statuses {statuses:?}), the first at {:.1} s, the last at {last_failure:.1} s ({:.1} s after the restart command returned); slowest answer {slowest:.0} ms",
        failed.len(),
        failed.first().map_or(0.0, |s| s.at),
        last_failure - restart_ended,
    );
    println!(
        "after the last error: {} requests, all 200, until the end (the portal was not restarted)",
        after.len()
    );
    // Everything succeeds again on its own soon after the database is back, and nothing
    // ever hung.
    let ok = last_failure - restart_ended < 5.0 && after.len() > 100 && slowest < 30_000.0;
    println!("{}", if ok { "PASS" } else { "FAIL" });
    drop(portal);
    started.finish("PG_RESTART_KEEP_DATABASE").await;
    assert!(ok);
}
