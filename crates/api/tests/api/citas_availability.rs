//! Citas: an office's free days and times, in its own time zone — published from the
//! office catalog by `portal offices publish`, counted from the seats nobody holds.

use crate::helpers::{TestApp, spawn_app};
use chrono::{Duration, TimeZone, Utc};
use portal_api::clock::Clock as _;
use portal_shared::citas::{DaySlots, MonthAvailability};

const TIJUANA: &str = "bcn-tijuana";

async fn month(app: &TestApp, office: &str, month: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!(
            "/api/v1/citas/offices/{office}/availability?month={month}"
        )))
        .send()
        .await
        .unwrap()
}

async fn day(app: &TestApp, office: &str, date: &str) -> DaySlots {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/citas/offices/{office}/slots?date={date}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn tijuanas_times_stay_at_nine_on_its_clock_across_the_march_change() {
    let app = spawn_app().await;
    assert!(
        portal_shared::citas::offices()
            .offices
            .iter()
            .any(|o| o.code == TIJUANA && o.time_zone == "America/Tijuana"),
        "the catalog's Tijuana office"
    );
    // Published on 1 March 2027 for 30 days (US daylight time begins on 14 March).
    let published_at = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
    app.clock.advance(published_at - app.clock.now());
    let printed = portal_api::routes::citas::publish_command(
        &app.db,
        &["publish".to_owned(), "30".to_owned()],
        published_at,
    )
    .await
    .unwrap();
    assert!(
        printed.contains("seats published for the next 30 days"),
        "{printed}"
    );

    let availability = month(&app, TIJUANA, "2027-03").await;
    assert_eq!(availability.status(), 200);
    let availability: MonthAvailability = availability.json().await.unwrap();
    assert_eq!(availability.time_zone, "America/Tijuana");
    let dates: Vec<String> = availability
        .days
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    // Weekdays only, and not Monday 15 March (Benito Juárez's birthday, third Monday).
    assert!(dates.contains(&"2027-03-12".to_owned()), "{dates:?}");
    assert!(!dates.contains(&"2027-03-13".to_owned()), "a Saturday");
    assert!(!dates.contains(&"2027-03-14".to_owned()), "a Sunday");
    assert!(!dates.contains(&"2027-03-15".to_owned()), "a holiday");
    assert!(dates.contains(&"2027-03-16".to_owned()), "{dates:?}");

    let friday = day(&app, TIJUANA, "2027-03-12").await;
    let tuesday = day(&app, TIJUANA, "2027-03-16").await;
    for (slots, utc, offset) in [
        (&friday, "2027-03-12T17:00:00Z", "-08:00"),
        (&tuesday, "2027-03-16T16:00:00Z", "-07:00"),
    ] {
        let first = &slots.slots[0];
        assert_eq!(first.local_time, "09:00");
        assert_eq!(first.starts_at, utc);
        assert_eq!(first.utc_offset, offset);
        assert_eq!(slots.slots.last().unwrap().local_time, "14:00");
    }

    // A held seat is not free; the day's count says so.
    let office = portal_shared::citas::offices()
        .offices
        .iter()
        .find(|o| o.code == TIJUANA)
        .unwrap();
    let starts_at = Utc.with_ymd_and_hms(2027, 3, 16, 16, 0, 0).unwrap();
    portal_persistence::citas::seats::hold(
        &app.db,
        TIJUANA,
        starts_at,
        portal_persistence::citas::seats::Holder {
            account_id: uuid::Uuid::new_v4(),
            application_id: uuid::Uuid::new_v4(),
        },
        published_at + Duration::days(30),
        app.clock.now(),
    )
    .await
    .unwrap()
    .expect("a free seat");
    let after = day(&app, TIJUANA, "2027-03-16").await;
    assert_eq!(after.slots[0].free_seats, office.seats_per_slot - 1);
    assert_eq!(after.slots[1].free_seats, office.seats_per_slot);

    // Publishing again adds nothing and keeps the hold.
    let again = portal_api::routes::citas::publish_command(
        &app.db,
        &["publish".to_owned(), "30".to_owned()],
        published_at,
    )
    .await
    .unwrap();
    assert!(again.starts_with("0 seats published"), "{again}");
    assert_eq!(
        day(&app, TIJUANA, "2027-03-16").await.slots[0].free_seats,
        office.seats_per_slot - 1
    );
}

#[tokio::test]
async fn unknown_offices_and_malformed_months_and_days_are_refused() {
    let app = spawn_app().await;
    assert_eq!(month(&app, "no-such-office", "2027-03").await.status(), 404);
    for bad in ["2027-13", "marzo", "2027-3-1", ""] {
        assert_eq!(month(&app, TIJUANA, bad).await.status(), 400, "{bad:?}");
    }
    let bad_day = app
        .client
        .get(app.url("/api/v1/citas/offices/bcn-tijuana/slots?date=2027-02-30"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_day.status(), 400);
    // Nothing published yet: an empty month, not an error.
    let empty: MonthAvailability = month(&app, TIJUANA, "2027-03").await.json().await.unwrap();
    assert!(empty.days.is_empty());
    let refused = portal_api::routes::citas::publish_command(
        &app.db,
        &["publish".to_owned(), "0".to_owned()],
        Utc::now(),
    )
    .await;
    assert!(refused.unwrap_err().contains("DAYS must be 1 to 400"));
    assert_eq!(app.count("citas_seats").await, 0, "nothing published");
}
