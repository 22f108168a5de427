//! Citas at the office: its staff's agenda, the check-in by the confirmation's QR, the
//! attendance and no-shows, and the operator closing a day — audited, on both databases.

use crate::citas_appointments::{TIJUANA, branding, code_of, parse_time};
use crate::helpers::{TestApp, read, spawn_app};
use crate::officers::{officer, staff};
use chrono::Duration;
use portal_api::clock::Clock;
use portal_domain::account::Role;
use portal_shared::citas::{AgendaEntry, Appointment, AppointmentStatus, OfficeAgenda};
use serde_json::json;

async fn offices(app: &TestApp, args: &[&str]) -> Result<String, String> {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    portal_api::routes::citas::offices_command(&app.db, &branding(), &args, app.clock.now()).await
}

/// The confirmation QR of `appointment`, read from its PDF.
async fn qr_of(app: &TestApp, token: &str, appointment: &Appointment) -> String {
    let pdf = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/confirmation", appointment.id),
            token,
        )
        .await
        .bytes()
        .await
        .unwrap();
    portal_documents::inspect::qr_text_of(&pdf).unwrap()
}

async fn check_in(app: &TestApp, officer: &str, qr: &str) -> reqwest::Response {
    app.send_as(
        reqwest::Method::POST,
        "/api/v1/officer/citas/check-ins",
        officer,
        &json!({ "token": qr }),
    )
    .await
}

async fn agenda(app: &TestApp, officer: &str, date: &str) -> OfficeAgenda {
    read(
        app.get_as(
            &format!("/api/v1/officer/citas/agenda?date={date}"),
            officer,
        )
        .await,
        200,
    )
    .await
}

#[tokio::test]
async fn the_office_checks_people_in_by_their_qr_on_the_day_and_marks_the_missing() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("office", 2).await;
    let (ana, beto) = (&travelers[0], &travelers[1]);
    let anas = app.file_application(&ana.token, &ana.document_id).await;
    let betos = app.file_application(&beto.token, &beto.document_id).await;
    let first = app.booked(ana, &anas, TIJUANA, 3).await;
    let day = first.local_start[..10].to_owned();
    // Beto on the same day, if it has room; the agenda lists both in order.
    let second = app.booked(beto, &betos, TIJUANA, 3).await;

    let officer = officer(&app).await;
    let unassigned = app.get_as("/api/v1/officer/citas/agenda", &officer).await;
    assert_eq!(unassigned.status(), 403, "no office yet");
    offices(&app, &["assign", "agente@inm.example.mx", TIJUANA])
        .await
        .unwrap();
    let elsewhere = staff(&app, Role::Officer, "otra@inm.example.mx", "INM-0077").await;
    offices(&app, &["assign", "otra@inm.example.mx", "bcn-mexicali"])
        .await
        .unwrap();

    let listed = agenda(&app, &officer, &day).await;
    assert_eq!(listed.time_zone, "America/Tijuana");
    let entry = listed
        .appointments
        .iter()
        .find(|e| e.appointment_id == first.id)
        .expect("Ana's appointment on the agenda");
    assert_eq!(entry.local_time, first.local_start[11..]);
    assert_eq!(entry.document_number, "AB000000");
    assert_eq!(entry.folio, anas.folio);
    assert!(
        agenda(&app, &elsewhere, &day).await.appointments.is_empty(),
        "another office's agenda"
    );

    let qr = qr_of(&app, &ana.token, &first).await;
    // Not today yet; another office's officer; an altered QR.
    assert_eq!(
        code_of(check_in(&app, &officer, &qr).await).await,
        (409, "appointment_not_today".to_owned())
    );
    assert_eq!(
        code_of(check_in(&app, &elsewhere, &qr).await).await,
        (409, "appointment_other_office".to_owned())
    );
    let mut altered = qr.clone();
    altered.replace_range(altered.len() - 4.., "AAAA");
    assert_eq!(
        code_of(check_in(&app, &officer, &altered).await).await,
        (422, "confirmation_invalid".to_owned())
    );

    // On the day, at the office: checked in, once.
    let starts_at = parse_time(&first.starts_at);
    app.clock
        .advance(starts_at - Duration::minutes(10) - app.clock.now());
    let checked: AgendaEntry = read(check_in(&app, &officer, &qr).await, 200).await;
    assert_eq!(checked.status, AppointmentStatus::Attended);
    assert_eq!(checked.given_names, "Ana a");
    assert_eq!(
        code_of(check_in(&app, &officer, &qr).await).await,
        (409, "appointment_not_active".to_owned())
    );

    // Beto does not come: a no-show only once his time has passed.
    let mark = |id: String, outcome: &'static str| {
        let (app, officer) = (&app, officer.clone());
        async move {
            app.send_as(
                reqwest::Method::POST,
                &format!("/api/v1/officer/citas/appointments/{id}/attendance"),
                &officer,
                &json!({ "outcome": outcome }),
            )
            .await
        }
    };
    let betos_start = parse_time(&second.starts_at);
    if betos_start > app.clock.now() {
        assert_eq!(
            code_of(mark(second.id.clone(), "no_show").await).await,
            (409, "appointment_not_started".to_owned())
        );
        app.clock
            .advance(betos_start + Duration::minutes(31) - app.clock.now());
    }
    let missed: AgendaEntry = read(mark(second.id.clone(), "no_show").await, 200).await;
    assert_eq!(missed.status, AppointmentStatus::NoShow);
    assert_eq!(
        mark(first.id.clone(), "no_show").await.status(),
        409,
        "already attended"
    );
    let not_hers = app
        .send_as(
            reqwest::Method::POST,
            &format!(
                "/api/v1/officer/citas/appointments/{}/attendance",
                second.id
            ),
            &elsewhere,
            &json!({ "outcome": "attended" }),
        )
        .await;
    assert_eq!(not_hers.status(), 404, "not an appointment of her office");

    // Every step is in the audit log.
    for action in [
        "citas_check_in",
        "citas_attendance",
        "citas_invalid_check_in",
    ] {
        assert!(
            app.count_where("audit_events", &format!("action = '{action}'"))
                .await
                >= 1,
            "{action}"
        );
    }
    // Travelers are not staff.
    assert_eq!(
        app.get_as("/api/v1/officer/citas/agenda", &ana.token)
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn a_qr_from_before_a_move_is_refused_at_the_counter() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] =
        <[crate::helpers::QuickTraveler; 1]>::try_from(app.quick_travelers("moved", 1).await)
            .ok()
            .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let original = app.booked(&ana, &application, TIJUANA, 3).await;
    let old_qr = qr_of(&app, &ana.token, &original).await;
    let later = app.free_time(TIJUANA, 6).await;
    let hold: portal_shared::citas::SeatHold = read(
        app.hold(&ana.token, &application.id, TIJUANA, &later).await,
        201,
    )
    .await;
    let moved: Appointment = read(
        app.reschedule(&ana.token, &original.id, &hold.hold_id)
            .await,
        200,
    )
    .await;
    let officer = officer(&app).await;
    offices(&app, &["assign", "agente@inm.example.mx", TIJUANA])
        .await
        .unwrap();
    app.clock
        .advance(parse_time(&moved.starts_at) - Duration::minutes(5) - app.clock.now());
    assert_eq!(
        code_of(check_in(&app, &officer, &old_qr).await).await,
        (409, "appointment_changed".to_owned())
    );
    let new_qr = qr_of(&app, &ana.token, &moved).await;
    assert_eq!(check_in(&app, &officer, &new_qr).await.status(), 200);
}

