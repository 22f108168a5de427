//! Public holidays from rules (fixed dates, n-th weekdays, Easter), so that any year's
//! calendar follows without a list to keep up to date.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use portal_shared::citas::{HolidayCatalog, HolidayRule};

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm in Meeus,
/// *Astronomical Algorithms*, ch. 8), for years 1583 to 9999.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    if !(1583..=9999).contains(&year) {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// One holiday rule, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    rule: HolidayRule,
    pub name_es: String,
    pub name_en: String,
}

impl Holiday {
    /// The day it falls on in `year`, if it falls that year.
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        match &self.rule {
            HolidayRule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, *month, *day),
            HolidayRule::NthWeekday {
                month,
                weekday: day,
                n,
            } => NaiveDate::from_weekday_of_month_opt(
                year,
                *month,
                weekday(day)?,
                u8::try_from(*n).ok()?,
            ),
            HolidayRule::Easter { offset_days } => {
                let easter = easter_sunday(year)?;
                let days = Days::new(offset_days.unsigned_abs());
                if *offset_days < 0 {
                    easter.checked_sub_days(days)
                } else {
                    easter.checked_add_days(days)
                }
            }
            HolidayRule::EverySixYears {
                month,
                day,
                first_year,
            } => ((year - first_year).rem_euclid(6) == 0)
                .then(|| NaiveDate::from_ymd_opt(year, *month, *day))
                .flatten(),
        }
    }
}

/// The holidays on which every office closes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    holidays: Vec<Holiday>,
}

impl HolidayCalendar {
    /// The calendar of a holiday catalog; a rule that can never fall (a weekday that is
    /// not one, month 13, a sixth Monday) is refused with its name.
    pub fn new(catalog: &HolidayCatalog) -> Result<Self, String> {
        let holidays: Vec<Holiday> = catalog
            .rules
            .iter()
            .map(|record| Holiday {
                rule: record.rule.clone(),
                name_es: record.name_es.clone(),
                name_en: record.name_en.clone(),
            })
            .collect();
        for holiday in &holidays {
            let falls = (2024..2036).any(|year| holiday.date_in(year).is_some());
            if !falls || holiday.name_es.trim().is_empty() {
                return Err(format!("holiday rule {:?} never falls", holiday.name_en));
            }
        }
        Ok(Self { holidays })
    }

    /// The holiday on `date`, if it is one.
    pub fn holiday_on(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|holiday| holiday.date_in(date.year()) == Some(date))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
        assert_eq!(easter_sunday(1500), None);
    }

    #[test]
    fn the_shipped_calendar_closes_on_the_mexican_holidays_of_2026() {
        let calendar = HolidayCalendar::new(portal_shared::citas::holidays()).unwrap();
        for (month, day) in [
            (1, 1),
            (2, 2),
            (3, 16),
            (4, 2),
            (4, 3),
            (5, 1),
            (9, 16),
            (11, 2),
            (11, 16),
            (12, 12),
            (12, 25),
        ] {
            assert!(
                calendar.holiday_on(d(2026, month, day)).is_some(),
                "2026-{month}-{day}"
            );
        }
        assert!(calendar.holiday_on(d(2026, 2, 3)).is_none());
        assert!(calendar.holiday_on(d(2026, 10, 1)).is_none());
        assert!(
            calendar.holiday_on(d(2030, 10, 1)).is_some(),
            "inauguration years"
        );
        assert_eq!(
            calendar
                .holiday_on(d(2027, 3, 26))
                .map(|h| h.name_en.as_str()),
            Some("Good Friday")
        );
    }

    #[test]
    fn a_rule_that_never_falls_is_refused() {
        let catalog = HolidayCatalog {
            version: "x".into(),
            source: "x".into(),
            rules: vec![portal_shared::citas::HolidayRecord {
                rule: HolidayRule::NthWeekday {
                    month: 2,
                    weekday: "monday".into(),
                    n: 1,
                },
                name_es: "Mal".into(),
                name_en: "Bad".into(),
            }],
        };
        assert!(HolidayCalendar::new(&catalog).is_err());
    }
}
