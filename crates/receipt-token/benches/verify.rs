//! Offline verification time of one receipt QR (what an officer's device does per scan).
//! Run: `cargo bench -p portal-receipt-token`. Target: ≤ 1 ms per QR, native.

use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use portal_receipt_token::{Verdict, check, public_key, sign};
use portal_shared::officers::Revocation;
use portal_shared::receipts::ReceiptClaims;
use std::time::Instant;

fn main() {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let claims = ReceiptClaims {
        preregistration_id: "4f1c1d7e-54a0-4c4e-9a55-0d6d8b0c9e11".to_owned(),
        revision: 2,
        document_number: "AO123456".to_owned(),
        nationality: "COL".to_owned(),
        surnames: "PÉREZ GONZÁLEZ".to_owned(),
        given_names: "ANA MARÍA".to_owned(),
        birth_date: date(1990, 5, 17),
        arrival_date: date(2026, 12, 20),
        departure_date: date(2027, 1, 5),
        entry_point: "MEX".to_owned(),
        carrier: "AV".to_owned(),
        flight_number: "AV204".to_owned(),
        issued_at: 1_796_000_000,
    };
    // Two published keys (a rotation in progress) and a revocation list of 10,000 entries.
    let old_key = SigningKey::from_bytes(&[3; 32]);
    let key = SigningKey::from_bytes(&[7; 32]);
    let keys = [
        public_key(&old_key.verifying_key()),
        public_key(&key.verifying_key()),
    ];
    let revocations: Vec<Revocation> = (0..10_000)
        .map(|n| Revocation {
            preregistration_id: format!("00000000-0000-4000-8000-{n:012}"),
            revision: 1,
            reason: portal_shared::officers::RevocationReason::Superseded,
            revoked_at: String::new(),
        })
        .collect();
    let token = sign(&claims, &key);
    let runs = 5_000;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let checked = check(&token, &keys, &revocations, claims.arrival_date);
        times.push(started.elapsed());
        assert_eq!(checked.verdict, Verdict::Valid);
    }
    times.sort();
    let at = |q: f64| times[((runs as f64 - 1.0) * q) as usize];
    println!(
        "receipt QR offline check ({} chars, 2 keys, 10,000 revocations): median {:.3} ms, p99 {:.3} ms, max {:.3} ms over {runs} runs (target ≤ 1 ms)",
        token.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}
