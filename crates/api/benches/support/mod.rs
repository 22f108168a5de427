//! What the API benchmarks share: a fresh PostgreSQL database with the real server on it,
//! a signed-up traveler, drafts ready to submit.
#![allow(dead_code)]

use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_api::config::Settings;
use portal_api::startup::Application;
use portal_domain::preregistrations::{Decision, PreregistrationStatus};
use portal_mailer::templates::{self, PreregistrationSummary};
use portal_persistence::preregistrations::{self, SubmissionRecord};
use portal_persistence::{ConnectionTrait, DatabaseConnection, outbox};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub struct Portal {
    pub address: String,
    pub client: reqwest::Client,
    pub token: String,
}

impl Portal {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn captcha(&self) -> Value {
        captcha_answer(&self.client, &self.address).await
    }

    /// Submits the draft `id` (accepting the terms) with the idempotency key `{key}-{id}`.
    pub async fn submit(&self, id: &str, key: &str) -> Value {
        self.send(
            self.client
                .post(self.url(&format!("/api/v1/preregistrations/{id}/submission")))
                .header("Idempotency-Key", format!("{key}-{id}"))
                .json(&json!({ "accept_terms": true })),
        )
        .await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let response = request.bearer_auth(&self.token).send().await.unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{status}: {body}");
        body
    }
}

