#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The calendar file read back with the `icalendar` crate's parser: the event's fields,
//! its local time in the office's zone, and the `VTIMEZONE` giving the right offset all
//! year round (daylight-saving changes included).

use super::calendar::{AppointmentEvent, CalendarMethod, appointment_ics};
use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, read_calendar, unfold};
use proptest::prelude::*;

fn event(zone: Tz, starts_at: DateTime<Utc>) -> AppointmentEvent {
    AppointmentEvent {
        uid: "0f7c2a9e-5d1b-4c7e-9a55-2e4f6a8b0c1d@portal.example.mx".to_owned(),
        sequence: 0,
        method: CalendarMethod::Book,
        starts_at,
        ends_at: starts_at + Duration::minutes(30),
        time_zone: zone,
        summary: "Cita INM: Regularización por unidad familiar".to_owned(),
        location: "Oficina de Representación del INM en Baja California, Tijuana; Av. Revolución 1, Zona Centro".to_owned(),
        description: "Folio 2026-000123. Lleve su pasaporte, el comprobante de domicilio y la solicitud impresa; llegue 15 minutos antes.\nEnglish: bring your passport.".to_owned(),
        organizer_email: "citas@portal.example.mx".to_owned(),
        attendee_email: "ana@example.com".to_owned(),
        stamp: Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap(),
    }
}

fn components<'a>(calendar: &'a [Component<'a>], name: &str) -> Vec<&'a Component<'a>> {
    calendar.iter().filter(|c| c.name == name).collect()
}

fn value<'a>(component: &'a Component<'a>, name: &str) -> Option<&'a str> {
    component
        .properties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.val.as_str())
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

/// `±HHMM` in seconds.
fn offset_seconds(text: &str) -> i32 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let hours: i32 = text[1..3].parse().unwrap();
    let minutes: i32 = text[3..5].parse().unwrap();
    sign * (hours * 3600 + minutes * 60)
}

/// Reads the file back: (the event's local start and its TZID, the offset the file's
/// VTIMEZONE gives that local start).
fn read_back(ics: &str) -> (NaiveDateTime, String, i32) {
    let unfolded = unfold(ics);
    let calendar = read_calendar(&unfolded).expect("a calendar the parser reads");
    let root = &calendar.components;
    let vevent = components(root, "VEVENT")[0];
    let start = vevent
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    let tzid = start
        .params
        .iter()
        .find(|param| param.key == "TZID")
        .and_then(|param| param.val.as_ref())
        .map(|val| val.as_str().to_owned())
        .unwrap();
    let starts = local(start.val.as_str());
    let vtimezone = components(root, "VTIMEZONE")[0];
    assert_eq!(value(vtimezone, "TZID"), Some(tzid.as_str()));
    // The observance in force: the last whose start (in its "from" offset) is not after.
    let at_utc = |c: &Component<'_>| {
        local(value(c, "DTSTART").unwrap())
            - Duration::seconds(i64::from(offset_seconds(value(c, "TZOFFSETFROM").unwrap())))
    };
    let mut observances: Vec<&Component<'_>> = vtimezone.components.iter().collect();
    observances.sort_by_key(|c| at_utc(c));
    let in_force = observances
        .iter()
        .rev()
        .find(|c| {
            let to = offset_seconds(value(c, "TZOFFSETTO").unwrap());
            at_utc(c) <= starts - Duration::seconds(i64::from(to))
        })
        .expect("an observance covers the event");
    (
        starts,
        tzid,
        offset_seconds(value(in_force, "TZOFFSETTO").unwrap()),
    )
}

#[test]
fn a_tijuana_appointment_is_written_in_tijuana_time_with_its_zone_changes() {
    let zone: Tz = "America/Tijuana".parse().unwrap();
    // Monday 9 March 2026, 09:00 in Tijuana: daylight time began the day before.
    let starts_at = Utc.with_ymd_and_hms(2026, 3, 9, 16, 0, 0).unwrap();
    let ics = appointment_ics(&event(zone, starts_at));
    assert!(
        ics.contains("DTSTART;TZID=America/Tijuana:20260309T090000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=America/Tijuana:20260309T093000\r\n"),
        "{ics}"
    );
    // The changes of 2026: 02:00 PST → PDT on 8 March, 02:00 PDT → PST on 1 November.
    assert!(
        ics.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nTZNAME:PDT\r\n"
        ),
        "{ics}"
    );
    assert!(
        ics.contains(
            "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nTZNAME:PST\r\n"
        ),
        "{ics}"
    );
    let (local_start, tzid, offset) = read_back(&ics);
    assert_eq!(tzid, "America/Tijuana");
    assert_eq!(local_start, local("20260309T090000"));
    assert_eq!(offset, -7 * 3600);

    // The Friday before, 09:00 is still standard time: an hour later in UTC.
    let friday = Utc.with_ymd_and_hms(2026, 3, 6, 17, 0, 0).unwrap();
    let (local_start, _, offset) = read_back(&appointment_ics(&event(zone, friday)));
    assert_eq!(local_start, local("20260306T090000"));
    assert_eq!(offset, -8 * 3600);
}

