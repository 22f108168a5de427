//! INM Citas: what each office has free — the days of a month, the times of a day — in the
//! office's own time zone.

pub mod day_slots;
pub mod month_availability;

use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use portal_domain::citas::{HolidayCalendar, Office};

/// Registers this service's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(month_availability::month_availability)
        .service(day_slots::day_slots);
}

/// The office `code` of the catalog, checked; unknown is 404.
pub(crate) fn office(code: &str) -> Result<Office, ApiError> {
    let record = portal_shared::citas::offices()
        .offices
        .iter()
        .find(|office| office.code == code)
        .ok_or(ApiError::NotFound)?;
    Office::new(record).map_err(ApiError::internal)
}

/// The calendar of public holidays every office closes on.
pub fn holiday_calendar() -> Result<HolidayCalendar, String> {
    HolidayCalendar::new(portal_shared::citas::holidays())
}

/// The instant the office's day `date` begins (midnight exists on every Mexican clock; the
/// changes happen at night, after midnight).
pub(crate) fn day_start(office: &Office, date: NaiveDate) -> DateTime<Utc> {
    office
        .instant(date.and_time(chrono::NaiveTime::MIN))
        .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// `portal offices publish [DAYS]`: publishes the seats of every office's slots from today
/// (in each office's zone) for `DAYS` days (default 60); seats already published stay as
/// they are.
pub async fn publish_command(
    db: &portal_persistence::DatabaseConnection,
    args: &[String],
    now: DateTime<Utc>,
) -> Result<String, String> {
    let days: u32 = match args {
        [command] if command == "publish" => 60,
        [command, days] if command == "publish" => days
            .parse()
            .ok()
            .filter(|days| (1..=400).contains(days))
            .ok_or_else(|| format!("DAYS must be 1 to 400, not {days:?}\n\n{OFFICES_USAGE}"))?,
        _ => return Err(OFFICES_USAGE.to_owned()),
    };
    let holidays = holiday_calendar()?;
    let catalog = portal_shared::citas::offices();
    let mut added = 0;
    for record in &catalog.offices {
        let office = Office::new(record).map_err(|e| e.to_string())?;
        let today = office.today(now);
        let slots: Vec<portal_persistence::citas::seats::PublishedSlot> = (0..days)
            .filter_map(|n| today.checked_add_days(chrono::Days::new(u64::from(n))))
            .flat_map(|date| office.slots_on(date, &holidays))
            .map(|slot| portal_persistence::citas::seats::PublishedSlot {
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                seats: office.seats_per_slot,
            })
            .collect();
        added += portal_persistence::citas::seats::publish(db, &office.code, &slots, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "{added} seats published for the next {days} days of {} offices (catalog version {})",
        catalog.offices.len(),
        catalog.version
    ))
}

pub const OFFICES_USAGE: &str = "Usage: portal offices publish [DAYS]

  publish [DAYS]  publish the seats of every office's slots from today for DAYS days (default 60),
                  from crates/shared/data/citas/offices.json and the holiday rules; seats
                  already published, and whoever holds them, stay as they are";
