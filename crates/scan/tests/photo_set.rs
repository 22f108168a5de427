//! The reader on a set of generated passport photos: the share read completely must not
//! fall below what was measured (see `cargo bench -p portal-scan` for the full figures).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use support::{Random, degraded_photo, random_passport};

/// Measured on 2026-11-30 with Debian's Tesseract 5.3 (C API, characters placed on the
/// zone's cells by their boxes, single-glyph re-reads): all 12 photos are read completely;
/// the floor (11 of 12) leaves one photo of margin. The target is 95 % (issue 3).
const FLOOR_PERCENT: usize = 91;

#[test]
fn generated_phone_photos_are_read_at_least_as_well_as_measured() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut random = Random::new(2026);
    let total = 12;
    let mut fully = 0;
    for _ in 0..total {
        let (line1, line2) = random_passport(&mut random);
        let bytes = degraded_photo(&line1, &line2, &mut random);
        if let Ok(outcome) = portal_scan::scan(&bytes, today)
            && outcome.reading.fully_valid()
            && outcome.reading.lines[1] == line2
        {
            fully += 1;
        }
    }
    println!("fully read: {fully}/{total}");
    assert!(
        fully * 100 >= FLOOR_PERCENT * total,
        "{fully}/{total} fully read"
    );
}
