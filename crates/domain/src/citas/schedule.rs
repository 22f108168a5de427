//! An office's week: opening hours in its own time zone, cut into slots of equal length,
//! each with a number of seats (counters). A slot is an instant in UTC plus the local time
//! the traveler is told; a local time that a daylight-saving change skips is not offered,
//! and one it repeats is offered once (its first occurrence).

use super::HolidayCalendar;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;
use portal_shared::citas::OfficeRecord;
use std::collections::BTreeSet;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Why an office's published schedule is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeError {
    #[error("office {office}: unknown time zone {zone:?} (an IANA name such as America/Tijuana)")]
    UnknownTimeZone { office: String, zone: String },
    #[error("office {office}: unknown weekday {day:?} (mon … sun)")]
    UnknownWeekday { office: String, day: String },
    #[error(
        "office {office}: opening hours {from:?}–{to:?} on {day} are not HH:MM with the start first"
    )]
    BadHours {
        office: String,
        day: String,
        from: String,
        to: String,
    },
    #[error("office {office}: opening hours on {day} overlap")]
    OverlappingHours { office: String, day: String },
    #[error("office {office}: a slot must last 5 to 240 minutes, not {minutes}")]
    SlotLength { office: String, minutes: u32 },
    #[error("office {office}: a slot must have 1 to 100 seats, not {seats}")]
    Seats { office: String, seats: u32 },
}

/// One time slot of an office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The start in the office's time zone, as the traveler is told it.
    pub local_start: NaiveDateTime,
}

/// An office's schedule, checked: a time zone that exists, hours that make sense, at least
/// one seat per slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub code: String,
    pub time_zone: Tz,
    /// Opening ranges by weekday, Monday first, sorted and not overlapping.
    hours: [Vec<(NaiveTime, NaiveTime)>; 7],
    pub slot_minutes: u32,
    pub seats_per_slot: u32,
    closures: BTreeSet<NaiveDate>,
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

