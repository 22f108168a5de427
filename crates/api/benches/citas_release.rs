//! Citas under a release, on PostgreSQL (issue 17):
//!
//! 1. 500 seats of one office-day (10 times × 50 counters) released to 2,000 travelers at
//!    once, each from its own address: every one holds a time (trying the next when one is
//!    full) and books it, through the real API. The seats sold must be exactly 500; the
//!    figures are bookings per second and the p99 of a successful hold + booking, next to
//!    a floor measured in the same run — the same 2,000 clients taking the same seat rows
//!    by a bare conditional update behind HTTP, with no authentication, no rules and no
//!    appointment written (target ≥ 0.7× the floor).
//! 2. The month availability of that office at a fixed 500 requests per second, open loop
//!    (target p99 ≤ 25 ms).
//!
//! `cargo bench -p portal-api --bench citas_release` (`CITAS_BENCH_CLIENTS`, default
//! 2000; `CITAS_BENCH_RATE`, default 500; `CITAS_BENCH_SECONDS`, default 10;
//! `PORTAL_BENCH_POSTGRES_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::{Duration, Utc};
use portal_persistence::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::time::Instant;
use uuid::Uuid;

mod support;
use support::{env_number, start_portal_with};

const OFFICE: &str = "bcn-tijuana";
const TIMES: usize = 10;
const COUNTERS: u32 = 50;

fn main() {
    support::run(bench());
}

/// One traveler of the release: an account with a session, a passport, an application.
struct Client {
    token: String,
    application_id: Uuid,
    address: String,
}

async fn clients(started: &support::Started, count: usize) -> Vec<Client> {
    use portal_domain::documents::PassportData;
    let keks = portal_api::keys::load_key_encryption_keys(&started.settings).unwrap();
    let keys = portal_api::keys::access_token_keys(&started.settings.data_dir, &keks).unwrap();
    let issuer = portal_api::auth::TokenIssuer::new(&keys, 60).unwrap();
    let now = Utc::now();
    let today = now.date_naive();
    let mut clients = Vec::with_capacity(count);
    for n in 0..count {
        let account = portal_persistence::accounts::insert(
            &started.db,
            portal_persistence::accounts::NewAccount {
                email: format!("release{n}@example.com"),
                password_hash: "unusable: made for the benchmark".into(),
                given_names: format!("Ana {n}"),
                surnames: "Pérez".into(),
                birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17).unwrap(),
                nationality: "COL".into(),
                sex: portal_shared::catalogs::Sex::Female,
                phone_country_code: "+57".into(),
                phone: "3001234567".into(),
                role: portal_shared::accounts::Role::Traveler,
                activated_at: Some(now),
            },
            now,
        )
        .await
        .unwrap();
        let document = portal_persistence::travel_documents::insert(
            &started.db,
            account.id,
            PassportData {
                relationship: portal_shared::documents::Relationship::Holder,
                given_names: format!("Ana {n}"),
                surnames: "Pérez".into(),
                birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17).unwrap(),
                birth_country: "COL".into(),
                sex: portal_shared::catalogs::Sex::Female,
                nationality: "COL".into(),
                document_type: portal_shared::documents::DocumentType::Passport,
                classification: portal_shared::documents::Classification::Ordinary,
                issuing_country: "COL".into(),
                document_number: format!("RB{n:06}"),
                issue_date: today - chrono::Days::new(700),
                expiry_date: today + chrono::Days::new(3000),
            },
            None,
            now,
        )
        .await
        .unwrap();
        let session = portal_persistence::sessions::create(
            &started.db,
            account.id,
            format!("unused {}", Uuid::new_v4()),
            now + Duration::days(1),
            now,
        )
        .await
        .unwrap();
        let application = portal_persistence::citas::applications::insert(
            &started.db,
            portal_persistence::citas::applications::StoredApplication {
                id: Uuid::new_v4(),
                folio: format!("PBENCH-{n:06}"),
                account_id: account.id,
                document_id: document.id,
                person_key: portal_domain::citas::person_key("COL", document.data.birth_date, "Pérez", &format!("Ana {n}")),
                procedure_code: "canje_residente_temporal".into(),
                details: json!({
                    "migratory_status": "visitor", "nue": "",
                    "address": {"street": "Calle", "exterior_number": "1", "interior_number": "", "colonia": "Centro", "municipality": "Tijuana", "state": "BCN", "postal_code": "22000"},
                    "phone": "6641234567", "email": "release@example.com"
                })
                .to_string(),
                created_at: now,
            },
        )
        .await
        .unwrap();
        clients.push(Client {
            token: issuer
                .issue(account.id, session, portal_shared::accounts::Role::Traveler)
                .unwrap(),
            application_id: application.id,
            address: format!("10.{}.{}.{}", n / 62_500, (n / 250) % 250, n % 250 + 1),
        });
    }
    clients
}

