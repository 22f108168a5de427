//! Reads the zone of a photo file and prints what was read: `scan_file PHOTO`.

fn main() -> std::process::ExitCode {
    portal_scan::restart_with_one_openmp_thread();
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scan_file PHOTO");
        return std::process::ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let today = chrono::Utc::now().date_naive();
    let started = std::time::Instant::now();
    match portal_scan::scan(&bytes, today) {
        Ok(outcome) => {
            let reading = &outcome.reading;
            println!("{}\n{}", reading.lines[0], reading.lines[1]);
            println!(
                "fully valid: {}, checks passed: {}, turned {:.1}°, {} ms",
                reading.fully_valid(),
                reading.checks_passed(),
                outcome.rotation_degrees,
                started.elapsed().as_millis()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}
