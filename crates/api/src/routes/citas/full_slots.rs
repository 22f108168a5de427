//! Times found full a moment ago, so that a crowd retrying a sold-out time during a release
//! is answered without going to the database for each attempt.
//!
//! An entry is only ever a reason to say "full" sooner, never to give out a seat: seats are
//! taken by the database's conditional update alone. An entry lasts [`FRESH_FOR`] of both
//! the real clock and the portal's clock; this instance forgets every entry as soon as it
//! frees a seat itself (a cancellation, a reschedule, a hold let go), so a seat freed by
//! another instance, or a hold running out, shows up at most that long later.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a time found full is believed full without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(2);
/// More entries than this and the stale ones are swept (a release touches a few hundred).
const SWEEP_ABOVE: usize = 4096;

/// When a time was found full: on the real clock and on the portal's.
#[derive(Clone, Copy)]
struct FoundFull {
    at: Instant,
    portal_now: DateTime<Utc>,
}

impl FoundFull {
    fn fresh(&self, portal_now: DateTime<Utc>) -> bool {
        let portal_elapsed = (portal_now - self.portal_now).to_std();
        self.at.elapsed() < FRESH_FOR && portal_elapsed.is_ok_and(|elapsed| elapsed < FRESH_FOR)
    }
}

/// The times of offices found full in the last moments, shared by this instance's workers.
#[derive(Default)]
pub struct FullSlots {
    found: Mutex<HashMap<(String, DateTime<Utc>), FoundFull>>,
}

impl FullSlots {
    /// Whether `office`'s time `starts_at` was found full within [`FRESH_FOR`] of `now`.
    pub fn known_full(&self, office: &str, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        let Ok(found) = self.found.lock() else {
            return false;
        };
        found
            .get(&(office.to_owned(), starts_at))
            .is_some_and(|entry| entry.fresh(now))
    }

    /// Notes that every seat of `office`'s time `starts_at` was taken at `now`.
    pub fn found_full(&self, office: &str, starts_at: DateTime<Utc>, now: DateTime<Utc>) {
        let Ok(mut found) = self.found.lock() else {
            return;
        };
        if found.len() > SWEEP_ABOVE {
            found.retain(|_, entry| entry.fresh(now));
        }
        found.insert(
            (office.to_owned(), starts_at),
            FoundFull {
                at: Instant::now(),
                portal_now: now,
            },
        );
    }

    /// Forgets every entry: this instance has just freed a seat somewhere.
    pub fn seat_freed(&self) {
        if let Ok(mut found) = self.found.lock() {
            found.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
            .and_then(|day| day.and_hms_opt(16, minute, 0))
            .map(|time| time.and_utc())
            .unwrap_or_default()
    }

    #[test]
    fn a_time_found_full_is_known_full_for_that_office_and_time_only() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(0), at(0));
        assert!(slots.known_full("bcn-tijuana", at(0), at(0)));
        assert!(!slots.known_full("bcn-tijuana", at(30), at(0)));
        assert!(!slots.known_full("jal-chapala", at(0), at(0)));
    }

    #[test]
    fn moving_the_portal_clock_on_or_back_makes_the_entry_stale() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(30), at(10));
        assert!(!slots.known_full("bcn-tijuana", at(30), at(11)));
        assert!(!slots.known_full("bcn-tijuana", at(30), at(9)));
    }

    #[test]
    fn freeing_a_seat_forgets_every_time() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(0), at(0));
        slots.seat_freed();
        assert!(!slots.known_full("bcn-tijuana", at(0), at(0)));
    }
}
