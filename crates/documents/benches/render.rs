//! Receipt and FMM render time and size: `cargo bench -p portal-documents`.
//! Targets (issue 4): receipt p95 ≤ 15 ms and ≤ 150 KB.

use chrono::NaiveDate;
use portal_documents::{FmmContent, ReceiptContent, Traveler, render_fmm, render_receipt};
use portal_shared::preregistrations::TripInformation;
use std::time::Instant;

fn main() {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let traveler = Traveler {
        given_names: "ANA MARÍA".to_owned(),
        surnames: "PÉREZ GONZÁLEZ".to_owned(),
        nationality_code: "COL".to_owned(),
        nationality_name: "Colombia".to_owned(),
        document_number: "AO123456".to_owned(),
        birth_date: date(1990, 5, 17),
        sex: "F".to_owned(),
    };
    let trip = TripInformation {
        entry_mode: "air".into(),
        entry_point: "MEX".to_owned(),
        carrier: "AV".to_owned(),
        flight_number: "AV204".to_owned(),
        arrival_date: Some(date(2026, 12, 20)),
        trip_reason: "tourism".to_owned(),
        trip_specification: "vacation".to_owned(),
        destination_state: "CMX".to_owned(),
        address_in_mexico: "Hotel Isabel, Isabel la Católica 63, Centro Histórico".to_owned(),
        departure_date: Some(date(2027, 1, 5)),
    };
    // A token of realistic length (a signed receipt is about 480 characters).
    let token_length: usize = std::env::var("DOCUMENT_BENCH_TOKEN_LENGTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(440);
    let token = format!("eyJhbGciOiJFZERTQSJ9.{}.sig", "x".repeat(token_length));
    let runs: usize = std::env::var("DOCUMENT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);

    let measure = |name: &str, render: &dyn Fn(usize) -> Vec<u8>| {
        let _ = render(0); // fonts parsed once, outside the figures
        let mut times = Vec::with_capacity(runs);
        let mut size = 0;
        for i in 0..runs {
            let start = Instant::now();
            let pdf = render(i);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            size = pdf.len();
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{name}: {runs} renders, median {:.2} ms, p95 {:.2} ms, max {:.2} ms, size {:.1} KB",
            at(0.5),
            at(0.95),
            at(1.0),
            size as f64 / 1024.0
        );
    };
    measure("receipt", &|i| {
        render_receipt(&ReceiptContent {
            portal_name: "Portal de Servicios".to_owned(),
            folio: format!("PR-{i:08X}"),
            traveler: traveler.clone(),
            trip: trip.clone(),
            issued_at: date(2026, 11, 30).and_hms_opt(9, 15, 0).unwrap_or_default(),
            revision: 1,
            token: token.clone(),
        })
        .unwrap_or_default()
    });
    measure("fmm", &|i| {
        render_fmm(&FmmContent {
            portal_name: "Portal de Servicios".to_owned(),
            folio: format!("PR-{i:08X}"),
            traveler: traveler.clone(),
            trip: trip.clone(),
            country_of_residence: "Colombia - COL".to_owned(),
            issued_on: date(2026, 11, 30),
            entry_seal: None,
        })
        .unwrap_or_default()
    });
}
