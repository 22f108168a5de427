//! Whether an email's existence leaks through login or account recovery: the answers for
//! a known and an unknown email must be identical in status and body, and their median
//! times within 10 ms (issue 6). Known and unknown requests alternate, one at a time, on
//! PostgreSQL; each request comes from its own loopback address (127.0.0.2 …) and known
//! accounts are spread so that the per-address and per-account limits never answer
//! instead of the code under test.
//!
//! `cargo bench -p portal-api --bench enumeration` (`ENUMERATION_BENCH_SAMPLES` per kind,
//! default 1000; `PORTAL_BENCH_POSTGRES_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

mod support;
use support::{env_number, start_portal};

fn main() {
    support::run(bench());
}

/// Clients bound to 127.0.0.2 … 127.0.0.254.
fn clients() -> Vec<reqwest::Client> {
    (2..=254)
        .map(|last| {
            reqwest::Client::builder()
                .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
                // A new connection per request: an idle one may be closed by the server
                // just as it is reused, and both kinds pay the same connection cost.
                .pool_max_idle_per_host(0)
                .build()
                .unwrap()
        })
        .collect()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn timed(request: reqwest::RequestBuilder) -> (u16, Value, f64) {
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body, started.elapsed().as_secs_f64() * 1e3)
}

async fn bench() {
    let samples = env_number("ENUMERATION_BENCH_SAMPLES", 1000);
    let started = start_portal().await;
    let url = |path: &str| format!("{}{path}", started.address);
    let clients = clients();
    let mut next_client = 0_usize;
    let mut client = || {
        next_client += 1;
        clients[next_client % clients.len()].clone()
    };

    // Known accounts: each takes at most 4 failed logins and 3 recoveries, under its limits.
    let accounts = samples.div_ceil(3);
    println!("creating {accounts} accounts…");
    for n in 0..accounts {
        let email = format!("conocida{n}@example.com");
        support::create_account(&client(), &started.address, &email).await;
    }

    let (mut login_known, mut login_unknown) = (Vec::new(), Vec::new());
    let (mut recovery_known, mut recovery_unknown) = (Vec::new(), Vec::new());
    println!("{samples} logins and {samples} recoveries of each kind, alternating…");
    for n in 0..samples {
        let known = format!("conocida{}@example.com", n % accounts);
        let unknown = format!("nadie{n}@example.com");
        let login = |email: &str, client: reqwest::Client| {
            client
                .post(url("/api/v1/sessions"))
                .json(&json!({ "email": email, "password": "No-es-2026!" }))
        };
        let (status_k, body_k, time_k) = timed(login(&known, client())).await;
        let (status_u, body_u, time_u) = timed(login(&unknown, client())).await;
        assert_eq!(
            (status_k, &body_k),
            (status_u, &body_u),
            "login answers differ"
        );
        assert_eq!(status_k, 401, "{body_k}");
        login_known.push(time_k);
        login_unknown.push(time_u);

        // A fresh challenge each (captcha checking is off, but a challenge is single use).
        let mut recover = async |email: &str| {
            let challenge: Value = client()
                .get(url("/api/v1/captcha"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            client()
                .post(url("/api/v1/accounts/recovery"))
                .json(&json!({
                    "kind": "password_reset", "email": email,
                    "captcha": { "id": challenge["id"], "answer": "abcde" },
                }))
        };
        let known_request = recover(&known).await;
        let unknown_request = recover(&unknown).await;
        let (status_k, body_k, time_k) = timed(known_request).await;
        let (status_u, body_u, time_u) = timed(unknown_request).await;
        assert_eq!(
            (status_k, &body_k),
            (status_u, &body_u),
            "recovery answers differ"
        );
        assert_eq!(status_k, 202, "{body_k}");
        recovery_known.push(time_k);
        recovery_unknown.push(time_u);
    }
    let line = |what: &str, known: &mut Vec<f64>, unknown: &mut Vec<f64>| {
        let (k, u) = (median(known), median(unknown));
        println!(
            "{what}: known email median {k:.2} ms, unknown email median {u:.2} ms, difference {:.2} ms over {} samples each (target ≤ 10 ms; same status and body every time)",
            (k - u).abs(),
            known.len()
        );
    };
    line(
        "login (wrong password)",
        &mut login_known,
        &mut login_unknown,
    );
    line("recovery", &mut recovery_known, &mut recovery_unknown);
    started.finish("ENUMERATION_BENCH_KEEP_DATABASE").await;
}
