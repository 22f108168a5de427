//! Every endpoint × every kind of caller → the expected status. A new endpoint fails this
//! test until it has its row.

use crate::helpers::{contacts_request, trip_request};
use crate::officers::{approved, officer, staff};
use crate::preregistrations::in_days;
use crate::submissions::history;
use portal_domain::account::Role;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Callers, in the order of each row's expectations.
const CALLERS: [&str; 6] = [
    "anonymous",
    "traveler A",
    "traveler B",
    "officer",
    "officer of another office",
    "operator",
];

struct Row {
    method: Method,
    /// As in the OpenAPI document.
    template: &'static str,
    /// With traveler A's ids.
    path: String,
    body: Option<Value>,
    expected: [u16; 6],
}

#[tokio::test]
async fn every_endpoint_answers_each_role_as_expected() {
    // Each caller comes from an address of its own (behind the trusted proxy), as people
    // do: six callers' logins from one address would exceed its login budget.
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        settings: vec![("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32".to_owned())],
        ..crate::helpers::TestOptions::default()
    })
    .await;
    let (_, prereg, qr) = approved(&app, "ana@example.com").await;
    // The arrival date, when the officer can open an inspection with the QR.
    app.clock.advance(chrono::Duration::days(10));
    let (traveler_a, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    let document = history(&app, &traveler_a).await[0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let traveler_b = crate::documents::traveler(&app, "beto@example.com").await;
    let officer = officer(&app).await;
    // The officer keeps Tijuana's Citas agenda; the other officer, at the same port of
    // entry, Mexicali's.
    let other_officer = staff(&app, Role::Officer, "otra@inm.example.mx", "INM-0077").await;
    for (email, office) in [
        ("agente@inm.example.mx", crate::citas_appointments::TIJUANA),
        ("otra@inm.example.mx", crate::citas_appointments::MEXICALI),
    ] {
        let args = ["assign", email, office].map(str::to_owned);
        portal_api::routes::citas::offices_command(
            &app.db,
            &crate::citas_appointments::branding(),
            &args,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }
    let operator = staff(&app, Role::Operator, "operadora@inm.example.mx", "").await;
    let inspection = crate::officers::opened(&app, &officer, &qr).await;
    let tokens = [
        None,
        Some(traveler_a.as_str()),
        Some(traveler_b.as_str()),
        Some(officer.as_str()),
        Some(other_officer.as_str()),
        Some(operator.as_str()),
    ];

    let citas = citas_of_traveler_a(&app, &traveler_a, &document).await;

    let p = |suffix: &str| format!("/api/v1/preregistrations/{prereg}{suffix}");
    let c = |suffix: &str| format!("/api/v1/citas/appointments/{}{suffix}", citas.appointment);
    let d = |suffix: &str| format!("/api/v1/documents/{document}{suffix}");
    // Most rows answer both officers alike: `row` repeats the officer's status for the
    // officer of another office; `row6` gives all six.
    let row6 = |method: Method,
                template: &'static str,
                path: String,
                body: Option<Value>,
                expected: [u16; 6]| Row {
        method,
        template,
        path,
        body,
        expected,
    };
    let row = |method: Method,
               template: &'static str,
               path: String,
               body: Option<Value>,
               [anonymous, a, b, officer, operator]: [u16; 5]| {
        row6(
            method,
            template,
            path,
            body,
            [anonymous, a, b, officer, officer, operator],
        )
    };
    let all = |status| [status; 5];
    let wrong_password = json!({ "current_password": "No-es-1234!", "new_password": "Nueva#2027x", "new_password_confirmation": "Nueva#2027x" });
    // Well formed, but arriving after leaving: refused by the rules, so nothing changes.
    let backwards_flight = json!({
        "carrier": "AV", "flight_number": "AV 1",
        "arrival_date": in_days(12), "departure_date": in_days(11),
    });
    let rows = vec![
        row(Method::GET, "/healthz", "/healthz".into(), None, all(200)),
        row(Method::GET, "/readyz", "/readyz".into(), None, all(200)),
        row(
            Method::GET,
            "/api/v1/captcha",
            "/api/v1/captcha".into(),
            None,
            all(200),
        ),
        row(
            Method::GET,
            "/api/v1/catalogs/{name}",
            "/api/v1/catalogs/countries".into(),
            None,
            all(200),
        ),
        row(
            Method::POST,
            "/api/v1/accounts",
            "/api/v1/accounts".into(),
            Some(json!({})),
            all(422),
        ),
        row(
            Method::POST,
            "/api/v1/accounts/activate",
            "/api/v1/accounts/activate".into(),
            Some(json!({ "token": "x" })),
            all(422),
        ),
        row(
            Method::POST,
            "/api/v1/accounts/recovery",
            "/api/v1/accounts/recovery".into(),
            Some(json!({})),
            all(400),
        ),
        row(
            Method::POST,
            "/api/v1/accounts/password-reset",
            "/api/v1/accounts/password-reset".into(),
            Some(json!({})),
            all(422),
        ),
        row(
            Method::POST,
            "/api/v1/sessions",
            "/api/v1/sessions".into(),
            Some(json!({ "email": "nadie@example.com", "password": "Nada#2026x" })),
            all(401),
        ),
        row(
            Method::POST,
            "/api/v1/sessions/second-factor",
            "/api/v1/sessions/second-factor".into(),
            Some(json!({ "challenge": "x", "code": "123456" })),
            all(401),
        ),
        row(
            Method::POST,
            "/api/v1/sessions/refresh",
            "/api/v1/sessions/refresh".into(),
            None,
            all(401),
        ),
        row(
            Method::GET,
            "/api/v1/me",
            "/api/v1/me".into(),
            None,
            [401, 200, 200, 200, 200],
        ),
        row(
            Method::PUT,
            "/api/v1/me/password",
            "/api/v1/me/password".into(),
            Some(wrong_password),
            [401, 422, 422, 422, 422],
        ),
        row(
            Method::GET,
            "/api/v1/me/export",
            "/api/v1/me/export".into(),
            None,
            [401, 200, 200, 200, 200],
        ),
        row(
            Method::DELETE,
            "/api/v1/me",
            "/api/v1/me".into(),
            Some(json!({ "password": "No-es-1234!" })),
            [401, 422, 422, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/documents",
            "/api/v1/documents".into(),
            Some(json!({})),
            [401, 422, 422, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/documents/scan",
            "/api/v1/documents/scan".into(),
            Some(json!({})),
            [401, 400, 400, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/documents",
            "/api/v1/documents".into(),
            None,
            [401, 200, 200, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}",
            d(""),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}",
            d(""),
            None,
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/image",
            d("/image"),
            None,
            [401, 404, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/services",
            d("/services"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/preregistrations",
            "/api/v1/preregistrations".into(),
            Some(json!({ "document_id": document })),
            [401, 201, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/preregistrations/{id}",
            p(""),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::PUT,
            "/api/v1/preregistrations/{id}/trip",
            p("/trip"),
            Some(serde_json::to_value(trip_request(10, 20)).unwrap()),
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::PUT,
            "/api/v1/preregistrations/{id}/additional",
            p("/additional"),
            Some(serde_json::to_value(contacts_request()).unwrap()),
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::PUT,
            "/api/v1/preregistrations/{id}/control",
            p("/control"),
            Some(json!({ "answers": {} })),
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::PUT,
            "/api/v1/preregistrations/{id}/attachments/{kind}",
            p("/attachments/lodging"),
            Some(json!({})),
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/preregistrations/{id}/submission",
            p("/submission"),
            Some(json!({ "accept_terms": true })),
            [401, 400, 400, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/preregistrations",
            "/api/v1/preregistrations".into(),
            None,
            [401, 200, 200, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/preregistrations/{id}/receipt.pdf",
            p("/receipt.pdf"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/preregistrations/{id}/fmm.pdf",
            p("/fmm.pdf"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/preregistrations/{id}/receipt",
            p("/receipt"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::PUT,
            "/api/v1/preregistrations/{id}/flight",
            p("/flight"),
            Some(backwards_flight),
            [401, 422, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/preregistrations/{id}/resend",
            p("/resend"),
            None,
            [401, 202, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/keys",
            "/api/v1/keys".into(),
            None,
            all(200),
        ),
        row(
            Method::GET,
            "/api/v1/revocations",
            "/api/v1/revocations".into(),
            None,
            [401, 403, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/citas/offices/{code}/availability",
            "/api/v1/citas/offices/bcn-tijuana/availability?month=2027-03".into(),
            None,
            all(200),
        ),
        row(
            Method::GET,
            "/api/v1/citas/offices/{code}/slots",
            "/api/v1/citas/offices/bcn-tijuana/slots?date=2027-03-16".into(),
            None,
            all(200),
        ),
        row(
            Method::GET,
            "/api/v1/citas/procedures",
            "/api/v1/citas/procedures".into(),
            None,
            all(200),
        ),
        row(
            Method::GET,
            "/api/v1/citas/offices",
            "/api/v1/citas/offices?state=BCN".into(),
            None,
            all(200),
        ),
        row(
            Method::POST,
            "/api/v1/citas/applications",
            "/api/v1/citas/applications".into(),
            Some(
                serde_json::to_value(crate::citas_appointments::application_request(
                    &document,
                    crate::citas_appointments::CANJE,
                ))
                .unwrap(),
            ),
            [401, 201, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/applications",
            "/api/v1/citas/applications".into(),
            None,
            [401, 200, 200, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/citas/holds",
            "/api/v1/citas/holds".into(),
            Some(json!({
                "application_id": citas.application,
                "office": crate::citas_appointments::TIJUANA,
                "starts_at": citas.time,
            })),
            [401, 201, 404, 403, 403],
        ),
        row(
            Method::DELETE,
            "/api/v1/citas/holds/{id}",
            format!("/api/v1/citas/holds/{}", citas.spare_hold),
            None,
            [401, 204, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/citas/appointments",
            "/api/v1/citas/appointments".into(),
            Some(json!({ "hold_id": citas.booking_hold })),
            [401, 201, 409, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/appointments",
            "/api/v1/citas/appointments".into(),
            None,
            [401, 200, 200, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/appointments/{id}",
            c(""),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/appointments/{id}/confirmation",
            c("/confirmation"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/appointments/{id}/calendar",
            c("/calendar"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/citas/appointments/{id}/reschedule",
            c("/reschedule"),
            Some(json!({ "hold_id": uuid::Uuid::new_v4() })),
            [401, 409, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/citas/appointments/{id}/cancellation",
            c("/cancellation"),
            None,
            [401, 200, 404, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/citas/waitlist",
            "/api/v1/citas/waitlist".into(),
            Some(json!({
                "application_id": citas.spare_application,
                "office": crate::citas_appointments::TIJUANA,
                "from_date": in_days(20),
                "until_date": in_days(40),
            })),
            [401, 201, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/citas/waitlist",
            "/api/v1/citas/waitlist".into(),
            None,
            [401, 200, 200, 403, 403],
        ),
        row(
            Method::DELETE,
            "/api/v1/citas/waitlist/{id}",
            format!("/api/v1/citas/waitlist/{}", citas.wait),
            None,
            [401, 204, 404, 403, 403],
        ),
        row(
            Method::GET,
            "/api/v1/verification-snapshot",
            "/api/v1/verification-snapshot".into(),
            None,
            [401, 403, 403, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/officer/inspections",
            "/api/v1/officer/inspections".into(),
            Some(json!({ "token": qr })),
            [401, 403, 403, 201, 403],
        ),
        row6(
            Method::GET,
            "/api/v1/officer/inspections/{id}/attachments/{kind}",
            format!("/api/v1/officer/inspections/{inspection}/attachments/lodging"),
            None,
            [401, 403, 403, 200, 404, 403],
        ),
        row(
            Method::POST,
            "/api/v1/officer/inspections/{id}/entry",
            format!("/api/v1/officer/inspections/{inspection}/entry"),
            Some(json!({ "outcome": "refused" })),
            [401, 403, 403, 422, 403],
        ),
        row6(
            Method::GET,
            "/api/v1/officer/citas/agenda",
            "/api/v1/officer/citas/agenda".into(),
            None,
            [401, 403, 403, 200, 200, 403],
        ),
        row6(
            Method::POST,
            "/api/v1/officer/citas/check-ins",
            "/api/v1/officer/citas/check-ins".into(),
            Some(json!({ "token": citas.qr })),
            [401, 403, 403, 409, 409, 403],
        ),
        row6(
            Method::POST,
            "/api/v1/officer/citas/appointments/{id}/attendance",
            format!(
                "/api/v1/officer/citas/appointments/{}/attendance",
                citas.appointment
            ),
            Some(json!({ "outcome": "no_show" })),
            [401, 403, 403, 409, 404, 403],
        ),
        row(
            Method::GET,
            "/api/v1/audit",
            "/api/v1/audit".into(),
            None,
            [401, 403, 403, 403, 200],
        ),
        // Last: it closes each caller's session.
        row(
            Method::DELETE,
            "/api/v1/sessions/current",
            "/api/v1/sessions/current".into(),
            None,
            [401, 204, 204, 204, 204],
        ),
    ];

    // Every documented operation has its row.
    let spec: Value = app
        .client
        .get(app.url("/api-spec/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_string(), r.template.to_owned()))
        .collect();
    assert_eq!(
        documented, covered,
        "every endpoint needs its row in this table"
    );

    let mut mismatches = Vec::new();
    for row in &rows {
        for (n, (caller, (token, expected))) in CALLERS
            .iter()
            .zip(tokens.iter().zip(row.expected))
            .enumerate()
        {
            let mut request = app
                .client
                .request(row.method.clone(), app.url(&row.path))
                .header("X-Forwarded-For", format!("10.9.0.{}", n + 1));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &row.body {
                request = request.json(body);
            }
            let status = request.send().await.unwrap().status().as_u16();
            if status != expected {
                mismatches.push(format!(
                    "{} {} as {caller}: {status}, expected {expected}",
                    row.method, row.template
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    // The table in the docs is this one.
    let mut table = String::from(
        "# Authorization matrix\n\n\
         Generated from `crates/api/tests/api/roles.rs`, which sends every request below as each \
         caller and fails when an answer differs (`UPDATE_DOCS=1 cargo nextest run -p portal-api \
         --test api roles` rewrites this file; a test fails when it drifts). Traveler A owns the \
         document and the approved pre-registration in the paths; traveler B is another \
         traveler. The officer keeps the agenda of the Citas office of traveler A's appointment \
         (Tijuana); the officer of another office keeps Mexicali's, at the same port of entry, \
         and holds no inspection of their own. A 4xx other than 401/403/404 means the caller was let through and the \
         request itself was refused (`409` already submitted or in use, `422` a rule, `400` \
         a body without a required field, or a missing `Idempotency-Key` or multipart body).\n\n\
         | method | path | anonymous | traveler A | traveler B | officer | officer of another office | operator |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for row in &rows {
        let cells: Vec<String> = row.expected.iter().map(u16::to_string).collect();
        table.push_str(&format!(
            "| {} | `{}` | {} |\n",
            row.method,
            row.template,
            cells.join(" | ")
        ));
    }
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/authorization-matrix.md");
    if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &table).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == table,
        "docs/authorization-matrix.md differs from the table in roles.rs; run with UPDATE_DOCS=1"
    );
}

/// Traveler A's Citas: an application with an appointment booked, a time to hold, a
/// hold to let go and a hold (of another application) to book.
struct CitasOfA {
    application: String,
    appointment: String,
    time: String,
    spare_hold: String,
    booking_hold: String,
    /// An application without appointment, to put in line; and a wait to leave.
    spare_application: String,
    wait: String,
    /// The QR of the booked appointment's confirmation.
    qr: String,
}

async fn citas_of_traveler_a(
    app: &crate::helpers::TestApp,
    token: &str,
    document: &str,
) -> CitasOfA {
    use portal_api::clock::Clock;
    use portal_shared::citas::{Application, Appointment, SeatHold};
    let starts_at = (app.clock.now() + chrono::Duration::days(20))
        .date_naive()
        .and_hms_opt(16, 0, 0)
        .unwrap()
        .and_utc();
    portal_persistence::citas::seats::publish(
        &app.db,
        crate::citas_appointments::TIJUANA,
        &[portal_persistence::citas::seats::PublishedSlot {
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(30),
            seats: 10,
        }],
        app.clock.now(),
    )
    .await
    .unwrap();
    let time = starts_at.to_rfc3339();
    let file = || async {
        let application: Application = crate::helpers::read(
            app.send_as(
                Method::POST,
                "/api/v1/citas/applications",
                token,
                &crate::citas_appointments::application_request(
                    document,
                    crate::citas_appointments::CANJE,
                ),
            )
            .await,
            201,
        )
        .await;
        application
    };
    let hold = |application: String| {
        let time = time.clone();
        async move {
            let hold: SeatHold = crate::helpers::read(
                app.send_as(
                    Method::POST,
                    "/api/v1/citas/holds",
                    token,
                    &json!({"application_id": application, "office": crate::citas_appointments::TIJUANA, "starts_at": time}),
                )
                .await,
                201,
            )
            .await;
            hold.hold_id
        }
    };
    let booked = file().await;
    let first = hold(booked.id.clone()).await;
    let appointment: Appointment = crate::helpers::read(
        app.send_as(
            Method::POST,
            "/api/v1/citas/appointments",
            token,
            &json!({ "hold_id": first }),
        )
        .await,
        201,
    )
    .await;
    let spare = file().await;
    // Another procedure, so that booking it is not a second appointment of the person.
    let other: Application = crate::helpers::read(
        app.send_as(
            Method::POST,
            "/api/v1/citas/applications",
            token,
            &crate::citas_appointments::application_request(document, "canje_residente_permanente"),
        )
        .await,
        201,
    )
    .await;
    let spare_hold = hold(spare.id.clone()).await;
    let booking_hold = hold(other.id).await;
    let waiting = file().await;
    let day = starts_at.date_naive();
    let wait: portal_shared::citas::WaitlistEntry = crate::helpers::read(
        app.send_as(
            Method::POST,
            "/api/v1/citas/waitlist",
            token,
            &json!({"application_id": waiting.id, "office": crate::citas_appointments::TIJUANA, "from_date": day, "until_date": day}),
        )
        .await,
        201,
    )
    .await;
    let pdf = app
        .get_as(
            &format!("/api/v1/citas/appointments/{}/confirmation", appointment.id),
            token,
        )
        .await
        .bytes()
        .await
        .unwrap();
    CitasOfA {
        qr: portal_documents::inspect::qr_text_of(&pdf).unwrap(),
        application: booked.id,
        appointment: appointment.id,
        time,
        spare_hold,
        booking_hold,
        spare_application: spare.id,
        wait: wait.id,
    }
}
