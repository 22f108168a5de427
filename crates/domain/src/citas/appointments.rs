//! The rules of an appointment that need no database: who the applicant is (the same
//! person whatever document or account they book with), the folio, and when an appointment
//! may still change.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_shared::citas::{CHANGE_DEADLINE_HOURS, MAX_RESCHEDULES};
use rand::Rng;
use sha2::{Digest, Sha256};

/// The person an application is for: the same for every passport and account of one
/// person (nationality, birth date and the names as the documents print them), so that
/// "one active appointment per person and procedure" cannot be dodged with a second
/// account or a renewed passport.
pub fn person_key(
    nationality: &str,
    birth_date: NaiveDate,
    surnames: &str,
    given_names: &str,
) -> String {
    let normalized = |text: &str| {
        text.split_whitespace()
            .map(|word| word.to_uppercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut hasher = Sha256::new();
    for part in [
        nationality.trim().to_uppercase(),
        birth_date.to_string(),
        normalized(surnames),
        normalized(given_names),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    hex::encode(hasher.finalize())
}

/// The key that is unique among booked appointments.
pub fn active_key(person_key: &str, procedure: &str) -> String {
    format!("{person_key}:{procedure}")
}

/// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const FOLIO_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new folio (número de pieza): `P` with the year and eight random characters, e.g.
/// `P2026-7KQM-4XTB`; unique in the database (a collision is retried).
pub fn new_folio(now: DateTime<Utc>, rng: &mut impl Rng) -> String {
    let mut random = String::with_capacity(9);
    for n in 0..8 {
        if n == 4 {
            random.push('-');
        }
        let index = rng.random_range(0..FOLIO_ALPHABET.len());
        random.push(char::from(FOLIO_ALPHABET[index]));
    }
    format!("P{}-{random}", now.format("%Y"))
}

/// Until when an appointment starting at `starts_at` may be cancelled or moved.
pub fn changes_until(starts_at: DateTime<Utc>) -> DateTime<Utc> {
    starts_at - Duration::hours(CHANGE_DEADLINE_HOURS)
}

/// Why an appointment cannot change now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeRefusal {
    DeadlinePassed,
    RescheduleLimitReached,
}

/// Whether a booked appointment starting at `starts_at` may be cancelled at `now`.
pub fn may_cancel(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ChangeRefusal> {
    if now > changes_until(starts_at) {
        Err(ChangeRefusal::DeadlinePassed)
    } else {
        Ok(())
    }
}

/// Whether a booked appointment moved `reschedules` times already may move again at `now`.
pub fn may_reschedule(
    starts_at: DateTime<Utc>,
    reschedules: u32,
    now: DateTime<Utc>,
) -> Result<(), ChangeRefusal> {
    may_cancel(starts_at, now)?;
    if reschedules >= MAX_RESCHEDULES {
        return Err(ChangeRefusal::RescheduleLimitReached);
    }
    Ok(())
}

/// Two missed appointments within 90 days block online booking for 30 days from the
/// second: until when `now` is blocked, given the starts of the account's no-shows.
pub fn booking_blocked_until(
    no_shows: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut starts: Vec<_> = no_shows.to_vec();
    starts.sort();
    starts
        .windows(2)
        .filter(|pair| pair[1] - pair[0] <= Duration::days(90))
        .map(|pair| pair[1] + Duration::days(30))
        .filter(|until| *until > now)
        .max()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn the_person_is_the_same_whatever_the_spacing_or_case_of_the_names() {
        let birth = NaiveDate::from_ymd_opt(1990, 5, 17).unwrap();
        assert_eq!(
            person_key("COL", birth, "Pérez  Gómez", "María José"),
            person_key("col", birth, "PÉREZ GÓMEZ", " maría josé ")
        );
        assert_ne!(
            person_key("COL", birth, "Pérez Gómez", "María José"),
            person_key("COL", birth, "Pérez Gómez", "María")
        );
        assert_ne!(
            person_key("COL", birth, "Pérez Gómez", "María José"),
            person_key("VEN", birth, "Pérez Gómez", "María José")
        );
    }

    #[test]
    fn a_folio_has_the_year_and_eight_unambiguous_characters() {
        let mut rng = rand::rng();
        let folio = new_folio(at(2026, 12, 3, 12), &mut rng);
        assert_eq!(folio.len(), "P2026-XXXX-XXXX".len());
        assert!(folio.starts_with("P2026-"));
        assert!(
            folio[6..]
                .chars()
                .all(|c| c == '-' || FOLIO_ALPHABET.contains(&(c as u8)))
        );
    }

    #[test]
    fn an_appointment_changes_up_to_24_hours_before_and_moves_at_most_twice() {
        let starts = at(2027, 3, 10, 16);
        assert!(may_cancel(starts, at(2027, 3, 9, 16)).is_ok());
        assert_eq!(
            may_cancel(starts, at(2027, 3, 9, 17)),
            Err(ChangeRefusal::DeadlinePassed)
        );
        assert!(may_reschedule(starts, 1, at(2027, 3, 1, 0)).is_ok());
        assert_eq!(
            may_reschedule(starts, 2, at(2027, 3, 1, 0)),
            Err(ChangeRefusal::RescheduleLimitReached)
        );
    }

    #[test]
    fn two_no_shows_within_ninety_days_block_for_thirty_days_from_the_second() {
        let first = at(2027, 1, 10, 16);
        let second = at(2027, 3, 1, 16);
        assert_eq!(booking_blocked_until(&[first], at(2027, 1, 11, 0)), None);
        assert_eq!(
            booking_blocked_until(&[second, first], at(2027, 3, 2, 0)),
            Some(second + Duration::days(30))
        );
        assert_eq!(
            booking_blocked_until(&[first, second], at(2027, 4, 1, 0)),
            None,
            "over after 30 days"
        );
        let far = at(2027, 6, 15, 16);
        assert_eq!(
            booking_blocked_until(&[first, far], at(2027, 6, 16, 0)),
            None,
            "more than 90 days apart"
        );
    }
}
