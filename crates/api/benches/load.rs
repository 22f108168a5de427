//! The load benchmark (issue 6, part 7): the release `portal` process on PostgreSQL under
//! open-loop load (requests leave at a fixed rate whether or not earlier ones answered;
//! each latency counts from when its request was due), next to a floor measured in the
//! same run: a second process, a bare actix server whose handlers do the same database
//! work as the portal's (the same queries, in the same number) and nothing else — no
//! token signature, validation, rate limits, templates or PDF rendering.
//!
//! Three phases, each floor first, then the portal:
//! 1. history reads (`GET /api/v1/preregistrations`): `LOAD_BENCH_CONNECTIONS` (32) clients
//!    back to back (the throughput), then open loop at `LOAD_BENCH_READ_RATE`/s (2,000);
//! 2. history reads at `LOAD_BENCH_BUSY_READ_RATE`/s (200) while `LOAD_BENCH_LOGIN_CLIENTS`
//!    (8) clients log in back to back, saturating argon2;
//! 3. a realistic mix at `LOAD_BENCH_MIX_RATE`/s (100): 50 % history reads, 25 % wizard
//!    steps, 12 % receipt/FMM PDF downloads, 6 % logins, 5 % submissions, 2 % passport
//!    photo scans.
//!
//! Each phase lasts `LOAD_BENCH_SECONDS` (10; the mix twice as long). The resident memory of
//! both processes is read between phases. Targets on 2 cores: history reads ≥ 2,000/s with p99 ≤ 25 ms;
//! a read's p99 ≤ 25 ms while logins saturate argon2; RSS ≤ 150 MB.
//!
//! `cargo build --release -p portal-api --bin portal && cargo bench -p portal-api --bench load`
//! (`PORTAL_BIN`, `LOAD_BENCH_TRAVELERS` (20), `PORTAL_BENCH_POSTGRES_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use serde_json::{Value, json};
use std::io::BufRead;
use std::net::{IpAddr, Ipv4Addr};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[path = "../../scan/tests/support/mod.rs"]
mod passport_images;
mod support;
use support::{
    BenchDatabase, env_number, open_loop, portal_binary, process_env, ready_draft, sign_up_as,
    start, trip_json, wait_ready,
};

/// Set in the environment of the floor process: the database it serves.
const FLOOR_DATABASE: &str = "LOAD_BENCH_FLOOR_DATABASE_URL";
const PASSWORD: &str = "Viaje2026!";

