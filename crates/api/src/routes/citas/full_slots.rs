//! Times found full a moment ago, so that a crowd retrying a sold-out time during a release
//! is answered without going to the database for each attempt.
//!
//! An entry is only ever a reason to say "full" sooner, never to give out a seat: seats are
//! taken by the database's conditional update alone. An entry is believed for
//! [`FRESH_FOR`] of both the real clock and the portal's clock; then the next request for
//! that time looks in the database again while the others keep the answer, and a seat it
//! finds removes the entry. This instance forgets every entry as soon as it frees a seat
//! itself (a cancellation, a reschedule, a hold let go), so a seat freed by another
//! instance, or a hold running out, shows up at most that long later.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a time found full is believed full without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(2);
/// More entries than this and the stale ones are swept (a release touches a few hundred).
const SWEEP_ABOVE: usize = 4096;

/// When a time was found full, and when a request last went to look again.
#[derive(Clone, Copy)]
struct FoundFull {
    /// When the database said so.
    observed: Instant,
    /// The latest of `observed` and the last time a request went to look again.
    believed_from: Instant,
    /// The portal's clock at `believed_from`.
    portal_now: DateTime<Utc>,
}

impl FoundFull {
    fn at(now: DateTime<Utc>) -> Self {
        let at = Instant::now();
        Self {
            observed: at,
            believed_from: at,
            portal_now: now,
        }
    }

    fn fresh(&self, portal_now: DateTime<Utc>) -> bool {
        let portal_elapsed = (portal_now - self.portal_now).to_std();
        self.believed_from.elapsed() < FRESH_FOR
            && portal_elapsed.is_ok_and(|elapsed| elapsed < FRESH_FOR)
    }
}

/// The times of offices found full in the last moments, shared by this instance's workers.
#[derive(Default)]
pub struct FullSlots {
    found: Mutex<HashMap<(String, DateTime<Utc>), FoundFull>>,
}

impl FullSlots {
    /// Whether `office`'s time `starts_at` is believed full at `now`. When the belief has
    /// grown stale, this caller is told "no" — it goes to look — and the others are told
    /// "full" for another moment meanwhile.
    pub fn known_full(&self, office: &str, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        let Ok(mut found) = self.found.lock() else {
            return false;
        };
        let Some(entry) = found.get_mut(&(office.to_owned(), starts_at)) else {
            return false;
        };
        if entry.fresh(now) {
            return true;
        }
        entry.believed_from = Instant::now();
        entry.portal_now = now;
        false
    }

    /// Whether the database said `office`'s time `starts_at` was full after `since` (a
    /// request that started then, and waited its turn, need not ask again).
    pub fn found_full_since(&self, office: &str, starts_at: DateTime<Utc>, since: Instant) -> bool {
        let Ok(found) = self.found.lock() else {
            return false;
        };
        found
            .get(&(office.to_owned(), starts_at))
            .is_some_and(|entry| entry.observed >= since)
    }

    /// Notes that every seat of `office`'s time `starts_at` was taken at `now`.
    pub fn found_full(&self, office: &str, starts_at: DateTime<Utc>, now: DateTime<Utc>) {
        let Ok(mut found) = self.found.lock() else {
            return;
        };
        if found.len() > SWEEP_ABOVE {
            found.retain(|_, entry| entry.fresh(now));
        }
        found.insert((office.to_owned(), starts_at), FoundFull::at(now));
    }

    /// Notes that a seat of `office`'s time `starts_at` was just taken: there may be more.
    pub fn found_free(&self, office: &str, starts_at: DateTime<Utc>) {
        if let Ok(mut found) = self.found.lock() {
            found.remove(&(office.to_owned(), starts_at));
        }
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
    fn once_stale_one_request_looks_again_while_the_others_keep_the_answer() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(30), at(10));
        // The portal's clock a minute on: the first to ask goes to look…
        assert!(!slots.known_full("bcn-tijuana", at(30), at(11)));
        // …the next ones are told "full" meanwhile…
        assert!(slots.known_full("bcn-tijuana", at(30), at(11)));
        // …until it finds a seat there.
        slots.found_free("bcn-tijuana", at(30));
        assert!(!slots.known_full("bcn-tijuana", at(30), at(11)));
    }

    #[test]
    fn moving_the_portal_clock_back_makes_the_entry_stale_too() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(30), at(10));
        assert!(!slots.known_full("bcn-tijuana", at(30), at(9)));
    }

    #[test]
    fn a_request_waiting_its_turn_learns_of_a_full_time_found_after_it_began() {
        let slots = FullSlots::default();
        let began = Instant::now();
        assert!(!slots.found_full_since("bcn-tijuana", at(0), began));
        slots.found_full("bcn-tijuana", at(0), at(0));
        assert!(slots.found_full_since("bcn-tijuana", at(0), began));
        assert!(!slots.found_full_since(
            "bcn-tijuana",
            at(0),
            Instant::now() + Duration::from_millis(1)
        ));
    }

    #[test]
    fn freeing_a_seat_forgets_every_time() {
        let slots = FullSlots::default();
        slots.found_full("bcn-tijuana", at(0), at(0));
        slots.seat_freed();
        assert!(!slots.known_full("bcn-tijuana", at(0), at(0)));
    }
}
