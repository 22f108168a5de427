//! Citas: the seats of a slot are rows taken by conditional updates, so concurrent
//! requests never take more seats than a slot has — on SQLite and on PostgreSQL.

use crate::helpers::spawn_app;
use chrono::{DateTime, Duration, TimeZone, Utc};
use portal_persistence::citas::seats::{self, Holder, PublishedSlot};
use std::collections::BTreeSet;
use uuid::Uuid;

const OFFICE: &str = "bc-tijuana";

fn slot(seats: u32) -> PublishedSlot {
    let starts_at = Utc.with_ymd_and_hms(2027, 3, 8, 16, 0, 0).unwrap();
    PublishedSlot {
        starts_at,
        ends_at: starts_at + Duration::minutes(30),
        seats,
    }
}

/// A holder for a storage test: the account holding for an application of its own.
fn holder(account_id: Uuid) -> Holder {
    Holder {
        account_id,
        application_id: account_id,
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

#[tokio::test]
async fn two_hundred_people_holding_a_five_seat_slot_at_once_get_exactly_five_seats() {
    let app = spawn_app().await;
    let slot = slot(5);
    assert_eq!(
        seats::publish(&app.db, OFFICE, &[slot], now())
            .await
            .unwrap(),
        5
    );
    let attempts: Vec<_> = (0..200)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move {
                seats::hold(
                    &db,
                    OFFICE,
                    slot.starts_at,
                    holder(Uuid::new_v4()),
                    now() + Duration::minutes(5),
                    now(),
                )
                .await
            })
        })
        .collect();
    let mut held = Vec::new();
    for attempt in attempts {
        if let Ok(hold) = attempt.await.unwrap().expect("no database error") {
            held.push(hold.seat_number);
        }
    }
    held.sort_unstable();
    assert_eq!(held, vec![1, 2, 3, 4, 5], "each seat once, no more");
    assert_eq!(
        app.count_where("citas_seats", "holder_account_id IS NOT NULL")
            .await,
        5
    );
    let free = seats::free_by_slot(&app.db, OFFICE, slot.starts_at, slot.ends_at, now())
        .await
        .unwrap();
    assert_eq!(free.get(&slot.starts_at), Some(&0));
}

#[tokio::test]
async fn a_hold_runs_out_by_itself_and_only_its_holder_books_it_while_it_lasts() {
    let app = spawn_app().await;
    let slot = slot(1);
    seats::publish(&app.db, OFFICE, &[slot], now())
        .await
        .unwrap();
    let (ana, beto, carla) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let hold = |who, at: DateTime<Utc>| {
        let db = app.db.clone();
        async move {
            seats::hold(
                &db,
                OFFICE,
                slot.starts_at,
                holder(who),
                at + Duration::minutes(5),
                at,
            )
            .await
            .unwrap()
        }
    };
    let anas = hold(ana, now()).await.expect("the free seat");
    assert_eq!(
        hold(beto, now() + Duration::minutes(4)).await,
        Err(seats::NoSeat::Full),
        "held"
    );
    assert!(
        !seats::book(&app.db, anas.seat_id, holder(beto), Uuid::new_v4(), now())
            .await
            .unwrap(),
        "not Beto's hold"
    );

    // Six minutes on, Ana's hold has run out: the seat is free again, with nothing to
    // clean up first.
    let later = now() + Duration::minutes(6);
    let free = seats::free_by_slot(&app.db, OFFICE, slot.starts_at, slot.ends_at, later)
        .await
        .unwrap();
    assert_eq!(free.get(&slot.starts_at), Some(&1));
    let betos = hold(beto, later).await.expect("the expired hold's seat");
    assert_eq!(betos.seat_id, anas.seat_id);
    assert!(
        !seats::book(&app.db, anas.seat_id, holder(ana), Uuid::new_v4(), later)
            .await
            .unwrap(),
        "Ana's hold is gone"
    );
    assert!(
        seats::book(&app.db, betos.seat_id, holder(beto), Uuid::new_v4(), later)
            .await
            .unwrap()
    );
    // A booked seat does not run out.
    assert_eq!(
        hold(carla, later + Duration::days(3)).await,
        Err(seats::NoSeat::Full)
    );
    // Released (a cancellation), it is free again.
    assert!(
        !seats::release(&app.db, betos.seat_id, carla, later)
            .await
            .unwrap()
    );
    assert!(
        seats::release(&app.db, betos.seat_id, beto, later)
            .await
            .unwrap()
    );
    assert!(hold(carla, later).await.is_ok());
}

#[tokio::test]
async fn publishing_a_slot_again_adds_only_the_seats_it_lacks() {
    let app = spawn_app().await;
    assert_eq!(
        seats::publish(&app.db, OFFICE, &[slot(3)], now())
            .await
            .unwrap(),
        3
    );
    let account = Uuid::new_v4();
    let held = seats::hold(
        &app.db,
        OFFICE,
        slot(3).starts_at,
        holder(account),
        now() + Duration::minutes(5),
        now(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        seats::publish(&app.db, OFFICE, &[slot(3)], now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        seats::publish(&app.db, OFFICE, &[slot(5)], now())
            .await
            .unwrap(),
        2
    );
    let numbers: BTreeSet<i64> = (1..=5).collect();
    assert_eq!(app.count("citas_seats").await, numbers.len() as i64);
    assert_eq!(
        app.count_where("citas_seats", "holder_account_id IS NOT NULL")
            .await,
        1,
        "the hold survives the new publication"
    );
    assert_eq!(held.seat_number, 1);
}
