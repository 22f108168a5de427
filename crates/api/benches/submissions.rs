//! Pre-Registro submissions per second on PostgreSQL, next to a floor handler that performs
//! the same database writes and nothing else, in the same run (issue 4: target ≥ 0.7× the
//! floor).
//!
//! `cargo bench -p portal-api --bench submissions` (PostgreSQL at
//! `PORTAL_BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432`;
//! `SUBMISSION_BENCH_COUNT` drafts per side, default 200; `SUBMISSION_BENCH_CONCURRENCY`
//! requests in flight, default 8). Every draft has three 200 KB attachments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::Utc;
use portal_api::config::Settings;
use portal_api::startup::Application;
use portal_domain::preregistrations::{Decision, PreregistrationStatus};
use portal_mailer::templates::{self, PreregistrationSummary};
use portal_persistence::preregistrations::SubmissionRecord;
use portal_persistence::{ConnectionTrait, DatabaseConnection, outbox, preregistrations};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Instant;
use uuid::Uuid;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Portal {
    address: String,
    client: reqwest::Client,
    token: String,
}

impl Portal {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    async fn captcha(&self) -> Value {
        let challenge: Value = self
            .client
            .get(self.url("/api/v1/captcha"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        json!({ "id": challenge["id"], "answer": "abcde" })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request.bearer_auth(&self.token).send().await.unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{status}: {body}");
        body
    }
}

async fn sign_up(address: &str, db: &DatabaseConnection) -> Portal {
    let mut portal = Portal {
        address: address.to_owned(),
        client: reqwest::Client::new(),
        token: String::new(),
    };
    let email = "bench@example.com";
    let account = json!({
        "given_names": "María José", "surnames": "Pérez Gómez", "birth_date": "1990-05-17",
        "nationality": "COL", "sex": "female", "phone_country_code": "+57", "phone": "3001234567",
        "email": email, "email_confirmation": email,
        "password": "Viaje2026!", "password_confirmation": "Viaje2026!",
        "captcha": portal.captcha().await,
    });
    let created = portal
        .client
        .post(portal.url("/api/v1/accounts"))
        .json(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 202);
    let emails = outbox::for_recipient(db, email).await.unwrap();
    let body = &emails[0].body_text;
    let start = body.find("#token=").unwrap() + "#token=".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    portal
        .client
        .post(portal.url("/api/v1/accounts/activate"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    let login: Value = portal
        .client
        .post(portal.url("/api/v1/sessions"))
        .json(&json!({ "email": email, "password": "Viaje2026!" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    portal.token = login["access_token"].as_str().unwrap().to_owned();
    portal
}

fn in_days(days: u64) -> chrono::NaiveDate {
    portal_shared::dates::mexico_today(Utc::now())
        .checked_add_days(chrono::Days::new(days))
        .unwrap()
}

/// A document with a draft whose four steps are saved, with three 200 KB attachments.
async fn ready_draft(portal: &Portal, number: usize) -> String {
    let today = portal_shared::dates::mexico_today(Utc::now());
    let issued = today.checked_sub_months(chrono::Months::new(24)).unwrap();
    let expires = issued.checked_add_months(chrono::Months::new(120)).unwrap();
    let document_number = format!("BE{number:06}");
    let document = portal
        .send(portal.client.post(portal.url("/api/v1/documents")).json(&json!({
            "relationship": "holder", "given_names": "María José", "surnames": "Pérez Gómez",
            "birth_date": "1990-05-17", "birth_country": "COL", "sex": "female",
            "nationality": "COL", "document_type": "passport", "classification": "ordinary",
            "issuing_country": "COL", "document_number": document_number,
            "document_number_confirmation": document_number,
            "issue_date": issued, "issue_date_confirmation": issued,
            "expiry_date": expires, "expiry_date_confirmation": expires,
            "captcha": portal.captcha().await,
        })))
        .await;
    let draft = portal
        .send(
            portal
                .client
                .post(portal.url("/api/v1/preregistrations"))
                .json(&json!({ "document_id": document["id"], "variant": "none" })),
        )
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let path = |step: &str| portal.url(&format!("/api/v1/preregistrations/{id}/{step}"));
    portal
        .send(portal.client.put(path("trip")).json(&json!({
            "entry_mode": "air", "entry_point": "CUN", "carrier": "AV", "flight_number": "AV 86",
            "arrival_date": in_days(10), "trip_reason": "tourism", "trip_specification": "vacation",
            "destination_state": "ROO", "address_in_mexico": "Hotel Caribe, Blvd. Kukulcán km 9, Cancún",
            "departure_date": in_days(20),
        })))
        .await;
    portal
        .send(portal.client.put(path("additional")).json(&json!({
            "origin_contact_name": "Luis Pérez", "origin_contact_phone_country_code": "+57",
            "origin_contact_phone": "3001234567", "mexico_contact_name": "Hotel Caribe",
            "mexico_contact_phone": "9981234567", "exit_type": "visitor",
        })))
        .await;
    let mut answers = serde_json::Map::new();
    for (code, _, _) in portal_shared::preregistrations::CONTROL_QUESTIONS {
        answers.insert(
            code.to_owned(),
            json!(matches!(code, "return_ticket" | "sufficient_means")),
        );
    }
    portal
        .send(
            portal
                .client
                .put(path("control"))
                .json(&json!({ "answers": answers })),
        )
        .await;
    for kind in ["return_ticket", "lodging", "itinerary"] {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.resize(200 * 1024, b' ');
        let part = reqwest::multipart::Part::bytes(bytes).file_name(format!("{kind}.pdf"));
        portal
            .send(
                portal
                    .client
                    .put(path(&format!("attachments/{kind}")))
                    .multipart(reqwest::multipart::Form::new().part("file", part)),
            )
            .await;
    }
    id
}

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

/// The floor: the database writes of an approved submission — two outbox emails, the
/// decision over the draft, the same-arrival cancellation — in one transaction, behind
/// HTTP, with no authentication, no reads and no rules.
async fn floor_submit(db: web::Data<DatabaseConnection>, id: web::Path<Uuid>) -> HttpResponse {
    let now = Utc::now();
    let branding = portal_mailer::Branding {
        portal_name: "Portal de Servicios".to_owned(),
        public_url: "http://portal.test".to_owned(),
    };
    let summary = PreregistrationSummary {
        given_names: "María José".to_owned(),
        folio: "PR-00000000".to_owned(),
        document_number: "BE000000".to_owned(),
        arrival: "10/12/2026".to_owned(),
        entry_point: "Cancún".to_owned(),
        history_link: "http://portal.test/pre-registro/historial".to_owned(),
    };
    let recipient = "bench@example.com";
    let receipt =
        templates::preregistration_receipt(&branding, recipient, &summary, format!("receipt:{id}"));
    let fmm = templates::preregistration_fmm(&branding, recipient, &summary);
    let tx = portal_persistence::begin_write(db.get_ref()).await.unwrap();
    let receipt_id = outbox::enqueue(&tx, receipt, now).await.unwrap();
    let fmm_id = outbox::enqueue(&tx, fmm, now).await.unwrap();
    let recorded = preregistrations::record_submission(
        &tx,
        *id,
        SubmissionRecord {
            status: PreregistrationStatus::Approved,
            idempotency_key: format!("floor-{id}"),
            decision: Decision {
                rule_version: 1,
                fired_rules: Vec::new(),
                decided_at: now,
            },
            revision: 1,
            receipt_issued_at: Some(now),
            receipt_email_id: Some(receipt_id),
            fmm_email_id: Some(fmm_id),
        },
    )
    .await
    .unwrap();
    preregistrations::cancel_same_arrival(&tx, Uuid::nil(), in_days(10), *id, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    if recorded {
        HttpResponse::Created().finish()
    } else {
        HttpResponse::Conflict().finish()
    }
}

fn main() {
    portal_scan::restart_with_one_openmp_thread();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(bench());
}

async fn bench() {
    let count = env_number("SUBMISSION_BENCH_COUNT", 200);
    let concurrency = env_number("SUBMISSION_BENCH_CONCURRENCY", 8);
    let base = std::env::var("PORTAL_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let name = format!("portal_bench_{}", Uuid::new_v4().simple());
    let admin = portal_persistence::connect(&format!("{base}/postgres"), 1)
        .await
        .expect("PostgreSQL reachable");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let database_url = format!("{base}/{name}");
    let data_dir = tempfile::tempdir().unwrap();
    let mut env: HashMap<String, String> = HashMap::new();
    for (key, value) in [
        ("PORTAL_CONFIG", "/dev/null".to_owned()),
        ("PORTAL_BIND_ADDRESS", "127.0.0.1:0".to_owned()),
        ("PORTAL_PUBLIC_URL", "http://portal.test".to_owned()),
        ("PORTAL_DATA_DIR", data_dir.path().display().to_string()),
        ("PORTAL_DATABASE_URL", database_url.clone()),
        ("PORTAL_DATABASE_MAX_CONNECTIONS", "10".to_owned()),
        (
            "PORTAL_STATIC_DIR",
            data_dir.path().join("none").display().to_string(),
        ),
        ("PORTAL_CAPTCHA_DISABLED", "true".to_owned()),
        // The worker stays out of the measurement: it would deliver (and render) meanwhile.
        ("PORTAL_EMAIL_POLL_SECONDS", "3600".to_owned()),
    ] {
        env.insert(key.to_owned(), value);
    }
    let settings = Settings::from_sources(&env).expect("bench settings");
    let application = Application::build(settings).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let db = portal_persistence::connect(&database_url, 10)
        .await
        .unwrap();

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
    if std::env::var("SUBMISSION_BENCH_KEEP_DATABASE").is_ok() {
        println!("database kept: {database_url}");
        return;
    }
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
}