fn main() {
    match std::env::var(FLOOR_DATABASE) {
        Ok(url) => support::run(floor::serve(url)),
        Err(_) => support::run(bench()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    History,
    Wizard,
    Pdf,
    Login,
    Submit,
    Scan,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::History,
        Kind::Wizard,
        Kind::Pdf,
        Kind::Login,
        Kind::Submit,
        Kind::Scan,
    ];

    /// The mix of phase 3, by request number.
    fn in_mix(n: usize) -> Kind {
        match n % 100 {
            0..50 => Kind::History,
            50..75 => Kind::Wizard,
            75..87 => Kind::Pdf,
            87..93 => Kind::Login,
            93..98 => Kind::Submit,
            _ => Kind::Scan,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::History => "history read",
            Kind::Wizard => "wizard step",
            Kind::Pdf => "PDF download",
            Kind::Login => "login",
            Kind::Submit => "submission",
            Kind::Scan => "passport scan",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Floor,
    Portal,
}

/// A traveler with two approved pre-registrations and two drafts.
struct Traveler {
    email: String,
    token: String,
    account_id: Uuid,
    session_id: Uuid,
    drafts: Vec<String>,
    approved: Vec<String>,
}

/// Everything the requests are made of.
struct Fixtures {
    portal: String,
    floor: String,
    client: reqwest::Client,
    /// Logins come from many addresses, as real ones do (the per-address limit is 30 per
    /// 10 minutes): clients bound to 127.1.x.y.
    login_clients: Vec<reqwest::Client>,
    logins: AtomicUsize,
    travelers: Vec<Traveler>,
    /// Drafts to submit, one per submission: the portal's and the floor's.
    pool_token: String,
    submit_pools: [Vec<String>; 2],
    submitted: [AtomicUsize; 2],
    photo: Vec<u8>,
}

impl Fixtures {
    fn request(&self, side: Side, kind: Kind, n: usize) -> reqwest::RequestBuilder {
        let t = &self.travelers[n % self.travelers.len()];
        let (portal, floor) = (&self.portal, &self.floor);
        let session = format!("{}/{}", t.account_id, t.session_id);
        let c = &self.client;
        match (kind, side) {
            (Kind::History, Side::Portal) => c
                .get(format!("{portal}/api/v1/preregistrations"))
                .bearer_auth(&t.token),
            (Kind::History, Side::Floor) => c.get(format!("{floor}/floor/history/{session}")),
            (Kind::Wizard, Side::Portal) => c
                .put(format!(
                    "{portal}/api/v1/preregistrations/{}/trip",
                    t.drafts[n % 2]
                ))
                .bearer_auth(&t.token)
                .json(&trip_json()),
            (Kind::Wizard, Side::Floor) => c
                .put(format!("{floor}/floor/trip/{session}/{}", t.drafts[n % 2]))
                .json(&trip_json()),
            (Kind::Pdf, Side::Portal) => {
                let file = if n.is_multiple_of(2) {
                    "receipt.pdf"
                } else {
                    "fmm.pdf"
                };
                c.get(format!(
                    "{portal}/api/v1/preregistrations/{}/{file}",
                    t.approved[(n / 2) % 2]
                ))
                .bearer_auth(&t.token)
            }
            (Kind::Pdf, Side::Floor) => c.get(format!(
                "{floor}/floor/pdf/{session}/{}",
                t.approved[(n / 2) % 2]
            )),
            (Kind::Login, side) => {
                let number = self.logins.fetch_add(1, Ordering::Relaxed);
                let client = &self.login_clients[number % self.login_clients.len()];
                let base = match side {
                    Side::Portal => format!("{portal}/api/v1/sessions"),
                    Side::Floor => format!("{floor}/floor/sessions"),
                };
                client
                    .post(base)
                    .json(&json!({ "email": t.email, "password": PASSWORD }))
            }
            (Kind::Submit, side) => {
                let i = side as usize;
                let id = &self.submit_pools[i][self.submitted[i].fetch_add(1, Ordering::Relaxed)];
                match side {
                    Side::Portal => c
                        .post(format!("{portal}/api/v1/preregistrations/{id}/submission"))
                        .bearer_auth(&self.pool_token)
                        .header("Idempotency-Key", format!("load-{id}"))
                        .json(&json!({ "accept_terms": true })),
                    Side::Floor => c.post(format!("{floor}/floor/submit/{id}")),
                }
            }
            (Kind::Scan, Side::Portal) => {
                let part = reqwest::multipart::Part::bytes(self.photo.clone())
                    .file_name("pasaporte.jpg")
                    .mime_str("image/jpeg")
                    .unwrap();
                c.post(format!("{portal}/api/v1/documents/scan"))
                    .bearer_auth(&t.token)
                    .multipart(reqwest::multipart::Form::new().part("image", part))
            }
            (Kind::Scan, Side::Floor) => c
                .post(format!("{floor}/floor/scan/{session}"))
                .body(self.photo.clone()),
        }
    }
}

type Sample = support::Sample<Kind>;

/// `connections` clients each sending its next request as soon as the last answered, for
/// `seconds`; returns every sample and the time taken.
async fn closed_loop(
    connections: usize,
    seconds: usize,
    next: impl Fn(usize) -> (Kind, reqwest::RequestBuilder) + Send + Sync + 'static,
) -> (Vec<Sample>, f64) {
    let next = Arc::new(next);
    let start = Instant::now();
    let until = start + Duration::from_secs(u64::try_from(seconds).unwrap());
    let clients: Vec<_> = (0..connections)
        .map(|c| {
            let next = next.clone();
            tokio::spawn(async move {
                let mut samples = Vec::new();
                let mut n = c;
                while Instant::now() < until {
                    let (kind, request) = next(n);
                    let sent = Instant::now();
                    let status = match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let _ = response.bytes().await;
                            status
                        }
                        Err(_) => 0,
                    };
                    samples.push(Sample {
                        kind,
                        ms: sent.elapsed().as_secs_f64() * 1e3,
                        status,
                    });
                    n += connections;
                }
                samples
            })
        })
        .collect();
    let mut samples = Vec::new();
    for client in clients {
        samples.extend(client.await.unwrap());
    }
    (samples, start.elapsed().as_secs_f64())
}

/// Count, failures, median, p99 and max of the samples of `kind` (all kinds for `None`).
struct Figures {
    count: usize,
    failed: usize,
    statuses: Vec<u16>,
    p50: f64,
    p99: f64,
    max: f64,
}

fn figures(samples: &[Sample], kind: Option<Kind>) -> Option<Figures> {
    let chosen: Vec<&Sample> = samples
        .iter()
        .filter(|s| kind.is_none_or(|k| s.kind == k))
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let mut ms: Vec<f64> = chosen.iter().map(|s| s.ms).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    let mut statuses: Vec<u16> = chosen
        .iter()
        .filter(|s| !(200..300).contains(&s.status))
        .map(|s| s.status)
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    Some(Figures {
        count: chosen.len(),
        failed: chosen
            .iter()
            .filter(|s| !(200..300).contains(&s.status))
            .count(),
        statuses,
        p50: at(0.5),
        p99: at(0.99),
        max: at(1.0),
    })
}

fn line(label: &str, side: Side, f: &Figures, seconds: f64) -> String {
    let failed = if f.failed == 0 {
        String::new()
    } else {
        format!(", {} FAILED {:?}", f.failed, f.statuses)
    };
    format!(
        "  {label:<14} {:<6} {:>6} requests {:>7.0}/s  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms{failed}",
        match side {
            Side::Floor => "floor",
            Side::Portal => "portal",
        },
        f.count,
        f.count as f64 / seconds,
        f.p50,
        f.p99,
        f.max,
    )
}

/// Clients logging in back to back until `stop`; returns how many logins answered 2xx.
fn saturate_logins(
    fixtures: &Arc<Fixtures>,
    side: Side,
    clients: usize,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<(usize, usize)>> {
    (0..clients)
        .map(|c| {
            let (fixtures, stop) = (fixtures.clone(), stop.clone());
            tokio::spawn(async move {
                let (mut ok, mut failed) = (0, 0);
                let mut n = c;
                while !stop.load(Ordering::Relaxed) {
                    let response = fixtures.request(side, Kind::Login, n).send().await;
                    match response {
                        Ok(r) if r.status().is_success() => ok += 1,
                        _ => failed += 1,
                    }
                    n += clients;
                }
                (ok, failed)
            })
        })
        .collect()
}

/// Peak and current resident memory of a process, in MB.
fn memory_of(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The account and session ids a token carries.
fn account_and_session(token: &str) -> (Uuid, Uuid) {
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    let id = |name: &str| claims[name].as_str().unwrap().parse().unwrap();
    (id("sub"), id("sid"))
}

fn start_floor(database_url: &str) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(FLOOR_DATABASE, database_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let address = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    (child, address)
}

async fn bench() {
    let seconds = env_number("LOAD_BENCH_SECONDS", 10);
    let read_rate = env_number("LOAD_BENCH_READ_RATE", 2000);
    let connections = env_number("LOAD_BENCH_CONNECTIONS", 32);
    let busy_read_rate = env_number("LOAD_BENCH_BUSY_READ_RATE", 200);
    let login_clients = env_number("LOAD_BENCH_LOGIN_CLIENTS", 8);
    let mix_rate = env_number("LOAD_BENCH_MIX_RATE", 100);
    let travelers = env_number("LOAD_BENCH_TRAVELERS", 20);
    let mix_seconds = 2 * seconds;

    let binary = portal_binary("release");
    let database = BenchDatabase::create("portal_load").await;
    let data_dir = tempfile::tempdir().unwrap();
    let (address, env) = process_env(&database.url, data_dir.path());
    let mut portal_process = start(&binary, &env);
    wait_ready(&address);
    let db = portal_persistence::connect(&database.url, 4).await.unwrap();

    println!(
        "preparing {travelers} travelers with two approved pre-registrations and two drafts each…"
    );
    let mut people = Vec::new();
    for i in 0..travelers {
        let email = format!("viajero{i}@example.com");
        let portal = sign_up_as(&address, &db, &email).await;
        let mut drafts = Vec::new();
        for j in 0..4 {
            drafts.push(ready_draft(&portal, i * 10 + j).await);
        }
        let approved = drafts.split_off(2);
        for id in &approved {
            portal.submit(id, "prepare").await;
        }
        let (account_id, session_id) = account_and_session(&portal.token);
        people.push(Traveler {
            email,
            token: portal.token.clone(),
            account_id,
            session_id,
            drafts,
            approved,
        });
    }
    let submissions = mix_rate * mix_seconds * 5 / 100 + 1;
    println!("preparing 2 × {submissions} drafts to submit…");
    let pool = sign_up_as(&address, &db, "pool@example.com").await;
    let mut pools = [Vec::new(), Vec::new()];
    for n in 0..2 * submissions {
        pools[n % 2].push(ready_draft(&pool, 100_000 + n).await);
    }
    let page = passport_images::on_table(
        &passport_images::render_page(
            "P<COLPEREZ<GOMEZ<<MARIA<JOSE<<<<<<<<<<<<<<<<",
            "AB12345671COL9005178F34010111020304050<<<<12",
        ),
        50,
    );
    let photo = passport_images::jpeg(&portal_scan::rotate(&page, -4.0), 75);

    let (mut floor_process, floor) = start_floor(&database.url);
    let fixtures = Arc::new(Fixtures {
        portal: address.clone(),
        floor: format!("http://{floor}"),
        // As a reverse proxy would: a bounded pool of idle connections, so that the
        // thousands opened by an overloaded phase do not hold the server's slots after it.
        client: reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .unwrap(),
        login_clients: (0..400u16)
            .map(|k| {
                let [high, low] = k.to_be_bytes();
                reqwest::Client::builder()
                    .local_address(IpAddr::V4(Ipv4Addr::new(127, 1 + high, low, 1)))
                    .build()
                    .unwrap()
            })
            .collect(),
        logins: AtomicUsize::new(0),
        travelers: people,
        pool_token: pool.token.clone(),
        submit_pools: pools,
        submitted: [AtomicUsize::new(0), AtomicUsize::new(0)],
        photo,
    });

    // Warm-up: connections opened, statements prepared, OCR engines loaded.
    for side in [Side::Floor, Side::Portal] {
        println!("warm-up: {side:?}…");
        for n in 0..200 {
            let _ = fixtures.request(side, Kind::History, n).send().await;
        }
        let _ = fixtures.request(side, Kind::Scan, 0).send().await;
    }

    let memory = |report: &mut Vec<String>| {
        let (portal_peak, portal_now) = memory_of(portal_process.id());
        let (floor_peak, floor_now) = memory_of(floor_process.id());
        report.push(format!(
            "  resident memory: portal {portal_now:.0} MB (peak so far {portal_peak:.0} MB), floor {floor_now:.0} MB (peak so far {floor_peak:.0} MB)"
        ));
    };
    let mut report = Vec::new();
    memory(&mut report);
    report.push(format!(
        "1. history reads ({travelers} travelers, 4 pre-registrations each), {connections} connections back to back for {seconds} s:"
    ));
    for side in [Side::Floor, Side::Portal] {
        println!("1. closed-loop history reads: {side:?}…");
        let fixtures = fixtures.clone();
        let (samples, elapsed) = closed_loop(connections, seconds, move |n| {
            (Kind::History, fixtures.request(side, Kind::History, n))
        })
        .await;
        let f = figures(&samples, None).unwrap();
        report.push(line("history read", side, &f, elapsed));
    }
    report.push(format!(
        "   and open loop at {read_rate}/s for {seconds} s:"
    ));
    for side in [Side::Floor, Side::Portal] {
        println!("1. open-loop history reads: {side:?}…");
        let (samples, elapsed) = open_loop(read_rate, seconds, |n| {
            (Kind::History, fixtures.request(side, Kind::History, n))
        })
        .await;
        let f = figures(&samples, None).unwrap();
        report.push(line("history read", side, &f, elapsed));
    }
    memory(&mut report);

    report.push(format!(
        "2. history reads at {busy_read_rate}/s for {seconds} s while {login_clients} clients log in back to back:"
    ));
    for side in [Side::Floor, Side::Portal] {
        println!("2. reads while logging in: {side:?}…");
        let stop = Arc::new(AtomicBool::new(false));
        let loginners = saturate_logins(&fixtures, side, login_clients, &stop);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (samples, elapsed) = open_loop(busy_read_rate, seconds, |n| {
            (Kind::History, fixtures.request(side, Kind::History, n))
        })
        .await;
        stop.store(true, Ordering::Relaxed);
        let (mut logins, mut failed) = (0, 0);
        for task in loginners {
            let (ok, bad) = task.await.unwrap();
            logins += ok;
            failed += bad;
        }
        let f = figures(&samples, None).unwrap();
        report.push(format!(
            "{}; logins meanwhile: {:.0}/s{}",
            line("history read", side, &f, elapsed),
            logins as f64 / (elapsed + 0.5),
            if failed > 0 {
                format!(", {failed} FAILED")
            } else {
                String::new()
            }
        ));
    }

    memory(&mut report);
    report.push(format!(
        "3. realistic mix, open loop at {mix_rate}/s for {mix_seconds} s (50 % history, 25 % wizard steps, 12 % PDFs, 6 % logins, 5 % submissions, 2 % scans):"
    ));
    for side in [Side::Floor, Side::Portal] {
        println!("3. mix: {side:?}…");
        let (samples, elapsed) = open_loop(mix_rate, mix_seconds, |n| {
            let kind = Kind::in_mix(n);
            (kind, fixtures.request(side, kind, n))
        })
        .await;
        let all = figures(&samples, None).unwrap();
        report.push(line("all", side, &all, elapsed));
        for kind in Kind::ALL {
            if let Some(f) = figures(&samples, Some(kind)) {
                report.push(line(kind.label(), side, &f, elapsed));
            }
        }
    }

    memory(&mut report);
    report.push(
        "targets: history reads ≥ 2,000/s with p99 ≤ 25 ms; read p99 ≤ 25 ms while logins saturate argon2; portal RSS ≤ 150 MB"
            .to_owned(),
    );
    println!(
        "\nload benchmark, PostgreSQL, load generator, both servers and the database on the same {} cores:",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    for l in report {
        println!("{l}");
    }

    for child in [&mut portal_process, &mut floor_process] {
        child.kill().ok();
        child.wait().ok();
    }
    drop(db);
    database.drop_unless("LOAD_BENCH_KEEP_DATABASE").await;
}

/// The floor: the same database work as the portal's handlers, behind bare actix routes.
mod floor {
    use actix_web::{App, HttpResponse, HttpServer, web};
    use chrono::Utc;
    use portal_persistence::{
        DatabaseConnection, accounts, document_scans, history, preregistrations, sessions,
        travel_documents,
    };
    use portal_shared::preregistrations::TripInformation;
    use serde_json::json;
    use uuid::Uuid;

    type Db = web::Data<DatabaseConnection>;

    pub async fn serve(database_url: String) {
        let db = web::Data::new(
            portal_persistence::connect(&database_url, 10)
                .await
                .unwrap(),
        );
        let server = HttpServer::new(move || {
            App::new()
                .app_data(db.clone())
                .route("/floor/history/{account}/{session}", web::get().to(history))
                .route("/floor/trip/{account}/{session}/{id}", web::put().to(trip))
                .route("/floor/pdf/{account}/{session}/{id}", web::get().to(pdf))
                .route("/floor/sessions", web::post().to(login))
                .route(
                    "/floor/submit/{id}",
                    web::post().to(super::support::floor_submit),
                )
                .route("/floor/scan/{account}/{session}", web::post().to(scan))
        })
        .bind("127.0.0.1:0")
        .unwrap();
        println!("listening on {}", server.addrs()[0]);
        server.run().await.unwrap();
    }

    async fn session_open(db: &Db, account: Uuid, session: Uuid) -> bool {
        sessions::active_session_account(db.get_ref(), session)
            .await
            .unwrap()
            == Some(account)
    }

    /// The portal's one history statement, the session check included.
    async fn history(db: Db, path: web::Path<(Uuid, Uuid)>) -> HttpResponse {
        let (account, session) = path.into_inner();
        let Some(entries) = history::for_open_session(db.get_ref(), account, session)
            .await
            .unwrap()
        else {
            return HttpResponse::Unauthorized().finish();
        };
        let items: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.preregistration.id,
                    "status": e.preregistration.status.as_str(),
                    "document_number": e.document.data.document_number,
                    "variant": e.variant.variant,
                    "attachments": e.attachments.len(),
                    "sent": e.receipt_email.is_some_and(|d| d.sent),
                })
            })
            .collect();
        HttpResponse::Ok().json(items)
    }

    /// The session check, the draft read and the step written.
    async fn trip(
        db: Db,
        path: web::Path<(Uuid, Uuid, Uuid)>,
        body: web::Json<TripInformation>,
    ) -> HttpResponse {
        let (account, session, id) = path.into_inner();
        if !session_open(&db, account, session).await {
            return HttpResponse::Unauthorized().finish();
        }
        let found = preregistrations::find_for_account(db.get_ref(), account, id)
            .await
            .unwrap();
        if found.is_none() {
            return HttpResponse::NotFound().finish();
        }
        preregistrations::save_trip(db.get_ref(), id, &body, Utc::now())
            .await
            .unwrap();
        HttpResponse::Ok().finish()
    }

    /// The session check and the reads a receipt or FMM is made from; no rendering.
    async fn pdf(db: Db, path: web::Path<(Uuid, Uuid, Uuid)>) -> HttpResponse {
        let (account, session, id) = path.into_inner();
        if !session_open(&db, account, session).await {
            return HttpResponse::Unauthorized().finish();
        }
        let Some(stored) = preregistrations::find_for_account(db.get_ref(), account, id)
            .await
            .unwrap()
        else {
            return HttpResponse::NotFound().finish();
        };
        let document =
            travel_documents::find_for_account(db.get_ref(), account, stored.document_id)
                .await
                .unwrap();
        HttpResponse::Ok().json(json!({ "id": stored.id, "document": document.map(|d| d.id) }))
    }

    #[derive(serde::Deserialize)]
    struct Login {
        email: String,
        password: String,
    }

    /// The account read, the argon2 check (on a blocking thread, unlimited) and the
    /// session with its refresh token written.
    async fn login(db: Db, body: web::Json<Login>) -> HttpResponse {
        let Login { email, password } = body.into_inner();
        let Some(account) = accounts::find_by_email(db.get_ref(), &email).await.unwrap() else {
            return HttpResponse::Unauthorized().finish();
        };
        let hash = account.password_hash.clone();
        let matches =
            web::block(move || portal_domain::credentials::verify_password(&password, &hash))
                .await
                .unwrap();
        if !matches {
            return HttpResponse::Unauthorized().finish();
        }
        let now = Utc::now();
        sessions::create(
            db.get_ref(),
            account.id,
            Uuid::new_v4().simple().to_string(),
            now + chrono::Duration::days(1),
            now,
        )
        .await
        .unwrap();
        HttpResponse::Ok().finish()
    }

    /// The session check, the photo read (on a blocking thread) and the scan recorded.
    async fn scan(db: Db, path: web::Path<(Uuid, Uuid)>, body: web::Bytes) -> HttpResponse {
        let (account, session) = path.into_inner();
        if !session_open(&db, account, session).await {
            return HttpResponse::Unauthorized().finish();
        }
        let outcome = web::block(move || portal_scan::scan(&body, Utc::now().date_naive()))
            .await
            .unwrap();
        let Ok(outcome) = outcome else {
            return HttpResponse::UnprocessableEntity().finish();
        };
        let id = Uuid::new_v4();
        document_scans::insert(
            db.get_ref(),
            document_scans::DocumentScan {
                id,
                account_id: account,
                storage_key: format!("scans/{id}"),
                document_code: outcome.reading.document_code.clone(),
                created_at: Utc::now(),
                byte_size: 0,
            },
        )
        .await
        .unwrap();
        HttpResponse::Ok().finish()
    }
}
