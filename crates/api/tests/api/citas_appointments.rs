//! Citas: the application and its folio, holding a time, booking it, the confirmation
//! (PDF with a signed QR, calendar file, email), cancelling and moving — every rule with
//! the server's clock moved instead of waiting, on SQLite and PostgreSQL.

use crate::helpers::{
    QuickTraveler, TestApp, TestOptions, error_body, field_codes, read, spawn_app, spawn_app_with,
};
use chrono::{DateTime, Duration, Utc};
use icalendar::parser::{read_calendar, unfold};
use portal_api::clock::Clock;
use portal_shared::citas::{
    Application, Appointment, AppointmentList, AppointmentStatus, DaySlots, MexicanAddress,
    MonthAvailability, SeatHold, StartApplicationRequest,
};
use portal_shared::receipts::PublicKey;
use serde_json::{Value, json};

pub const TIJUANA: &str = "bcn-tijuana";
pub const MEXICALI: &str = "bcn-mexicali";
/// A procedure that does not ask for the NUE.
pub const CANJE: &str = "canje_residente_temporal";

pub fn application_request(document_id: &str, procedure: &str) -> StartApplicationRequest {
    StartApplicationRequest {
        document_id: document_id.to_owned(),
        procedure: procedure.to_owned(),
        migratory_status: portal_shared::codes::Choice::from_code("visitor"),
        nue: String::new(),
        address: MexicanAddress {
            street: "Av. Revolución".into(),
            exterior_number: "1234".into(),
            interior_number: String::new(),
            colonia: "Zona Centro".into(),
            municipality: "Tijuana".into(),
            state: "BCN".into(),
            postal_code: "22000".into(),
        },
        phone: "6641234567".into(),
        email: "ana@example.com".into(),
    }
}

/// What a traveler does in the web app, as typed calls.
impl TestApp {
    pub(crate) async fn publish_offices(&self) {
        portal_api::routes::citas::publish_command(
            &self.db,
            &["publish".to_owned(), "40".to_owned()],
            self.clock.now(),
        )
        .await
        .expect("seats published");
    }

    pub(crate) async fn file_application(&self, token: &str, document_id: &str) -> Application {
        let response = self
            .send_as(
                reqwest::Method::POST,
                "/api/v1/citas/applications",
                token,
                &application_request(document_id, CANJE),
            )
            .await;
        read(response, 201).await
    }

    /// The first time with a free seat at `office`, `days` or more days from now.
    pub(crate) async fn free_time(&self, office: &str, days: i64) -> String {
        let first_day = (self.clock.now() + Duration::days(days)).date_naive();
        for month_offset in 0..3 {
            let month = first_day
                .checked_add_months(chrono::Months::new(month_offset))
                .unwrap()
                .format("%Y-%m")
                .to_string();
            let month: MonthAvailability = read(
                self.client
                    .get(self.url(&format!(
                        "/api/v1/citas/offices/{office}/availability?month={month}"
                    )))
                    .send()
                    .await
                    .unwrap(),
                200,
            )
            .await;
            for day in month
                .days
                .iter()
                .filter(|d| d.date >= first_day && d.free_seats > 0)
            {
                let slots: DaySlots = read(
                    self.client
                        .get(self.url(&format!(
                            "/api/v1/citas/offices/{office}/slots?date={}",
                            day.date
                        )))
                        .send()
                        .await
                        .unwrap(),
                    200,
                )
                .await;
                if let Some(slot) = slots.slots.iter().find(|s| s.free_seats > 0) {
                    return slot.starts_at.clone();
                }
            }
        }
        panic!("no free time at {office}");
    }

    pub(crate) async fn hold(
        &self,
        token: &str,
        application_id: &str,
        office: &str,
        starts_at: &str,
    ) -> reqwest::Response {
        self.send_as(
            reqwest::Method::POST,
            "/api/v1/citas/holds",
            token,
            &json!({"application_id": application_id, "office": office, "starts_at": starts_at}),
        )
        .await
    }

    pub(crate) async fn book(&self, token: &str, hold_id: &str) -> reqwest::Response {
        self.send_as(
            reqwest::Method::POST,
            "/api/v1/citas/appointments",
            token,
            &json!({ "hold_id": hold_id }),
        )
        .await
    }

    /// Holds the first free time at `office` `days` ahead and books it.
    pub(crate) async fn booked(
        &self,
        traveler: &QuickTraveler,
        application: &Application,
        office: &str,
        days: i64,
    ) -> Appointment {
        let starts_at = self.free_time(office, days).await;
        let hold: SeatHold = read(
            self.hold(&traveler.token, &application.id, office, &starts_at)
                .await,
            201,
        )
        .await;
        read(self.book(&traveler.token, &hold.hold_id).await, 201).await
    }

    pub(crate) async fn reschedule(
        &self,
        token: &str,
        appointment_id: &str,
        hold_id: &str,
    ) -> reqwest::Response {
        self.send_as(
            reqwest::Method::POST,
            &format!("/api/v1/citas/appointments/{appointment_id}/reschedule"),
            token,
            &json!({ "hold_id": hold_id }),
        )
        .await
    }

    pub(crate) async fn cancel(&self, token: &str, appointment_id: &str) -> reqwest::Response {
        self.send_as(
            reqwest::Method::POST,
            &format!("/api/v1/citas/appointments/{appointment_id}/cancellation"),
            token,
            &json!({}),
        )
        .await
    }

    pub(crate) async fn appointments_of(&self, token: &str) -> Vec<Appointment> {
        let list: AppointmentList =
            read(self.get_as("/api/v1/citas/appointments", token).await, 200).await;
        list.appointments
    }
}

