//! Officer lookups — `POST /api/v1/officer/inspections`, the check of a presented QR that
//! loads the pre-registration, opens an inspection and writes its audit record — under an open-loop load on
//! PostgreSQL: requests leave at a fixed rate whether or not earlier ones have answered, and
//! each latency counts from when its request was due (issue 5: p99 ≤ 20 ms at 500/s).
//!
//! `cargo bench -p portal-api --bench officer_lookup` (`OFFICER_BENCH_RATE` requests per
//! second, default 500; `OFFICER_BENCH_SECONDS`, default 10; `OFFICER_BENCH_RECEIPTS`
//! distinct approved pre-registrations, default 50; `PORTAL_BENCH_POSTGRES_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use portal_domain::account::Role;
use serde_json::{Value, json};

mod support;
use support::{env_number, ready_draft_arriving, sign_up, start_portal};

fn main() {
    support::run(bench());
}

async fn bench() {
    let rate = env_number("OFFICER_BENCH_RATE", 500);
    let seconds = env_number("OFFICER_BENCH_SECONDS", 10);
    let receipts = env_number("OFFICER_BENCH_RECEIPTS", 50);
    let started = start_portal().await;
    let portal = sign_up(&started.address, &started.db).await;
    println!("preparing {receipts} approved pre-registrations arriving today…");
    let mut tokens = Vec::new();
    for number in 0..receipts {
        // An inspection opens only on the arrival date.
        let id = ready_draft_arriving(&portal, number, 0).await;
        portal.submit(&id, "bench").await;
        let code = portal
            .send(
                portal
                    .client
                    .get(portal.url(&format!("/api/v1/preregistrations/{id}/receipt"))),
            )
            .await;
        tokens.push(code["token"].as_str().unwrap().to_owned());
    }
    let branding = portal_mailer::Branding {
        portal_name: "Portal de Servicios".into(),
        public_url: started.address.clone(),
    };
    let args: Vec<String> = [
        "--email",
        "agente@inm.example.mx",
        "--given-names",
        "LUCÍA",
        "--surnames",
        "SOTO",
        "--birth-date",
        "1985-04-02",
        "--sex",
        "female",
        "--phone",
        "5512345678",
        "--badge",
        "INM-0042",
        "--port",
        "CUN",
        "--password-stdin",
    ]
    .map(str::to_owned)
    .to_vec();
    portal_api::operator::create_staff_command(
        &started.db,
        &branding,
        Role::Officer,
        &args,
        || Ok("Agente#2026".to_owned()),
    )
    .await
    .unwrap();
    // Staff log in with a second factor: the first login sets up the authenticator.
    let challenge: Value = portal
        .client
        .post(portal.url("/api/v1/sessions"))
        .json(&json!({ "email": "agente@inm.example.mx", "password": "Agente#2026" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = portal_domain::second_factor::TotpSecret::from_base32(
        challenge["enrollment"]["secret"].as_str().unwrap(),
    )
    .unwrap();
    let code = secret.code_at_step(portal_domain::second_factor::totp_step(
        chrono::Utc::now().timestamp(),
    ));
    let login: Value = portal
        .client
        .post(portal.url("/api/v1/sessions/second-factor"))
        .json(&json!({ "challenge": challenge["challenge"], "code": code }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let officer = login["access_token"].as_str().unwrap().to_owned();
    let inspect = move |client: &reqwest::Client, token: &str| {
        client
            .post(format!("{}/api/v1/officer/inspections", portal.address))
            .bearer_auth(&officer)
            .json(&json!({ "token": token }))
    };

    // Warm-up: connections opened, statements prepared.
    for token in tokens.iter().cycle().take(200) {
        let response = inspect(&portal.client, token).send().await.unwrap();
        assert_eq!(response.status(), 201);
    }

    let total = rate * seconds;
    let (samples, elapsed) = support::open_loop(rate, seconds, |n| {
        ((), inspect(&portal.client, &tokens[n % tokens.len()]))
    })
    .await;
    let mut statuses = std::collections::BTreeMap::new();
    for sample in &samples {
        *statuses.entry(sample.status).or_insert(0_u64) += 1;
    }
    assert!(
        samples.iter().all(|s| s.status == 201),
        "every lookup answered 201: {statuses:?}"
    );
    let mut latencies: Vec<f64> = samples.iter().map(|s| s.ms).collect();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "officer lookups at {rate}/s for {seconds} s ({total} requests, {receipts} receipts, PostgreSQL, client and server on the same cores): {:.0}/s answered, median {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 ≤ 20 ms)",
        total as f64 / elapsed,
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
    );
    started.finish("OFFICER_BENCH_KEEP_DATABASE").await;
}
