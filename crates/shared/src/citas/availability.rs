//! What an office has free: the days of a month with free seats, and the times of a day,
//! always in the office's own time zone, which every answer names.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/citas/offices/{code}/availability?month=YYYY-MM`: the office's open days of
/// the month and how many seats each has free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MonthAvailability {
    pub office: String,
    /// IANA time zone of the office (`America/Tijuana`): the days are its calendar days.
    pub time_zone: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Only the days with published slots, in order; `free_seats` 0 when all are taken.
    pub days: Vec<DayAvailability>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DayAvailability {
    pub date: NaiveDate,
    pub free_seats: u32,
}

/// `GET /api/v1/citas/offices/{code}/slots?date=YYYY-MM-DD`: the times of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DaySlots {
    pub office: String,
    pub time_zone: String,
    pub date: NaiveDate,
    pub slots: Vec<SlotAvailability>,
}

/// One time of a day at the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SlotAvailability {
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// The start on the office's clock, `HH:MM`.
    pub local_time: String,
    /// The office's UTC offset at that time (`-07:00`): it changes with daylight saving.
    pub utc_offset: String,
    pub free_seats: u32,
}