impl Office {
    pub fn new(record: &OfficeRecord) -> Result<Self, OfficeError> {
        let office = record.code.clone();
        let time_zone: Tz = record
            .time_zone
            .parse()
            .map_err(|_| OfficeError::UnknownTimeZone {
                office: office.clone(),
                zone: record.time_zone.clone(),
            })?;
        if !(5..=240).contains(&record.slot_minutes) {
            return Err(OfficeError::SlotLength {
                office,
                minutes: record.slot_minutes,
            });
        }
        if !(1..=100).contains(&record.seats_per_slot) {
            return Err(OfficeError::Seats {
                office,
                seats: record.seats_per_slot,
            });
        }
        let mut hours: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for (day, ranges) in &record.hours {
            let index = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| {
                OfficeError::UnknownWeekday {
                    office: office.clone(),
                    day: day.clone(),
                }
            })?;
            let mut parsed = Vec::new();
            for [from, to] in ranges {
                match (time(from), time(to)) {
                    (Some(open), Some(close)) if open < close => parsed.push((open, close)),
                    _ => {
                        return Err(OfficeError::BadHours {
                            office,
                            day: day.clone(),
                            from: from.clone(),
                            to: to.clone(),
                        });
                    }
                }
            }
            parsed.sort();
            if parsed.windows(2).any(|pair| pair[0].1 > pair[1].0) {
                return Err(OfficeError::OverlappingHours {
                    office,
                    day: day.clone(),
                });
            }
            hours[index] = parsed;
        }
        Ok(Self {
            code: office,
            time_zone,
            hours,
            slot_minutes: record.slot_minutes,
            seats_per_slot: record.seats_per_slot,
            closures: BTreeSet::new(),
        })
    }

    /// The same office, also closed on `dates` (the operator's closures).
    pub fn with_closures(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.closures.extend(dates);
        self
    }

    /// Whether the office opens on `date` (its local calendar day).
    pub fn opens_on(&self, date: NaiveDate, holidays: &HolidayCalendar) -> bool {
        !self.hours[date.weekday().num_days_from_monday() as usize].is_empty()
            && !self.closures.contains(&date)
            && holidays.holiday_on(date).is_none()
    }

    /// The instant of a local time in the office's zone: `None` inside a daylight-saving
    /// gap, the first of the two when the change repeats an hour.
    pub fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.time_zone.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
            LocalResult::None => None,
        }
    }

    /// `instant` on the office's clock.
    pub fn local(&self, instant: DateTime<Utc>) -> DateTime<Tz> {
        instant.with_timezone(&self.time_zone)
    }

    /// The office's calendar day at `instant`.
    pub fn today(&self, instant: DateTime<Utc>) -> NaiveDate {
        self.local(instant).date_naive()
    }

    /// The slots of `date`, in order; none when the office is closed that day.
    pub fn slots_on(&self, date: NaiveDate, holidays: &HolidayCalendar) -> Vec<Slot> {
        if !self.opens_on(date, holidays) {
            return Vec::new();
        }
        let length = Duration::minutes(i64::from(self.slot_minutes));
        let mut slots = Vec::new();
        for (open, close) in &self.hours[date.weekday().num_days_from_monday() as usize] {
            let close = date.and_time(*close);
            let mut local = date.and_time(*open);
            while local + length <= close {
                if let Some(starts_at) = self.instant(local) {
                    slots.push(Slot {
                        starts_at,
                        ends_at: starts_at + length,
                        local_start: local,
                    });
                }
                local += length;
            }
        }
        slots
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::Offset;
    use portal_shared::citas::{HandledProcedures, offices};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn record(zone: &str, hours: &[(&str, &str, &str)]) -> OfficeRecord {
        let mut by_day: BTreeMap<String, Vec<[String; 2]>> = BTreeMap::new();
        for (day, from, to) in hours {
            by_day
                .entry((*day).to_owned())
                .or_default()
                .push([(*from).to_owned(), (*to).to_owned()]);
        }
        OfficeRecord {
            code: "test".into(),
            name: "Oficina".into(),
            state: "BCN".into(),
            city: "Tijuana".into(),
            address: "Tijuana".into(),
            address_verified: false,
            time_zone: zone.into(),
            procedures: HandledProcedures::Only(vec![]),
            hours: by_day,
            slot_minutes: 30,
            seats_per_slot: 2,
            listed_in_inm_system: true,
        }
    }

    fn weekdays(zone: &str) -> Office {
        let days: Vec<_> = WEEKDAYS[..5]
            .iter()
            .map(|d| (*d, "09:00", "14:30"))
            .collect();
        Office::new(&record(zone, &days)).unwrap()
    }

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn no_holidays() -> HolidayCalendar {
        HolidayCalendar::default()
    }

    fn shipped_holidays() -> HolidayCalendar {
        HolidayCalendar::new(portal_shared::citas::holidays()).unwrap()
    }

    #[test]
    fn an_inm_day_is_eleven_half_hour_slots_from_nine_to_half_past_two() {
        let office = weekdays("America/Mexico_City");
        let slots = office.slots_on(d(2026, 12, 3), &no_holidays());
        assert_eq!(slots.len(), 11);
        assert_eq!(
            slots[0].local_start,
            d(2026, 12, 3).and_hms_opt(9, 0, 0).unwrap()
        );
        assert_eq!(
            slots[10].local_start,
            d(2026, 12, 3).and_hms_opt(14, 0, 0).unwrap()
        );
        // Mexico City keeps UTC−6 all year since 2022.
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-12-03T15:00:00+00:00");
        assert!(
            office.slots_on(d(2026, 12, 5), &no_holidays()).is_empty(),
            "Saturday"
        );
        assert!(
            office
                .slots_on(d(2026, 12, 25), &shipped_holidays())
                .is_empty(),
            "Christmas"
        );
        let closed = office.with_closures([d(2026, 12, 3)]);
        assert!(closed.slots_on(d(2026, 12, 3), &no_holidays()).is_empty());
    }

    #[test]
    fn tijuana_follows_the_us_daylight_saving_changes_of_2026() {
        let office = weekdays("America/Tijuana");
        let first = |date| {
            office.slots_on(date, &no_holidays())[0]
                .starts_at
                .to_rfc3339()
        };
        // Summer time began on Sunday 8 March and ended on Sunday 1 November 2026.
        assert_eq!(first(d(2026, 3, 6)), "2026-03-06T17:00:00+00:00");
        assert_eq!(first(d(2026, 3, 9)), "2026-03-09T16:00:00+00:00");
        assert_eq!(first(d(2026, 10, 30)), "2026-10-30T16:00:00+00:00");
        assert_eq!(first(d(2026, 11, 2)), "2026-11-02T17:00:00+00:00");
        // The same morning in Mexico City is then two hours, then one hour, later in UTC.
        let city = weekdays("America/Mexico_City");
        assert_eq!(
            city.slots_on(d(2026, 3, 9), &no_holidays())[0]
                .starts_at
                .to_rfc3339(),
            "2026-03-09T15:00:00+00:00"
        );
    }

    #[test]
    fn a_skipped_hour_offers_no_slot_and_a_repeated_hour_offers_each_time_once() {
        let office = Office::new(&record("America/Tijuana", &[("sun", "01:00", "04:00")])).unwrap();
        let spring: Vec<_> = office
            .slots_on(d(2026, 3, 8), &no_holidays())
            .iter()
            .map(|s| s.local_start.format("%H:%M").to_string())
            .collect();
        assert_eq!(spring, ["01:00", "01:30", "03:00", "03:30"]);
        let autumn = office.slots_on(d(2026, 11, 1), &no_holidays());
        let times: Vec<_> = autumn
            .iter()
            .map(|s| s.local_start.format("%H:%M").to_string())
            .collect();
        assert_eq!(
            times,
            ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
        );
        assert!(
            autumn
                .windows(2)
                .all(|pair| pair[0].starts_at < pair[1].starts_at)
        );
    }

    #[test]
    fn a_schedule_that_cannot_be_kept_is_refused_with_its_reason() {
        assert!(matches!(
            Office::new(&record("Mexico/Atlantis", &[])),
            Err(OfficeError::UnknownTimeZone { .. })
        ));
        assert!(matches!(
            Office::new(&record("America/Cancun", &[("lunes", "09:00", "10:00")])),
            Err(OfficeError::UnknownWeekday { .. })
        ));
        assert!(matches!(
            Office::new(&record("America/Cancun", &[("mon", "14:00", "09:00")])),
            Err(OfficeError::BadHours { .. })
        ));
        assert!(matches!(
            Office::new(&record(
                "America/Cancun",
                &[("mon", "09:00", "12:00"), ("mon", "11:00", "13:00")]
            )),
            Err(OfficeError::OverlappingHours { .. })
        ));
        let mut no_seats = record("America/Cancun", &[]);
        no_seats.seats_per_slot = 0;
        assert!(matches!(
            Office::new(&no_seats),
            Err(OfficeError::Seats { .. })
        ));
    }

    #[test]
    fn every_shipped_office_has_a_valid_schedule() {
        for record in &offices().offices {
            let office = Office::new(record).unwrap();
            assert_eq!(
                office.slots_on(d(2026, 12, 3), &no_holidays()).len(),
                11,
                "{}",
                record.code
            );
        }
    }

    /// The second Sunday of March and the first of November: the US changes that Baja
    /// California and the border cities follow.
    fn us_summer_time(date: NaiveDate) -> bool {
        let year = date.year();
        let start = NaiveDate::from_weekday_of_month_opt(year, 3, chrono::Weekday::Sun, 2);
        let end = NaiveDate::from_weekday_of_month_opt(year, 11, chrono::Weekday::Sun, 1);
        matches!((start, end), (Some(s), Some(e)) if date >= s && date < e)
    }

    proptest! {
        /// Over the years, every office's slot is the opening time on the office's clock,
        /// inside its hours, once, in order — and the UTC offset is the zone's rule.
        #[test]
        fn every_slot_is_the_office_local_time_it_names(days in 0u64..(365 * 8), which in 0usize..64) {
            let catalog = &offices().offices;
            let record = &catalog[which % catalog.len()];
            let office = Office::new(record).unwrap();
            let date = d(2024, 1, 1) + chrono::Days::new(days);
            let slots = office.slots_on(date, &no_holidays());
            prop_assert!(slots.windows(2).all(|p| p[0].starts_at < p[1].starts_at));
            for slot in &slots {
                let local = office.local(slot.starts_at);
                prop_assert_eq!(local.naive_local(), slot.local_start);
                prop_assert_eq!(local.date_naive(), date);
                let time = slot.local_start.time();
                prop_assert!(time >= NaiveTime::from_hms_opt(9, 0, 0).unwrap());
                prop_assert!(time < NaiveTime::from_hms_opt(14, 30, 0).unwrap());
                let offset = local.offset().fix().local_minus_utc() / 3600;
                let expected = match record.time_zone.as_str() {
                    "America/Tijuana" => if us_summer_time(date) { -7 } else { -8 },
                    "America/Ciudad_Juarez" => if us_summer_time(date) { -6 } else { -7 },
                    "America/Matamoros" => if us_summer_time(date) { -5 } else { -6 },
                    "America/Cancun" => -5,
                    "America/Hermosillo" | "America/Mazatlan" => -7,
                    // The state of Chihuahua moved to UTC−6 for good when Mexico ended
                    // daylight saving time (tzdata 2022g).
                    _ => -6,
                };
                prop_assert_eq!(offset, expected, "{} on {}", record.code, date);
            }
        }
    }
}
