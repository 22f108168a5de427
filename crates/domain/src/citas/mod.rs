//! INM Citas: offices with their time zone, hours and counters, the public holidays they
//! close on, the time slots a day offers — always computed in the office's own time
//! zone and stored as UTC instants — and the rules of an appointment.

mod appointments;
mod holidays;
mod schedule;

pub use appointments::{
    ChangeRefusal, active_key, booking_blocked_until, changes_until, may_cancel, may_reschedule,
    new_folio, person_key,
};
pub use holidays::{Holiday, HolidayCalendar, easter_sunday};
pub use schedule::{Office, OfficeError, Slot};
