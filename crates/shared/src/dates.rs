//! Calendar rules (ages on a given day) and how dates are read from forms and shown.

use chrono::{Datelike, NaiveDate};

/// Today's date in central Mexico (UTC−6 all year since daylight saving time ended in
/// 2022), the calendar that trip dates are written in.
pub fn mexico_today(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    mexico_time(now).date()
}

/// The wall-clock time in Mexico City at `at` (UTC−6 all year since Mexico dropped
/// daylight-saving time in 2022).
pub fn mexico_time(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (at - chrono::Duration::hours(6)).naive_utc()
}

/// Minimum age to hold an account.
pub const ADULT_AGE: u32 = 18;

/// Completed years of someone born on `birth` as of `today` (0 if not yet born).
///
/// A year is completed on the anniversary; someone born on 29 February completes it on
/// 1 March in common years (the anniversary does not exist, so it has not been reached on
/// 28 February).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if today < birth {
        return 0;
    }
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Whether someone born on `birth` is at least 18 on `today`.
pub fn is_adult_on(birth: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth, today) >= ADULT_AGE
}

/// The date a date field holds (`YYYY-MM-DD`, what `<input type="date">` gives), if any.
///
/// Written with `FromStr` rather than a format string: the browser app then carries no
/// format-string parser.
pub fn parse_form_date(text: &str) -> Option<NaiveDate> {
    text.trim().parse().ok()
}

/// `d` as the seed screens show dates: `DD/MM/YYYY`.
pub fn display_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_dates_are_read_as_the_browser_writes_them_and_shown_day_first() {
        assert_eq!(parse_form_date("2026-03-09"), Some(d(2026, 3, 9)));
        assert_eq!(parse_form_date(" 1990-05-17 "), Some(d(1990, 5, 17)));
        for bad in ["", "2026-02-30", "09/03/2026", "2026-3-9x", "mañana"] {
            assert_eq!(parse_form_date(bad), None, "{bad}");
        }
        assert_eq!(display_date(d(2026, 3, 9)), "09/03/2026");
        assert_eq!(
            display_date(d(1990, 12, 31)),
            d(1990, 12, 31).format("%d/%m/%Y").to_string()
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn mexico_city_is_six_hours_behind_utc() {
        let late_utc = d(2026, 12, 1)
            .and_hms_opt(5, 59, 0)
            .unwrap_or_default()
            .and_utc();
        assert_eq!(mexico_today(late_utc), d(2026, 11, 30));
        let six_utc = d(2026, 12, 1)
            .and_hms_opt(6, 0, 0)
            .unwrap_or_default()
            .and_utc();
        assert_eq!(mexico_today(six_utc), d(2026, 12, 1));
    }

    #[test]
    fn eighteen_is_reached_on_the_birthday_itself() {
        assert!(!is_adult_on(d(2008, 11, 30), d(2026, 11, 29)));
        assert!(is_adult_on(d(2008, 11, 30), d(2026, 11, 30)));
        assert!(is_adult_on(d(2008, 11, 30), d(2026, 12, 1)));
    }

    #[test]
    fn a_leap_day_birth_completes_the_year_on_the_first_of_march_in_common_years() {
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn a_leap_day_birth_completes_the_year_on_the_leap_day_in_leap_years() {
        assert_eq!(age_on(d(2004, 2, 29), d(2024, 2, 28)), 19);
        assert_eq!(age_on(d(2004, 2, 29), d(2024, 2, 29)), 20);
    }

    #[test]
    fn birth_dates_in_the_future_give_age_zero() {
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 11, 30)), 0);
        assert!(!is_adult_on(d(2030, 1, 1), d(2026, 11, 30)));
    }

    #[test]
    fn age_counts_whole_years_across_month_ends() {
        assert_eq!(age_on(d(1990, 12, 31), d(2026, 12, 30)), 35);
        assert_eq!(age_on(d(1990, 12, 31), d(2026, 12, 31)), 36);
        assert_eq!(age_on(d(1990, 1, 1), d(2026, 1, 1)), 36);
    }
}