pub(crate) async fn code_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = error_body(response).await;
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

pub(crate) fn parse_time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn an_application_gets_a_folio_and_every_field_rule_is_checked_on_the_server() {
    let app = spawn_app().await;
    let [ana, beto] = <[QuickTraveler; 2]>::try_from(app.quick_travelers("folio", 2).await)
        .ok()
        .unwrap();

    let mut bad = application_request(&ana.document_id, "renovacion_residente_temporal");
    bad.address.postal_code = "2200".into();
    bad.phone = "664".into();
    bad.migratory_status = portal_shared::codes::Choice::from_code("tourist");
    let refused = app
        .send_as(
            reqwest::Method::POST,
            "/api/v1/citas/applications",
            &ana.token,
            &bad,
        )
        .await;
    assert_eq!(refused.status(), 422);
    let fields = field_codes(&error_body(refused).await);
    for expected in [
        ("nue", "required"),
        ("address.postal_code", "invalid_postal_code"),
        ("phone", "invalid_mexican_phone"),
        ("migratory_status", "unknown_option"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {fields:?}"
        );
    }

    let application = app.file_application(&ana.token, &ana.document_id).await;
    assert!(application.folio.starts_with('P'), "{}", application.folio);
    assert_eq!(application.folio.len(), "P2026-XXXX-XXXX".len());
    assert_eq!(application.given_names, "Ana a");
    assert!(application.appointment.is_none());

    // Beto cannot file for Ana's document, nor see her applications.
    let not_his = app
        .send_as(
            reqwest::Method::POST,
            "/api/v1/citas/applications",
            &beto.token,
            &application_request(&ana.document_id, CANJE),
        )
        .await;
    assert_eq!(not_his.status(), 404);
    let his: Value = read(
        app.get_as("/api/v1/citas/applications", &beto.token).await,
        200,
    )
    .await;
    assert_eq!(his["applications"], json!([]));
    let hers: Value = read(
        app.get_as("/api/v1/citas/applications", &ana.token).await,
        200,
    )
    .await;
    assert_eq!(hers["applications"][0]["folio"], json!(application.folio));

    // A document with an application is not deleted from under it.
    let delete = app
        .delete_as(
            &format!("/api/v1/documents/{}", ana.document_id),
            &ana.token,
        )
        .await;
    assert_eq!(code_of(delete).await, (409, "document_in_use".to_owned()));
}

#[tokio::test]
async fn a_booked_time_comes_with_a_signed_confirmation_a_calendar_file_and_an_email() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("book", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let starts_at = app.free_time(TIJUANA, 3).await;
    let hold: SeatHold = read(
        app.hold(&ana.token, &application.id, TIJUANA, &starts_at)
            .await,
        201,
    )
    .await;
    assert_eq!(hold.expires_in, 300);
    assert_eq!(hold.time_zone, "America/Tijuana");
    let appointment: Appointment = read(app.book(&ana.token, &hold.hold_id).await, 201).await;
    assert_eq!(appointment.status, AppointmentStatus::Booked);
    assert_eq!(appointment.starts_at, starts_at);
    assert_eq!(appointment.folio, application.folio);
    assert_eq!(appointment.reschedules_left, 2);
    let zone: chrono_tz::Tz = "America/Tijuana".parse().unwrap();
    let local = parse_time(&starts_at).with_timezone(&zone);
    assert_eq!(
        appointment.local_start,
        local.format("%Y-%m-%d %H:%M").to_string()
    );
    assert_eq!(appointment.utc_offset, local.format("%:z").to_string());

    // Confirming the same hold again (a double click) gives the same appointment.
    let again: Appointment = read(app.book(&ana.token, &hold.hold_id).await, 200).await;
    assert_eq!(again.id, appointment.id);

    // The PDF's QR is an appointment token that verifies with the published keys.
    let pdf = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/confirmation", appointment.id),
            &ana.token,
        )
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    let text = portal_documents::inspect::text_of(&pdf).unwrap();
    assert!(text.contains(&application.folio), "{text}");
    assert!(text.contains("America/Tijuana"), "{text}");
    let token = portal_documents::inspect::qr_text_of(&pdf).unwrap();
    let keys: Vec<PublicKey> = {
        let set: Value = read(
            app.client
                .get(app.url("/api/v1/keys"))
                .send()
                .await
                .unwrap(),
            200,
        )
        .await;
        serde_json::from_value(set["keys"].clone()).unwrap()
    };
    let claims = portal_receipt_token::verify_appointment(&token, &keys).expect("verifies");
    assert_eq!(claims.appointment_id, appointment.id);
    assert_eq!(claims.document_number, "AB000000");
    assert_eq!(claims.starts_at, starts_at);
    assert!(
        portal_receipt_token::verify(&token, &keys).is_err(),
        "not a pre-registration receipt"
    );

    // The calendar file reads back with the office's zone and the stored time.
    let ics = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/calendar", appointment.id),
            &ana.token,
        )
        .await
        .text()
        .await
        .unwrap();
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).unwrap();
    let event = calendar
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("an event");
    let start = event.find_prop("DTSTART").unwrap();
    assert_eq!(
        start.val.as_str(),
        local.format("%Y%m%dT%H%M%S").to_string()
    );
    assert!(ics.contains("DTSTART;TZID=America/Tijuana:"));
    assert!(ics.contains("SEQUENCE:0"));
    assert!(ics.contains(&format!("UID:{}@", appointment.id)));

    // One email, with the PDF rendered at delivery and the calendar file.
    let emails = app.emails_to(&ana.email).await;
    let confirmation: Vec<_> = emails.iter().filter(|e| e.kind == "cita_booked").collect();
    assert_eq!(
        confirmation.len(),
        1,
        "one confirmation for the double click"
    );
    assert!(confirmation[0].subject.contains(&application.folio));
    assert!(
        confirmation[0]
            .body_text
            .contains(&local.format("%d/%m/%Y %H:%M").to_string())
    );
    assert!(confirmation[0].body_text.contains("America/Tijuana"));
    assert!(
        confirmation[0]
            .calendar
            .as_deref()
            .is_some_and(|c| c.contains("METHOD:REQUEST"))
    );
    assert!(confirmation[0].attachment.is_some());

    // Another account sees none of it.
    let [beto] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("other", 1).await)
        .ok()
        .unwrap();
    for path in ["", "/confirmation", "/calendar"] {
        let response = app
            .get_as(
                &format!("/api/v1/citas/appointments/{}{path}", appointment.id),
                &beto.token,
            )
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }
    assert_eq!(
        code_of(app.book(&beto.token, &hold.hold_id).await).await,
        (409, "hold_expired".to_owned())
    );
}