/// The ten times of the office-day, 30 minutes apart, a week on.
fn times() -> Vec<chrono::DateTime<Utc>> {
    let day = (Utc::now() + Duration::days(7)).date_naive();
    let first = day.and_hms_opt(16, 0, 0).unwrap().and_utc();
    (0..TIMES)
        .map(|n| first + Duration::minutes(30 * i64::try_from(n).unwrap()))
        .collect()
}

async fn publish(db: &DatabaseConnection, office: &str) {
    let slots: Vec<_> = times()
        .into_iter()
        .map(
            |starts_at| portal_persistence::citas::seats::PublishedSlot {
                starts_at,
                ends_at: starts_at + Duration::minutes(30),
                seats: COUNTERS,
            },
        )
        .collect();
    portal_persistence::citas::seats::publish(db, office, &slots, Utc::now())
        .await
        .unwrap();
}

/// The floor: one free seat of the time taken by a single conditional update, behind
/// HTTP — no session, no application, no rules, no appointment, no email.
async fn floor_take(
    db: web::Data<DatabaseConnection>,
    path: web::Path<(Uuid, i64)>,
) -> HttpResponse {
    let (holder, starts_at) = path.into_inner();
    let starts_at = chrono::DateTime::from_timestamp(starts_at, 0).unwrap();
    let taken = db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "UPDATE citas_seats SET holder_account_id = $1, appointment_id = $1, updated_at = now() \
             WHERE id = (SELECT id FROM citas_seats WHERE office_code = $2 AND starts_at = $3 \
             AND holder_account_id IS NULL ORDER BY seat_number LIMIT 1 FOR UPDATE SKIP LOCKED)",
            [holder.into(), "floor-office".into(), starts_at.into()],
        ))
        .await
        .unwrap();
    if taken.rows_affected() == 1 {
        HttpResponse::Created().finish()
    } else {
        HttpResponse::Conflict().finish()
    }
}