/// A fresh captcha challenge with an answer (the portal runs with captcha checking off,
/// but the challenge must exist and be unused).
pub async fn captcha_answer(client: &reqwest::Client, address: &str) -> Value {
    let challenge: Value = client
        .get(format!("{address}/api/v1/captcha"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    json!({ "id": challenge["id"], "answer": "abcde" })
}

/// A port of 127.0.0.1 that was free a moment ago (bound, noted, closed).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Signs up `email` (password `Viaje2026!`) with `client`, answering a fresh captcha
/// challenge (the portal runs with captcha checking off); the account waits for its
/// activation email.
pub async fn create_account(client: &reqwest::Client, address: &str, email: &str) {
    let created = client
        .post(format!("{address}/api/v1/accounts"))
        .json(&json!({
            "given_names": "María José", "surnames": "Pérez Gómez", "birth_date": "1990-05-17",
            "nationality": "COL", "sex": "female", "phone_country_code": "+57", "phone": "3001234567",
            "email": email, "email_confirmation": email,
            "password": "Viaje2026!", "password_confirmation": "Viaje2026!",
            "captcha": captcha_answer(client, address).await,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.status(),
        202,
        "the sign-up does not wait for its email"
    );
}

pub async fn sign_up(address: &str, db: &DatabaseConnection) -> Portal {
    sign_up_as(address, db, "bench@example.com").await
}

/// A traveler account for `email`, activated and logged in (password `Viaje2026!`).
pub async fn sign_up_as(address: &str, db: &DatabaseConnection, email: &str) -> Portal {
    let mut portal = Portal {
        address: address.to_owned(),
        client: reqwest::Client::new(),
        token: String::new(),
    };
    create_account(&portal.client, address, email).await;
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

pub fn in_days(days: u64) -> chrono::NaiveDate {
    portal_shared::dates::mexico_today(Utc::now())
        .checked_add_days(chrono::Days::new(days))
        .unwrap()
}

/// Step 1 of the wizard: by air to Cancún in 10 days, for 10 days.
pub fn trip_json() -> Value {
    trip_json_arriving(10)
}

/// Step 1 of the wizard: by air to Cancún in `days` days, for 10 days.
pub fn trip_json_arriving(days: u64) -> Value {
    json!({
        "entry_mode": "air", "entry_point": "CUN", "carrier": "AV", "flight_number": "AV 86",
        "arrival_date": in_days(days), "trip_reason": "tourism", "trip_specification": "vacation",
        "destination_state": "ROO", "address_in_mexico": "Hotel Caribe, Blvd. Kukulcán km 9, Cancún",
        "departure_date": in_days(days + 10),
    })
}

/// A document with a draft whose four steps are saved, with three 200 KB attachments,
/// arriving in 10 days.
pub async fn ready_draft(portal: &Portal, number: usize) -> String {
    ready_draft_arriving(portal, number, 10).await
}

/// As [`ready_draft`], arriving in `arrival_in_days` days.
pub async fn ready_draft_arriving(portal: &Portal, number: usize, arrival_in_days: u64) -> String {
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
        .send(
            portal
                .client
                .put(path("trip"))
                .json(&trip_json_arriving(arrival_in_days)),
        )
        .await;
    portal
        .send(portal.client.put(path("additional")).json(&json!({
            "origin_contact_name": "Luis Pérez", "origin_contact_phone_country_code": "+57",
            "origin_contact_phone": "3001234567", "mexico_contact_name": "Hotel Caribe",
            "mexico_contact_phone": "9981234567", "exit_type": "visitor",
        })))
        .await;
    let mut answers = serde_json::Map::new();
    for code in portal_shared::preregistrations::control_questions()
        .iter()
        .map(|q| q.code.as_str())
    {
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
        // A real PDF padded to 200 KB: uploads are parsed, not only sniffed.
        let bytes = portal_documents::inspect::sample_pdf_of_length(kind, 200 * 1024);
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

/// Runs a benchmark on a multi-threaded runtime (OCR held to one thread, as in `portal`).
pub fn run(bench: impl std::future::Future<Output = ()>) {
    portal_scan::restart_with_environment(portal_api::PROCESS_ENVIRONMENT);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(bench);
}

/// A fresh PostgreSQL database at `PORTAL_BENCH_POSTGRES_URL` (default
/// `postgres://postgres@127.0.0.1:5432`), dropped by [`BenchDatabase::drop_unless`].
pub struct BenchDatabase {
    pub url: String,
    admin: DatabaseConnection,
    name: String,
}

impl BenchDatabase {
    pub async fn create(prefix: &str) -> Self {
        let base = std::env::var("PORTAL_BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
        let name = format!("{prefix}_{}", Uuid::new_v4().simple());
        let admin = portal_persistence::connect(&format!("{base}/postgres"), 1)
            .await
            .expect("PostgreSQL reachable");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        Self {
            url: format!("{base}/{name}"),
            admin,
            name,
        }
    }

    /// Drops the database, unless the environment variable `keep` is set.
    pub async fn drop_unless(self, keep: &str) {
        if std::env::var(keep).is_ok() {
            println!("database kept: {}", self.url);
            return;
        }
        let _ = self
            .admin
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .await;
    }
}

/// The real server on the fresh database, its email worker idle.
pub struct Started {
    pub address: String,
    pub db: DatabaseConnection,
    /// The settings the server was started with.
    pub settings: Settings,
    database: BenchDatabase,
    _data_dir: tempfile::TempDir,
}

impl Started {
    /// Drops the database, unless the environment variable `keep` is set.
    pub async fn finish(self, keep: &str) {
        drop(self.db);
        self.database.drop_unless(keep).await;
    }
}

pub async fn start_portal() -> Started {
    start_portal_with(&[]).await
}

/// [`start_portal`] with more `PORTAL_…` settings.
pub async fn start_portal_with(extra: &[(&str, &str)]) -> Started {
    let database = BenchDatabase::create("portal_bench").await;
    let database_url = database.url.clone();
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
    for (key, value) in extra {
        env.insert((*key).to_owned(), (*value).to_owned());
    }
    let settings = Settings::from_sources(&env).expect("bench settings");
    let application = Application::build(settings.clone())
        .await
        .expect("server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let db = portal_persistence::connect(&database_url, 10)
        .await
        .unwrap();

    Started {
        address,
        db,
        settings,
        database,
        _data_dir: data_dir,
    }
}

/// The floor: the database writes of an approved submission — two outbox emails, the
/// decision over the draft, the same-arrival cancellation — in one transaction, behind
/// HTTP, with no authentication, no reads and no rules.
pub async fn floor_submit(db: web::Data<DatabaseConnection>, id: web::Path<Uuid>) -> HttpResponse {
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

/// The `portal` binary of `profile` (`debug` or `release`) in the cargo target directory,
/// or `PORTAL_BIN`. Benchmarks build nothing themselves.
pub fn portal_binary(profile: &str) -> String {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| {
        format!(
            "{}/.cache/portal-target",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    std::env::var("PORTAL_BIN").unwrap_or_else(|_| format!("{target}/{profile}/portal"))
}

/// The address and environment of a `portal serve` process on a free port of 127.0.0.1,
/// with its data in `data_dir`, captcha checking off and the email worker polling every
/// second (emails go to the file outbox).
pub fn process_env(
    database_url: &str,
    data_dir: &std::path::Path,
) -> (String, Vec<(String, String)>) {
    let port = free_port();
    let address = format!("http://127.0.0.1:{port}");
    let env = [
        ("PORTAL_CONFIG", "/dev/null".to_owned()),
        ("PORTAL_BIND_ADDRESS", format!("127.0.0.1:{port}")),
        ("PORTAL_PUBLIC_URL", address.clone()),
        ("PORTAL_DATA_DIR", data_dir.display().to_string()),
        ("PORTAL_DATABASE_URL", database_url.to_owned()),
        (
            "PORTAL_STATIC_DIR",
            data_dir.join("none").display().to_string(),
        ),
        ("PORTAL_CAPTCHA_DISABLED", "true".to_owned()),
        ("PORTAL_EMAIL_POLL_SECONDS", "1".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    (address, env)
}

pub fn start(binary: &str, env: &[(String, String)]) -> Child {
    Command::new(binary)
        .arg("serve")
        .envs(env.iter().cloned())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("portal starts")
}

pub fn wait_ready(address: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(address.trim_start_matches("http://")).is_ok()
            && answers_ok(&format!("{address}/readyz"))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the portal did not come back");
}

/// A blocking readiness probe for the killer thread (no blocking HTTP client in the
/// dependencies): whether `GET url` answers 200.
pub fn answers_ok(url: &str) -> bool {
    {
        use std::io::{Read, Write};
        let Some(rest) = url.strip_prefix("http://") else {
            return false;
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let Ok(mut stream) = std::net::TcpStream::connect(host) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
        let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer.starts_with("HTTP/1.1 200")
    }
}

/// One request of a load run: what it was, how long it took (ms), its status (0: no
/// answer).
pub struct Sample<K> {
    pub kind: K,
    pub ms: f64,
    pub status: u16,
}

/// Open loop: sends `rate × seconds` requests at a fixed rate whether or not earlier ones
/// have answered, each latency counted from when its request was due; returns every
/// sample and the time until the last one answered.
pub async fn open_loop<K: Send + 'static>(
    rate: usize,
    seconds: usize,
    mut next: impl FnMut(usize) -> (K, reqwest::RequestBuilder),
) -> (Vec<Sample<K>>, f64) {
    let total = rate * seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let start = Instant::now();
    let mut requests = Vec::with_capacity(total);
    for n in 0..total {
        let due = start + interval * u32::try_from(n).unwrap();
        tokio::time::sleep_until(due.into()).await;
        let (kind, request) = next(n);
        requests.push(tokio::spawn(async move {
            let status = match request.timeout(Duration::from_secs(30)).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let _ = response.bytes().await;
                    status
                }
                Err(_) => 0,
            };
            Sample {
                kind,
                ms: due.elapsed().as_secs_f64() * 1e3,
                status,
            }
        }));
    }
    let mut samples = Vec::with_capacity(total);
    for request in requests {
        samples.push(request.await.unwrap());
    }
    (samples, start.elapsed().as_secs_f64())
}