#[tokio::test]
async fn a_hold_runs_out_after_five_minutes_and_the_seat_goes_to_the_next_person() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("expiry", 2).await;
    let (ana, beto) = (&travelers[0], &travelers[1]);
    let anas = app.file_application(&ana.token, &ana.document_id).await;
    let betos = app.file_application(&beto.token, &beto.document_id).await;
    let starts_at = app.free_time(MEXICALI, 5).await;
    let seats = portal_shared::citas::offices()
        .offices
        .iter()
        .find(|o| o.code == MEXICALI)
        .unwrap()
        .seats_per_slot;
    // Ana holds every seat of the time? No: one hold per application — a second hold
    // for the same application lets the first go.
    let first: SeatHold = read(
        app.hold(&ana.token, &anas.id, MEXICALI, &starts_at).await,
        201,
    )
    .await;
    let second: SeatHold = read(
        app.hold(&ana.token, &anas.id, MEXICALI, &starts_at).await,
        201,
    )
    .await;
    assert_eq!(
        app.count_where("citas_seats", "holder_account_id IS NOT NULL")
            .await,
        1,
        "the first hold was let go: {} then {}",
        first.hold_id,
        second.hold_id
    );
    assert!(seats >= 2);

    app.clock
        .advance(Duration::minutes(5) + Duration::seconds(1));
    assert_eq!(
        code_of(app.book(&ana.token, &second.hold_id).await).await,
        (409, "hold_expired".to_owned())
    );
    assert_eq!(app.count("citas_appointments").await, 0);
    // Every seat of the time is free again, with nothing cleaned up first.
    let day = &starts_at[..10];
    let slots: DaySlots = read(
        app.client
            .get(app.url(&format!(
                "/api/v1/citas/offices/{MEXICALI}/slots?date={day}"
            )))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    let slot = slots
        .slots
        .iter()
        .find(|s| s.starts_at == starts_at)
        .unwrap();
    assert_eq!(slot.free_seats, seats);
    let betos_hold: SeatHold = read(
        app.hold(&beto.token, &betos.id, MEXICALI, &starts_at).await,
        201,
    )
    .await;
    let booked: Appointment = read(app.book(&beto.token, &betos_hold.hold_id).await, 201).await;
    assert_eq!(booked.starts_at, starts_at);

    // Letting a hold go frees it at once.
    let anas_again: SeatHold = read(
        app.hold(&ana.token, &anas.id, MEXICALI, &starts_at).await,
        201,
    )
    .await;
    let released = app
        .delete_as(
            &format!("/api/v1/citas/holds/{}", anas_again.hold_id),
            &ana.token,
        )
        .await;
    assert_eq!(released.status(), 204);
    assert_eq!(
        code_of(app.book(&ana.token, &anas_again.hold_id).await).await,
        (409, "hold_expired".to_owned())
    );
    let not_hers = app
        .delete_as(
            &format!("/api/v1/citas/holds/{}", betos_hold.hold_id),
            &ana.token,
        )
        .await;
    assert_eq!(not_hers.status(), 404, "a booked seat, and not hers");
}

#[tokio::test]
async fn one_person_holds_one_active_appointment_per_procedure_even_from_a_second_account() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("person", 1).await)
        .ok()
        .unwrap();
    let first = app.file_application(&ana.token, &ana.document_id).await;
    app.booked(&ana, &first, TIJUANA, 3).await;

    // The same person, from a second account with the same passport data
    // (`quick_travelers` names the n-th person of every batch alike).
    let [same_person] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("again", 1).await)
        .ok()
        .unwrap();
    let second = app
        .file_application(&same_person.token, &same_person.document_id)
        .await;
    let starts_at = app.free_time(TIJUANA, 6).await;
    let hold: SeatHold = read(
        app.hold(&same_person.token, &second.id, TIJUANA, &starts_at)
            .await,
        201,
    )
    .await;
    assert_eq!(
        code_of(app.book(&same_person.token, &hold.hold_id).await).await,
        (409, "appointment_exists".to_owned())
    );
    // Nothing stayed: the seat is still only held, not booked.
    assert_eq!(
        app.count_where("citas_seats", "appointment_id IS NOT NULL")
            .await,
        1
    );
    assert_eq!(app.count("citas_appointments").await, 1);
}