#[test]
fn a_mexico_city_appointment_has_one_standard_time_all_year() {
    let zone: Tz = "America/Mexico_City".parse().unwrap();
    let starts_at = Utc.with_ymd_and_hms(2026, 4, 6, 15, 0, 0).unwrap();
    let ics = appointment_ics(&event(zone, starts_at));
    assert_eq!(ics.matches("BEGIN:STANDARD").count(), 1, "{ics}");
    assert!(!ics.contains("BEGIN:DAYLIGHT"), "{ics}");
    let (local_start, _, offset) = read_back(&ics);
    assert_eq!(local_start, local("20260406T090000"));
    assert_eq!(offset, -6 * 3600);
}

#[test]
fn the_event_keeps_its_uid_raises_its_sequence_and_a_cancellation_says_so() {
    let zone: Tz = "America/Cancun".parse().unwrap();
    let starts_at = Utc.with_ymd_and_hms(2026, 12, 14, 14, 0, 0).unwrap();
    let booked = event(zone, starts_at);
    let moved = AppointmentEvent {
        sequence: 1,
        starts_at: starts_at + Duration::days(1),
        ends_at: booked.ends_at + Duration::days(1),
        ..booked.clone()
    };
    let cancelled = AppointmentEvent {
        method: CalendarMethod::Cancel,
        ..moved.clone()
    };
    let read = |e: &AppointmentEvent| {
        let unfolded = unfold(&appointment_ics(e));
        let calendar = read_calendar(&unfolded).unwrap();
        let root_method = calendar
            .properties
            .iter()
            .find(|p| p.name == "METHOD")
            .map(|p| p.val.as_str().to_owned());
        let vevent = components(&calendar.components, "VEVENT")[0];
        (
            root_method,
            value(vevent, "UID").map(str::to_owned),
            value(vevent, "SEQUENCE").map(str::to_owned),
            value(vevent, "STATUS").map(str::to_owned),
        )
    };
    let uid = Some(booked.uid.clone());
    assert_eq!(
        read(&booked),
        (
            Some("REQUEST".into()),
            uid.clone(),
            Some("0".into()),
            Some("CONFIRMED".into())
        )
    );
    assert_eq!(
        read(&moved),
        (
            Some("REQUEST".into()),
            uid.clone(),
            Some("1".into()),
            Some("CONFIRMED".into())
        )
    );
    assert_eq!(
        read(&cancelled),
        (
            Some("CANCEL".into()),
            uid,
            Some("1".into()),
            Some("CANCELLED".into())
        )
    );
}

#[test]
fn long_texts_are_escaped_folded_at_75_octets_and_read_back_whole() {
    let zone: Tz = "America/Mexico_City".parse().unwrap();
    let appointment = event(zone, Utc.with_ymd_and_hms(2026, 4, 6, 15, 0, 0).unwrap());
    let ics = appointment_ics(&appointment);
    assert!(ics.split("\r\n").all(|line| line.len() <= 75), "{ics}");
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).unwrap();
    let vevent = components(&calendar.components, "VEVENT")[0];
    // The parser unescapes: the texts come back exactly as given.
    assert_eq!(
        value(vevent, "DESCRIPTION"),
        Some(appointment.description.as_str())
    );
    assert_eq!(
        value(vevent, "LOCATION"),
        Some(appointment.location.as_str())
    );
    // …and were escaped in the file.
    assert!(
        unfolded.contains("Tijuana\\; Av. Revolución 1\\, Zona"),
        "{unfolded}"
    );
}

proptest! {
    /// Any half hour of 2026 and 2027 in any of Mexico's zones: the file's local time and
    /// its VTIMEZONE put the event back at the same instant.
    #[test]
    fn any_time_of_the_year_in_any_mexican_zone_reads_back_to_the_same_instant(
        half_hours in 0_i64..(2 * 365 * 48),
        zone in prop::sample::select(vec![
            "America/Tijuana", "America/Mexico_City", "America/Cancun", "America/Hermosillo",
            "America/Mazatlan", "America/Chihuahua", "America/Ciudad_Juarez", "America/Matamoros",
            "America/Monterrey", "America/Merida", "America/Ojinaga", "America/Bahia_Banderas",
        ]),
    ) {
        let zone: Tz = zone.parse().unwrap();
        let starts_at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
            + Duration::minutes(30 * half_hours);
        let (local_start, tzid, offset) = read_back(&appointment_ics(&event(zone, starts_at)));
        prop_assert_eq!(tzid, zone.name());
        prop_assert_eq!(
            offset,
            zone.offset_from_utc_datetime(&starts_at.naive_utc()).fix().local_minus_utc()
        );
        prop_assert_eq!(local_start - Duration::seconds(i64::from(offset)), starts_at.naive_utc());
    }
}