#[tokio::test]
async fn closing_a_day_cancels_its_appointments_emails_each_traveler_and_withdraws_its_seats() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] =
        <[crate::helpers::QuickTraveler; 1]>::try_from(app.quick_travelers("closed", 1).await)
            .ok()
            .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let appointment = app.booked(&ana, &application, TIJUANA, 4).await;
    let day = appointment.local_start[..10].to_owned();

    let refused = offices(&app, &["close", TIJUANA, &day]).await;
    assert!(refused.is_err(), "a reason is required");
    let printed = offices(
        &app,
        &["close", TIJUANA, &day, "Fumigación", "del", "edificio"],
    )
    .await
    .unwrap();
    assert!(printed.contains("1 appointments cancelled"), "{printed}");

    let list = app.appointments_of(&ana.token).await;
    assert_eq!(list[0].status, AppointmentStatus::Cancelled);
    let email = app
        .emails_to(&ana.email)
        .await
        .into_iter()
        .find(|e| e.kind == "cita_office_closed")
        .expect("emailed");
    assert!(email.body_text.contains("Fumigación del edificio"));
    assert!(email.body_text.contains("lista de espera"));
    assert!(
        email
            .calendar
            .as_deref()
            .is_some_and(|c| c.contains("METHOD:CANCEL"))
    );

    // The day offers nothing, and publishing again does not bring it back.
    let slots: portal_shared::citas::DaySlots = read(
        app.client
            .get(app.url(&format!("/api/v1/citas/offices/{TIJUANA}/slots?date={day}")))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert!(slots.slots.is_empty());
    app.publish_offices().await;
    let again: portal_shared::citas::DaySlots = read(
        app.client
            .get(app.url(&format!("/api/v1/citas/offices/{TIJUANA}/slots?date={day}")))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert!(again.slots.is_empty(), "closed days stay closed");
    // Ana books another day with the same folio.
    let rebooked = app.booked(&ana, &application, TIJUANA, 6).await;
    assert_eq!(rebooked.folio, application.folio);
    assert!(
        app.count_where("audit_events", "action = 'office_closed'")
            .await
            == 1
    );
}