#[tokio::test]
async fn a_cancellation_up_to_24_hours_before_frees_the_seat_and_sends_the_calendar_cancel() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("cancel", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let appointment = app.booked(&ana, &application, TIJUANA, 3).await;
    let starts_at = parse_time(&appointment.starts_at);

    // 23 hours before, too late.
    let offset = starts_at - Duration::hours(23) - app.clock.now();
    app.clock.advance(offset);
    assert_eq!(
        code_of(app.cancel(&ana.token, &appointment.id).await).await,
        (409, "change_deadline_passed".to_owned())
    );
    app.clock.advance(-Duration::hours(2));
    let cancelled: Appointment = read(app.cancel(&ana.token, &appointment.id).await, 200).await;
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(
        app.count_where("citas_seats", "holder_account_id IS NOT NULL")
            .await,
        0
    );
    assert_eq!(
        code_of(app.cancel(&ana.token, &appointment.id).await).await,
        (409, "appointment_not_active".to_owned())
    );
    let emails = app.emails_to(&ana.email).await;
    let cancel = emails
        .iter()
        .find(|e| e.kind == "cita_cancelled")
        .expect("sent");
    let ics = cancel.calendar.as_deref().unwrap();
    assert!(
        ics.contains("METHOD:CANCEL") && ics.contains("SEQUENCE:1"),
        "{ics}"
    );
    assert!(ics.contains(&format!("UID:{}@", appointment.id)));
    assert!(
        cancel.attachment.is_none(),
        "no confirmation for a cancelled appointment"
    );
    let pdf = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/confirmation", appointment.id),
            &ana.token,
        )
        .await;
    assert_eq!(
        code_of(pdf).await,
        (409, "appointment_not_active".to_owned())
    );

    // The person may book again with the same folio.
    app.booked(&ana, &application, TIJUANA, 5).await;
    let list = app.appointments_of(&ana.token).await;
    assert_eq!(list.len(), 2);
    assert_eq!(
        list.iter()
            .filter(|a| a.status == AppointmentStatus::Booked)
            .count(),
        1
    );
}

#[tokio::test]
async fn a_sold_out_time_is_free_again_the_moment_a_seat_is_given_back() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana, bea] = <[QuickTraveler; 2]>::try_from(app.quick_travelers("soldout", 2).await)
        .ok()
        .unwrap();
    let ana_application = app.file_application(&ana.token, &ana.document_id).await;
    let bea_application = app.file_application(&bea.token, &bea.document_id).await;
    let time = one_seat_slot(&app, TIJUANA, 4).await;
    let held: SeatHold = read(
        app.hold(&ana.token, &ana_application.id, TIJUANA, &time)
            .await,
        201,
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            code_of(
                app.hold(&bea.token, &bea_application.id, TIJUANA, &time)
                    .await
            )
            .await,
            (409, "slot_full".to_owned()),
            "sold out, asked again and again"
        );
    }
    // Ana lets her hold go: Bea gets the seat at once, not after the portal stops
    // believing the time full.
    let released = app
        .send_as(
            reqwest::Method::DELETE,
            &format!("/api/v1/citas/holds/{}", held.hold_id),
            &ana.token,
            &json!({}),
        )
        .await;
    assert_eq!(released.status(), 204);
    let bea_hold: SeatHold = read(
        app.hold(&bea.token, &bea_application.id, TIJUANA, &time)
            .await,
        201,
    )
    .await;
    let booked: Appointment = read(app.book(&bea.token, &bea_hold.hold_id).await, 201).await;
    assert_eq!(
        code_of(
            app.hold(&ana.token, &ana_application.id, TIJUANA, &time)
                .await
        )
        .await,
        (409, "slot_full".to_owned())
    );
    // And the same when Bea cancels.
    read::<Appointment>(app.cancel(&bea.token, &booked.id).await, 200).await;
    let ana_hold: SeatHold = read(
        app.hold(&ana.token, &ana_application.id, TIJUANA, &time)
            .await,
        201,
    )
    .await;

    // A closed session holds and books nothing, and is told to log in again.
    assert_eq!(
        app.delete_as("/api/v1/sessions/current", &ana.token)
            .await
            .status(),
        204
    );
    let other_time = app.free_time(TIJUANA, 5).await;
    for time in [&time, &other_time] {
        assert_eq!(
            code_of(
                app.hold(&ana.token, &ana_application.id, TIJUANA, time)
                    .await
            )
            .await
            .0,
            401
        );
    }
    assert_eq!(
        code_of(app.book(&ana.token, &ana_hold.hold_id).await)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn a_move_takes_the_new_seat_first_keeps_the_old_one_when_it_fails_and_stops_after_two() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("move", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let original = app.booked(&ana, &application, TIJUANA, 3).await;

    // A move whose hold ran out fails and leaves the appointment as it was.
    let later = app.free_time(MEXICALI, 8).await;
    let stale: SeatHold = read(
        app.hold(&ana.token, &application.id, MEXICALI, &later)
            .await,
        201,
    )
    .await;
    app.clock.advance(Duration::minutes(6));
    assert_eq!(
        code_of(
            app.reschedule(&ana.token, &original.id, &stale.hold_id)
                .await
        )
        .await,
        (409, "hold_expired".to_owned())
    );
    let unchanged = &app.appointments_of(&ana.token).await[0];
    assert_eq!(unchanged.starts_at, original.starts_at);
    assert_eq!(unchanged.status, AppointmentStatus::Booked);
    assert_eq!(
        app.count_where("citas_seats", "appointment_id IS NOT NULL")
            .await,
        1
    );

    let mut current = original.clone();
    for (n, office) in [(1, MEXICALI), (2, TIJUANA)] {
        let time = app.free_time(office, 8 + n).await;
        let hold: SeatHold = read(
            app.hold(&ana.token, &application.id, office, &time).await,
            201,
        )
        .await;
        let moved: Appointment = read(
            app.reschedule(&ana.token, &current.id, &hold.hold_id).await,
            200,
        )
        .await;
        assert_eq!(moved.id, original.id, "the same appointment, the same UID");
        assert_eq!(moved.starts_at, time);
        assert_eq!(moved.office, office);
        assert_eq!(moved.reschedules_left, 2 - n as u32);
        current = moved;
    }
    assert_eq!(
        app.count_where("citas_seats", "appointment_id IS NOT NULL")
            .await,
        1,
        "the old seats were let go"
    );
    let ics = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/calendar", current.id),
            &ana.token,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        ics.contains("SEQUENCE:2") && ics.contains("METHOD:REQUEST"),
        "{ics}"
    );

    let time = app.free_time(TIJUANA, 15).await;
    let hold: SeatHold = read(
        app.hold(&ana.token, &application.id, TIJUANA, &time).await,
        201,
    )
    .await;
    assert_eq!(
        code_of(app.reschedule(&ana.token, &current.id, &hold.hold_id).await).await,
        (409, "reschedule_limit_reached".to_owned())
    );
    let moves = app
        .emails_to(&ana.email)
        .await
        .into_iter()
        .filter(|e| e.kind == "cita_rescheduled")
        .count();
    assert_eq!(moves, 2);
}

