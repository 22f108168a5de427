//! The appointment as an iCalendar file (RFC 5545) a traveler adds to their calendar: the
//! event in the office's own time zone (`DTSTART;TZID=America/Tijuana:…`) with that
//! zone's `VTIMEZONE` written out from the bundled tz database — its changes around the
//! appointment — so a calendar shows the office's hour whatever zone it is set to; a
//! stable `UID`, a `SEQUENCE` raised by each reschedule, and `METHOD:CANCEL` with
//! `STATUS:CANCELLED` when the appointment is cancelled.
//!
//! Written here rather than with the `icalendar` crate, which writes events but has no
//! `VTIMEZONE` (nor its `STANDARD`/`DAYLIGHT` parts) to write; the tests read every file
//! back with that crate's parser.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// Whether the file books the appointment (or moves it) or cancels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMethod {
    /// `METHOD:REQUEST`, `STATUS:CONFIRMED`.
    Book,
    /// `METHOD:CANCEL`, `STATUS:CANCELLED`.
    Cancel,
}

/// One appointment, as the calendar file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentEvent {
    /// The same for every file of one appointment (its id and the portal's host).
    pub uid: String,
    /// 0 when booked, one more at every reschedule (and the cancellation keeps the last).
    pub sequence: u32,
    pub method: CalendarMethod,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The office's time zone: the event is written in it.
    pub time_zone: Tz,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// `mailto:` of the portal (the organizer) and of the traveler (the attendee).
    pub organizer_email: String,
    pub attendee_email: String,
    /// When this file was made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
}

/// The `.ics` text of `event` (CRLF line ends, lines folded at 75 octets).
pub fn appointment_ics(event: &AppointmentEvent) -> String {
    let mut out = Lines::default();
    let zone = event.time_zone.name();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Portal de Servicios//Citas INM//ES");
    out.line("CALSCALE:GREGORIAN");
    out.line(match event.method {
        CalendarMethod::Book => "METHOD:REQUEST",
        CalendarMethod::Cancel => "METHOD:CANCEL",
    });
    time_zone_component(&mut out, event.time_zone, event.starts_at);
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", text(&event.uid)));
    out.line(&format!("SEQUENCE:{}", event.sequence));
    out.line(&format!("DTSTAMP:{}", utc(event.stamp)));
    out.line(&format!(
        "DTSTART;TZID={zone}:{}",
        local(
            event
                .starts_at
                .with_timezone(&event.time_zone)
                .naive_local()
        )
    ));
    out.line(&format!(
        "DTEND;TZID={zone}:{}",
        local(event.ends_at.with_timezone(&event.time_zone).naive_local())
    ));
    out.line(&format!("SUMMARY:{}", text(&event.summary)));
    out.line(&format!("LOCATION:{}", text(&event.location)));
    out.line(&format!("DESCRIPTION:{}", text(&event.description)));
    out.line(&format!(
        "ORGANIZER:mailto:{}",
        text(&event.organizer_email)
    ));
    out.line(&format!(
        "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:{}",
        text(&event.attendee_email)
    ));
    out.line(match event.method {
        CalendarMethod::Book => "STATUS:CONFIRMED",
        CalendarMethod::Cancel => "STATUS:CANCELLED",
    });
    out.line("TRANSP:OPAQUE");
    out.line("END:VEVENT");
    out.line("END:VCALENDAR");
    out.text
}

/// The zone's observances from a year before `around` to a year after: the one in force
/// at the start, then one per change of offset, each starting at its local wall time.
fn time_zone_component(out: &mut Lines, zone: Tz, around: DateTime<Utc>) {
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", zone.name()));
    let from = around - Duration::days(366);
    let until = around + Duration::days(366);
    let first = zone.offset_from_utc_datetime(&from.naive_utc());
    observance(out, &first, first.fix().local_minus_utc(), from.naive_utc());
    let mut previous = first;
    let mut at = from;
    // A day at a time, then the second of each change by bisection: no zone changes its
    // offset twice within one day, and this is 25 times fewer look-ups than by the hour.
    while at < until {
        let next = at + Duration::days(1);
        let offset = zone.offset_from_utc_datetime(&next.naive_utc());
        if offset != previous {
            let change = change_between(zone, at, next);
            let after = zone.offset_from_utc_datetime(&change.naive_utc());
            let before_seconds = previous.fix().local_minus_utc();
            // DTSTART is the wall time just before the change, in the offset it ends.
            let wall = change.naive_utc() + Duration::seconds(i64::from(before_seconds));
            observance(out, &after, before_seconds, wall);
            previous = after;
        }
        at = next;
    }
    out.line("END:VTIMEZONE");
}

/// The first second in `(before, after]` at which the zone's offset is the one of `after`.
fn change_between(zone: Tz, mut before: DateTime<Utc>, mut after: DateTime<Utc>) -> DateTime<Utc> {
    let target = zone.offset_from_utc_datetime(&after.naive_utc());
    while after - before > Duration::seconds(1) {
        let middle = before + (after - before) / 2;
        if zone.offset_from_utc_datetime(&middle.naive_utc()) == target {
            after = middle;
        } else {
            before = middle;
        }
    }
    after
}

fn observance(
    out: &mut Lines,
    offset: &chrono_tz::TzOffset,
    from_seconds: i32,
    wall_start: NaiveDateTime,
) {
    let kind = if offset.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    out.line(&format!("BEGIN:{kind}"));
    out.line(&format!("DTSTART:{}", local(wall_start)));
    out.line(&format!("TZOFFSETFROM:{}", utc_offset(from_seconds)));
    out.line(&format!(
        "TZOFFSETTO:{}",
        utc_offset(offset.fix().local_minus_utc())
    ));
    if let Some(name) = offset
        .abbreviation()
        .filter(|name| !name.starts_with(['+', '-']))
    {
        out.line(&format!("TZNAME:{}", text(name)));
    }
    out.line(&format!("END:{kind}"));
}

/// `±HHMM` (RFC 5545 §3.3.14).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value, escaped (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

/// Content lines ended by CRLF and folded at 75 octets, never inside a character.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, content: &str) {
        let mut width = 0;
        for character in content.chars() {
            let size = character.len_utf8();
            if width + size > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(character);
            width += size;
        }
        self.text.push_str("\r\n");
    }
}