/// What a side of the race measured.
struct Race {
    sold: usize,
    elapsed: f64,
    p50: f64,
    p99: f64,
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Every client at once: try the times from its own, the next when full, until one is
/// booked or all are full.
async fn race_portal(address: &str, clients: &[Client]) -> Race {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let times: Vec<String> = times().iter().map(|t| t.to_rfc3339()).collect();
    let start = Instant::now();
    let attempts = clients.iter().enumerate().map(|(n, client)| {
        let (http, times, address) = (http.clone(), times.clone(), address.to_owned());
        async move {
            let began = Instant::now();
            for k in 0..TIMES {
                let time = &times[(n + k) % TIMES];
                let hold = http
                    .post(format!("{address}/api/v1/citas/holds"))
                    .bearer_auth(&client.token)
                    .header("X-Forwarded-For", &client.address)
                    .json(&json!({"application_id": client.application_id, "office": OFFICE, "starts_at": time}))
                    .send()
                    .await
                    .unwrap();
                if hold.status() == 409 {
                    continue;
                }
                assert_eq!(hold.status(), 201, "{}", hold.text().await.unwrap_or_default());
                let hold: serde_json::Value = hold.json().await.unwrap();
                let booked = http
                    .post(format!("{address}/api/v1/citas/appointments"))
                    .bearer_auth(&client.token)
                    .header("X-Forwarded-For", &client.address)
                    .json(&json!({ "hold_id": hold["hold_id"] }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(booked.status(), 201);
                return Some(began.elapsed().as_secs_f64() * 1e3);
            }
            None
        }
    });
    let outcomes = futures_util::future::join_all(attempts).await;
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies: Vec<f64> = outcomes.into_iter().flatten().collect();
    latencies.sort_by(f64::total_cmp);
    Race {
        sold: latencies.len(),
        elapsed,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    }
}

async fn race_floor(address: &str, count: usize) -> Race {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let times: Vec<i64> = times().iter().map(|t| t.timestamp()).collect();
    let start = Instant::now();
    let attempts = (0..count).map(|n| {
        let (http, times, address) = (http.clone(), times.clone(), address.to_owned());
        async move {
            let began = Instant::now();
            let holder = Uuid::new_v4();
            for k in 0..TIMES {
                let time = times[(n + k) % TIMES];
                let taken = http
                    .post(format!("{address}/floor/{holder}/{time}"))
                    .send()
                    .await
                    .unwrap();
                if taken.status() == 201 {
                    return Some(began.elapsed().as_secs_f64() * 1e3);
                }
            }
            None
        }
    });
    let outcomes = futures_util::future::join_all(attempts).await;
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies: Vec<f64> = outcomes.into_iter().flatten().collect();
    latencies.sort_by(f64::total_cmp);
    Race {
        sold: latencies.len(),
        elapsed,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    }
}

async fn bench() {
    let count = env_number("CITAS_BENCH_CLIENTS", 2000);
    let rate = env_number("CITAS_BENCH_RATE", 500);
    let seconds = env_number("CITAS_BENCH_SECONDS", 10);
    let started = start_portal_with(&[
        ("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32"),
        ("PORTAL_DATABASE_MAX_CONNECTIONS", "20"),
        ("PORTAL_CITAS_POLL_SECONDS", "3600"),
    ])
    .await;
    println!("preparing {count} travelers with an application each…");
    let clients = clients(&started, count).await;
    publish(&started.db, OFFICE).await;
    publish(&started.db, "floor-office").await;

    let floor_db = web::Data::new(started.db.clone());
    let floor_server = HttpServer::new(move || {
        App::new()
            .app_data(floor_db.clone())
            .route("/floor/{holder}/{time}", web::post().to(floor_take))
    })
    .bind("127.0.0.1:0")
    .unwrap();
    let floor_address = format!("http://{}", floor_server.addrs()[0]);
    tokio::spawn(floor_server.run());

    let floor = race_floor(&floor_address, count).await;
    let portal = race_portal(&started.address, &clients).await;
    let sold = portal_persistence::citas::appointments::count_booked(&started.db)
        .await
        .unwrap();
    assert_eq!(sold, 500, "exactly the seats released were sold");
    assert_eq!(portal.sold, 500);
    assert_eq!(floor.sold, 500);
    let portal_rate = portal.sold as f64 / portal.elapsed;
    let floor_rate = floor.sold as f64 / floor.elapsed;
    println!(
        "release of {} seats to {count} clients at once (PostgreSQL, client and server on the same cores): sold {sold}; {portal_rate:.0} bookings/s (all sold in {:.2} s), hold + booking median {:.1} ms, p99 {:.1} ms",
        TIMES * COUNTERS as usize,
        portal.elapsed,
        portal.p50,
        portal.p99,
    );
    println!(
        "floor (the same seat rows taken by one conditional update, no auth, no rules, no appointment): {floor_rate:.0} seats/s (all in {:.2} s), median {:.1} ms, p99 {:.1} ms",
        floor.elapsed, floor.p50, floor.p99,
    );
    println!(
        "ratio: {:.2}× the floor (target ≥ 0.7×)",
        portal_rate / floor_rate
    );

    // The month of the office, read at a fixed rate.
    let month = times()[0].format("%Y-%m").to_string();
    let http = reqwest::Client::new();
    let path = format!(
        "{}/api/v1/citas/offices/{OFFICE}/availability?month={month}",
        started.address
    );
    for _ in 0..200 {
        assert_eq!(http.get(&path).send().await.unwrap().status(), 200);
    }
    let (samples, elapsed) = support::open_loop(rate, seconds, |_| ((), http.get(&path))).await;
    assert!(
        samples.iter().all(|s| s.status == 200),
        "every availability answered 200"
    );
    let mut latencies: Vec<f64> = samples.iter().map(|s| s.ms).collect();
    latencies.sort_by(f64::total_cmp);
    println!(
        "month availability of one office at {rate}/s for {seconds} s ({} requests): {:.0}/s answered, median {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 ≤ 25 ms)",
        samples.len(),
        samples.len() as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    started.finish("CITAS_BENCH_KEEP_DATABASE").await;
}