#[tokio::test]
async fn two_missed_appointments_within_ninety_days_block_online_booking_for_thirty_days() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("noshow", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let first = app.booked(&ana, &application, TIJUANA, 3).await;
    // The office records the no-shows (at its counter; here straight in storage).
    let mark_missed = |id: String| {
        let db = app.db.clone();
        let now = app.clock.now();
        async move {
            assert!(
                portal_persistence::citas::appointments::record_attendance(
                    &db,
                    id.parse().unwrap(),
                    AppointmentStatus::NoShow,
                    now,
                )
                .await
                .unwrap()
            );
        }
    };
    mark_missed(first.id.clone()).await;
    let second = app.booked(&ana, &application, TIJUANA, 6).await;
    mark_missed(second.id.clone()).await;
    app.clock
        .advance(parse_time(&second.starts_at) - app.clock.now() + Duration::hours(1));

    let time = app.free_time(TIJUANA, 2).await;
    let refused = app.hold(&ana.token, &application.id, TIJUANA, &time).await;
    assert_eq!(refused.status(), 403);
    let retry: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((29 * 86_400..=30 * 86_400).contains(&retry), "{retry}");
    assert_eq!(code_of(refused).await.1, "booking_blocked");

    app.clock.advance(Duration::days(30));
    // A month on, the office has published its next weeks.
    app.publish_offices().await;
    let time = app.free_time(TIJUANA, 2).await;
    let allowed = app.hold(&ana.token, &application.id, TIJUANA, &time).await;
    assert_eq!(allowed.status(), 201, "30 days later");
}

#[tokio::test]
async fn an_account_that_keeps_holding_is_told_to_wait() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("limit", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let time = app.free_time(TIJUANA, 3).await;
    for _ in 0..20 {
        assert_eq!(
            app.hold(&ana.token, &application.id, TIJUANA, &time)
                .await
                .status(),
            201
        );
    }
    let refused = app.hold(&ana.token, &application.id, TIJUANA, &time).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn holds_from_one_address_are_limited_across_its_accounts() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("address", 4).await;
    let mut applications = Vec::new();
    let mut times = Vec::new();
    for (n, traveler) in travelers.iter().enumerate() {
        applications.push(
            app.file_application(&traveler.token, &traveler.document_id)
                .await,
        );
        times.push(
            app.free_time(TIJUANA, 3 + 7 * i64::try_from(n).unwrap())
                .await,
        );
    }
    // Four accounts behind one address, fifteen holds each (each in its own week): each
    // under its own 20, the address at its 60.
    for ((traveler, application), time) in travelers.iter().zip(&applications).zip(&times) {
        for _ in 0..15 {
            assert_eq!(
                app.hold(&traveler.token, &application.id, TIJUANA, time)
                    .await
                    .status(),
                201
            );
        }
    }
    let refused = app
        .hold(&travelers[0].token, &applications[0].id, TIJUANA, &times[0])
        .await;
    assert_eq!(refused.status(), 429);
    let retry: i64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3_500..=3_600).contains(&retry), "{retry}");
    // The refused attempt was counted nowhere.
    assert_eq!(
        app.count_where("rate_limit_attempts", "bucket = 'citas_hold_account'")
            .await,
        60
    );
}

