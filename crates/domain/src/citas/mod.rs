//! INM Citas: offices with their time zone, hours and counters, the public holidays they
//! close on, and the time slots a day offers — always computed in the office's own time
//! zone and stored as UTC instants.

mod holidays;
mod schedule;

pub use holidays::{Holiday, HolidayCalendar, easter_sunday};
pub use schedule::{Office, OfficeError, Slot};
