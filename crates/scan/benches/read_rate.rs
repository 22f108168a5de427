//! `cargo bench -p portal-scan`: reads a set of generated passport photos and prints the
//! share read completely (every check digit holds and line 2 equals the truth) and the
//! time per image. `SCAN_BENCH_IMAGES` sets the set size (default 60); `SCAN_BENCH_VERBOSE=1`
//! prints each photo not fully read, with what was read under the truth.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;
use support::{Random, degraded_photo, random_passport};

fn main() {
    portal_scan::restart_with_one_openmp_thread();
    let total: usize = std::env::var("SCAN_BENCH_IMAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    let verbose = std::env::var("SCAN_BENCH_VERBOSE").is_ok_and(|v| v == "1");
    let mut random = Random::new(7);
    let mut times = Vec::with_capacity(total);
    let (mut fully, mut line_two_checks, mut no_zone) = (0, 0, 0);
    for _ in 0..total {
        let (line1, line2) = random_passport(&mut random);
        let bytes = degraded_photo(&line1, &line2, &mut random);
        let started = Instant::now();
        let outcome = portal_scan::scan(&bytes, today);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        match outcome {
            Ok(outcome) => {
                let r = &outcome.reading;
                if r.fully_valid() && r.lines[1] == line2 {
                    fully += 1;
                } else if verbose {
                    println!(
                        "truth {line1}\n      {line2}\nread  {}\n      {}\n",
                        r.lines[0], r.lines[1]
                    );
                }
                if r.document_number.check_digit_passed == Some(true)
                    && r.birth_date.check_digit_passed == Some(true)
                    && r.expiry_date.check_digit_passed == Some(true)
                {
                    line_two_checks += 1;
                }
            }
            Err(error) => {
                no_zone += 1;
                if verbose {
                    println!("truth {line1}\n      {line2}\nerror {error}\n");
                }
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
    println!("photos: {total}");
    println!(
        "fully read: {fully} ({:.1} %)",
        100.0 * fully as f64 / total as f64
    );
    println!(
        "number, birth and expiry check digits pass: {line_two_checks} ({:.1} %)",
        100.0 * line_two_checks as f64 / total as f64
    );
    println!("no zone found: {no_zone}");
    println!("time per image: median {median:.0} ms, p90 {p90:.0} ms");
}