#[tokio::test]
async fn holds_are_refused_for_an_office_without_the_procedure_or_a_time_it_does_not_offer() {
    let app = spawn_app().await;
    app.publish_offices().await;
    let [ana] = <[QuickTraveler; 1]>::try_from(app.quick_travelers("refused", 1).await)
        .ok()
        .unwrap();
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let time = app.free_time(TIJUANA, 3).await;
    let odd = (parse_time(&time) + Duration::minutes(7)).to_rfc3339();
    let response = app.hold(&ana.token, &application.id, TIJUANA, &odd).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![("starts_at".to_owned(), "slot_not_offered".to_owned())]
    );
    let response = app
        .hold(&ana.token, &application.id, "no-such-office", &time)
        .await;
    assert_eq!(
        field_codes(&error_body(response).await),
        vec![("office".to_owned(), "unknown_option".to_owned())]
    );
    let past = (app.clock.now() - Duration::hours(1)).to_rfc3339();
    assert_eq!(
        app.hold(&ana.token, &application.id, TIJUANA, &past)
            .await
            .status(),
        422
    );
    assert_eq!(
        app.hold(&ana.token, "not-an-id", TIJUANA, &time)
            .await
            .status(),
        404
    );
    let anonymous = app
        .client
        .post(app.url("/api/v1/citas/holds"))
        .json(&json!({"application_id": application.id, "office": TIJUANA, "starts_at": time}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// Everyone holds the time and books what they held, all at once, from their own
/// address (behind the trusted proxy), through the servers given in turn.
async fn race(
    app: &TestApp,
    servers: &[String],
    travelers: &[QuickTraveler],
    office: &str,
    time: &str,
) -> Vec<u16> {
    let mut applications = Vec::new();
    for traveler in travelers {
        applications.push(
            app.file_application(&traveler.token, &traveler.document_id)
                .await,
        );
    }
    let attempts = travelers.iter().zip(applications).enumerate().map(|(n, (traveler, application))| {
        let client = app.client.clone();
        let server = servers[n % servers.len()].clone();
        let token = traveler.token.clone();
        let time = time.to_owned();
        let office = office.to_owned();
        async move {
            let address = format!("10.1.{}.{}", n / 250, n % 250 + 1);
            let hold = client
                .post(format!("{server}/api/v1/citas/holds"))
                .bearer_auth(&token)
                .header("X-Forwarded-For", &address)
                .json(&json!({"application_id": application.id, "office": office, "starts_at": time}))
                .send()
                .await
                .unwrap();
            if hold.status() != 201 {
                return hold.status().as_u16();
            }
            let hold: SeatHold = hold.json().await.unwrap();
            client
                .post(format!("{server}/api/v1/citas/appointments"))
                .bearer_auth(&token)
                .header("X-Forwarded-For", &address)
                .json(&json!({ "hold_id": hold.hold_id }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    futures_util::future::join_all(attempts).await
}

fn trusted_loopback() -> TestOptions {
    TestOptions {
        settings: vec![("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32".to_owned())],
        ..TestOptions::default()
    }
}

#[tokio::test]
async fn two_hundred_people_booking_a_five_seat_slot_at_once_book_exactly_five() {
    let app = spawn_app_with(trusted_loopback()).await;
    app.publish_offices().await;
    let office = TIJUANA;
    let time = five_seat_slot_at(&app, office).await;
    let travelers = app.quick_travelers("race", 200).await;
    let statuses = race(
        &app,
        std::slice::from_ref(&app.address),
        &travelers,
        office,
        &time,
    )
    .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        5,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "the rest a clear 409: {statuses:?}"
    );
    assert_eq!(
        portal_persistence::citas::appointments::count_booked(&app.db)
            .await
            .unwrap(),
        5
    );
}

#[tokio::test]
async fn bookings_spread_over_two_portal_processes_on_one_database_still_book_exactly_five() {
    let app = spawn_app_with(trusted_loopback()).await;
    app.publish_offices().await;
    let office = TIJUANA;
    let time = five_seat_slot_at(&app, office).await;
    let travelers = app.quick_travelers("spread", 120).await;
    let second = app.start_portal_process().await;
    let servers = [app.address.clone(), second.address.clone()];
    let statuses = race(&app, &servers, &travelers, office, &time).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        5,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn fifty_concurrent_moves_never_leave_anyone_with_no_appointment_or_two() {
    let app = spawn_app_with(trusted_loopback()).await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("moves", 50).await;
    let mut booked = Vec::new();
    for traveler in &travelers {
        let application = app
            .file_application(&traveler.token, &traveler.document_id)
            .await;
        let appointment = app.booked(traveler, &application, MEXICALI, 3).await;
        booked.push((application, appointment));
    }
    // Everyone moves to the same few times at once: some get a seat, the rest keep theirs.
    let target = app.free_time(TIJUANA, 12).await;
    let moves = travelers.iter().zip(&booked).enumerate().map(|(n, (traveler, (application, appointment)))| {
        let client = app.client.clone();
        let server = app.address.clone();
        let target = target.clone();
        let token = traveler.token.clone();
        let (application_id, appointment_id) = (application.id.clone(), appointment.id.clone());
        async move {
            let address = format!("10.2.0.{}", n + 1);
            let hold = client
                .post(format!("{server}/api/v1/citas/holds"))
                .bearer_auth(&token)
                .header("X-Forwarded-For", &address)
                .json(&json!({"application_id": application_id, "office": TIJUANA, "starts_at": target}))
                .send()
                .await
                .unwrap();
            if hold.status() != 201 {
                return hold.status().as_u16();
            }
            let hold: SeatHold = hold.json().await.unwrap();
            client
                .post(format!("{server}/api/v1/citas/appointments/{appointment_id}/reschedule"))
                .bearer_auth(&token)
                .header("X-Forwarded-For", &address)
                .json(&json!({ "hold_id": hold.hold_id }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(moves).await;
    let seats = portal_shared::citas::offices()
        .offices
        .iter()
        .find(|o| o.code == TIJUANA)
        .unwrap()
        .seats_per_slot as usize;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        seats,
        "{statuses:?}"
    );
    for traveler in &travelers {
        let active: Vec<_> = app
            .appointments_of(&traveler.token)
            .await
            .into_iter()
            .filter(|a| a.status == AppointmentStatus::Booked)
            .collect();
        assert_eq!(active.len(), 1, "{}", traveler.email);
    }
    assert_eq!(
        app.count_where("citas_seats", "appointment_id IS NOT NULL")
            .await,
        50,
        "one seat per appointment, the old ones let go"
    );
}

/// A 5-seat slot at `office`, a week after its first free time ten days on, at a time
/// its schedule does not offer (so only the published 5 seats exist).
async fn five_seat_slot_at(app: &TestApp, office: &str) -> String {
    let starts_at =
        parse_time(&app.free_time(office, 10).await) + Duration::days(7) + Duration::minutes(10);
    portal_persistence::citas::seats::publish(
        &app.db,
        office,
        &[portal_persistence::citas::seats::PublishedSlot {
            starts_at,
            ends_at: starts_at + Duration::minutes(30),
            seats: 5,
        }],
        app.clock.now(),
    )
    .await
    .unwrap();
    starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn branding() -> portal_mailer::Branding {
    portal_mailer::Branding {
        portal_name: "Portal de Servicios".into(),
        public_url: "http://portal.test".into(),
    }
}

/// What the Citas worker does at the server's now, run here instead of waited for.
async fn citas_round(app: &TestApp) -> portal_api::routes::citas::jobs::Round {
    portal_api::routes::citas::jobs::run_once(&app.db, &branding(), app.clock.now())
        .await
        .unwrap()
}

/// A one-seat slot at `office` `days` on, at a minute its schedule does not offer.
async fn one_seat_slot(app: &TestApp, office: &str, days: i64) -> String {
    let starts_at = parse_time(&app.free_time(office, days).await) + Duration::minutes(5);
    portal_persistence::citas::seats::publish(
        &app.db,
        office,
        &[portal_persistence::citas::seats::PublishedSlot {
            starts_at,
            ends_at: starts_at + Duration::minutes(30),
            seats: 1,
        }],
        app.clock.now(),
    )
    .await
    .unwrap();
    starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An app whose own Citas worker stays idle after its first round: the test runs the
/// rounds itself, at the times it sets.
async fn spawn_app_running_rounds_itself() -> TestApp {
    spawn_app_with(TestOptions {
        settings: vec![("PORTAL_CITAS_POLL_SECONDS", "86400".to_owned())],
        ..TestOptions::default()
    })
    .await
}

async fn waitlist_of(app: &TestApp, token: &str) -> portal_shared::citas::Waitlist {
    read(app.get_as("/api/v1/citas/waitlist", token).await, 200).await
}

#[tokio::test]
async fn a_freed_seat_goes_to_the_first_in_line_for_thirty_minutes_then_to_the_next() {
    let app = spawn_app_running_rounds_itself().await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("wait", 3).await;
    let (ana, beto, carla) = (&travelers[0], &travelers[1], &travelers[2]);
    let time = one_seat_slot(&app, TIJUANA, 6).await;
    let day = parse_time(&time)
        .with_timezone(&"America/Tijuana".parse::<chrono_tz::Tz>().unwrap())
        .date_naive();
    let anas = app.file_application(&ana.token, &ana.document_id).await;
    let hold: SeatHold = read(app.hold(&ana.token, &anas.id, TIJUANA, &time).await, 201).await;
    let booked: Appointment = read(app.book(&ana.token, &hold.hold_id).await, 201).await;

    let mut waits = Vec::new();
    for traveler in [beto, carla] {
        let application = app
            .file_application(&traveler.token, &traveler.document_id)
            .await;
        let joined: portal_shared::citas::WaitlistEntry = read(
            app.send_as(
                reqwest::Method::POST,
                "/api/v1/citas/waitlist",
                &traveler.token,
                &json!({"application_id": application.id, "office": TIJUANA, "from_date": day, "until_date": day}),
            )
            .await,
            201,
        )
        .await;
        assert_eq!(joined.status, portal_shared::citas::WaitStatus::Waiting);
        waits.push(application);
    }
    let twice = app
        .send_as(
            reqwest::Method::POST,
            "/api/v1/citas/waitlist",
            &beto.token,
            &json!({"application_id": waits[0].id, "office": TIJUANA, "from_date": day, "until_date": day}),
        )
        .await;
    assert_eq!(
        field_codes(&error_body(twice).await),
        vec![("application_id".to_owned(), "already_waiting".to_owned())]
    );

    // Ana cancels: Beto, first in line, is offered the seat and emailed.
    read::<Appointment>(app.cancel(&ana.token, &booked.id).await, 200).await;
    let betos = &waitlist_of(&app, &beto.token).await.waits[0];
    assert_eq!(betos.status, portal_shared::citas::WaitStatus::Offered);
    let offer = betos.offer.clone().expect("the seat");
    assert_eq!(offer.starts_at, time);
    let offer_email = app
        .emails_to(&beto.email)
        .await
        .into_iter()
        .find(|e| e.kind == "cita_waitlist_offer")
        .expect("emailed");
    assert!(offer_email.body_text.contains("30 minutos"));
    // Nobody else can take it meanwhile.
    let carlas_try = app.hold(&carla.token, &waits[1].id, TIJUANA, &time).await;
    assert_eq!(code_of(carlas_try).await, (409, "slot_full".to_owned()));

    // Beto lets the 30 minutes pass: the offer lapses, Carla's turn.
    app.clock.advance(Duration::minutes(31));
    let round = citas_round(&app).await;
    assert_eq!((round.holds_expired, round.offers), (1, 1));
    assert_eq!(
        waitlist_of(&app, &beto.token).await.waits[0].status,
        portal_shared::citas::WaitStatus::Lapsed
    );
    assert_eq!(
        code_of(app.book(&beto.token, &offer.hold_id).await).await,
        (409, "hold_expired".to_owned())
    );
    let carlas = &waitlist_of(&app, &carla.token).await.waits[0];
    let carlas_offer = carlas.offer.clone().expect("offered to Carla");
    let appointment: Appointment =
        read(app.book(&carla.token, &carlas_offer.hold_id).await, 201).await;
    assert_eq!(appointment.starts_at, time);
    assert_eq!(
        waitlist_of(&app, &carla.token).await.waits[0].status,
        portal_shared::citas::WaitStatus::Booked
    );
}

#[tokio::test]
async fn reminders_go_72_and_24_hours_before_with_the_office_local_time_once_each() {
    let app = spawn_app_running_rounds_itself().await;
    app.publish_offices().await;
    let travelers = app.quick_travelers("remind", 2).await;
    let (ana, beto) = (&travelers[0], &travelers[1]);
    let application = app.file_application(&ana.token, &ana.document_id).await;
    let appointment = app.booked(ana, &application, TIJUANA, 5).await;
    let starts_at = parse_time(&appointment.starts_at);
    let reminders = |email: String| {
        let app = &app;
        async move {
            app.emails_to(&email)
                .await
                .into_iter()
                .filter(|e| e.kind == "cita_reminder")
                .collect::<Vec<_>>()
        }
    };

    app.clock
        .advance(starts_at - Duration::hours(73) - app.clock.now());
    citas_round(&app).await;
    assert!(reminders(ana.email.clone()).await.is_empty(), "not yet");
    app.clock.advance(Duration::hours(2));
    assert_eq!(citas_round(&app).await.reminders, 1);
    assert_eq!(citas_round(&app).await.reminders, 0, "once");
    let first = &reminders(ana.email.clone()).await[0];
    let local = starts_at.with_timezone(&"America/Tijuana".parse::<chrono_tz::Tz>().unwrap());
    assert!(
        first
            .body_text
            .contains(&local.format("%d/%m/%Y %H:%M").to_string())
    );
    assert!(first.body_text.contains("America/Tijuana"));

    // Booked less than a day before its time: only the 24-hour reminder.
    let betos = app.file_application(&beto.token, &beto.document_id).await;
    let soon = app.booked(beto, &betos, MEXICALI, 0).await;
    let soon_at = parse_time(&soon.starts_at);
    if soon_at - app.clock.now() > Duration::hours(24) {
        app.clock
            .advance(soon_at - Duration::hours(23) - app.clock.now());
    }
    citas_round(&app).await;
    assert_eq!(reminders(beto.email.clone()).await.len(), 1);

    app.clock
        .advance(starts_at - Duration::hours(23) - app.clock.now());
    assert!(citas_round(&app).await.reminders >= 1);
    assert_eq!(reminders(ana.email.clone()).await.len(), 2, "72 h and 24 h");
    citas_round(&app).await;
    assert_eq!(reminders(ana.email.clone()).await.len(), 2);
    assert_eq!(reminders(beto.email.clone()).await.len(), 1);
}

#[tokio::test]
async fn tijuana_appointments_after_each_daylight_saving_change_keep_nine_oclock_everywhere() {
    let app = spawn_app_running_rounds_itself().await;
    let office = portal_api::routes::citas::holiday_calendar().unwrap();
    let tijuana = portal_domain::citas::Office::new(
        portal_shared::citas::offices()
            .offices
            .iter()
            .find(|o| o.code == TIJUANA)
            .unwrap(),
    )
    .unwrap();
    // The Tuesdays after the US changes of 2027 — 14 March (to −07:00), 7 November (to
    // −08:00) — the Monday of March being a holiday (Benito Juárez).
    let days = [
        (
            chrono::NaiveDate::from_ymd_opt(2027, 3, 16).unwrap(),
            "-07:00",
            "16:00",
        ),
        (
            chrono::NaiveDate::from_ymd_opt(2027, 11, 9).unwrap(),
            "-08:00",
            "17:00",
        ),
    ];
    let slots: Vec<_> = days
        .iter()
        .flat_map(|(date, _, _)| tijuana.slots_on(*date, &office))
        .map(|slot| portal_persistence::citas::seats::PublishedSlot {
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            seats: 2,
        })
        .collect();
    portal_persistence::citas::seats::publish(&app.db, TIJUANA, &slots, app.clock.now())
        .await
        .unwrap();
    let travelers = app.quick_travelers("dst", 2).await;
    for (traveler, (date, offset, utc)) in travelers.iter().zip(days) {
        let day: DaySlots = read(
            app.client
                .get(app.url(&format!(
                    "/api/v1/citas/offices/{TIJUANA}/slots?date={date}"
                )))
                .send()
                .await
                .unwrap(),
            200,
        )
        .await;
        let first = &day.slots[0];
        assert_eq!(
            (first.local_time.as_str(), first.utc_offset.as_str()),
            ("09:00", offset)
        );
        assert_eq!(&first.starts_at[11..16], utc, "stored as UTC");
        let application = app
            .file_application(&traveler.token, &traveler.document_id)
            .await;
        let hold: SeatHold = read(
            app.hold(&traveler.token, &application.id, TIJUANA, &first.starts_at)
                .await,
            201,
        )
        .await;
        let booked: Appointment = read(app.book(&traveler.token, &hold.hold_id).await, 201).await;
        assert_eq!(booked.local_start, format!("{date} 09:00"));
        assert_eq!(booked.utc_offset, offset);
        let email = app
            .emails_to(&traveler.email)
            .await
            .into_iter()
            .find(|e| e.kind == "cita_booked")
            .unwrap();
        assert!(
            email
                .body_text
                .contains(&format!("{} 09:00", date.format("%d/%m/%Y"))),
            "{}",
            email.body_text
        );
        let ics = email.calendar.unwrap();
        assert!(
            ics.contains(&format!(
                "DTSTART;TZID=America/Tijuana:{}T090000",
                date.format("%Y%m%d")
            )),
            "{ics}"
        );
    }
}
