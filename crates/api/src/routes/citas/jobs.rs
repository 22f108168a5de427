//! What Citas does on its own: holds that ran out free their seats, a freed seat is
//! offered to the first in the waitlist (30 minutes, then the next), and reminders go
//! out 72 h and 24 h before each appointment. Every step claims its rows by a
//! conditional update, so several portal instances may run it at once.

use crate::error::ApiError;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use portal_mailer::Branding;
use portal_mailer::templates::{AppointmentNotice, AppointmentSummary};
use portal_persistence::DatabaseConnection;
use portal_persistence::citas::{appointments, seats, waitlist};
use portal_shared::citas::WAITLIST_OFFER_MINUTES;
use tokio::sync::watch;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub holds_expired: usize,
    pub offers: usize,
    pub reminders: usize,
}

/// Offers the freed seat `seat` of `office_code` to the first in line, with the email,
/// in one transaction. Whether it was offered.
pub async fn offer_freed_seat(
    db: &DatabaseConnection,
    branding: &Branding,
    office_code: &str,
    seat: &seats::Seat,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    if seat.starts_at <= now + Duration::minutes(WAITLIST_OFFER_MINUTES) {
        return Ok(false);
    }
    let office = super::office_record(office_code)?;
    let zone: chrono_tz::Tz = office.time_zone.parse().map_err(ApiError::internal)?;
    let local_date = seat.starts_at.with_timezone(&zone).date_naive();
    let until = now + Duration::minutes(WAITLIST_OFFER_MINUTES);
    let tx = portal_persistence::begin_write(db).await?;
    let Some(wait) = waitlist::offer(&tx, office_code, seat, local_date, until, now).await? else {
        tx.commit().await?;
        return Ok(false);
    };
    let application = portal_persistence::citas::applications::find(&tx, wait.application_id)
        .await?
        .ok_or_else(|| ApiError::internal("wait without its application"))?;
    let document = portal_persistence::travel_documents::find_for_account(
        &tx,
        application.account_id,
        application.document_id,
    )
    .await?
    .ok_or_else(|| ApiError::internal("application without its document"))?;
    let procedure = portal_shared::citas::procedure(&application.procedure_code)
        .ok_or_else(|| ApiError::internal("unknown procedure"))?;
    let local = seat.starts_at.with_timezone(&zone);
    let summary = AppointmentSummary {
        given_names: document.data.given_names,
        folio: application.folio,
        procedure_es: procedure.name_es.clone(),
        procedure_en: procedure.name_en.clone(),
        when_es: local.format("%d/%m/%Y %H:%M").to_string(),
        when_en: local.format("%Y-%m-%d %H:%M").to_string(),
        time_zone: office.time_zone.clone(),
        office: office.name.clone(),
        address: office.address.clone(),
        manage_link: format!("{}/citas/mis-citas", branding.public_url),
        closure_reason: String::new(),
    };
    let recipient = super::issue::recipient_of(&tx, wait.account_id).await?;
    let email = portal_mailer::templates::waitlist_offer(
        branding,
        &recipient,
        &summary,
        &until.with_timezone(&zone).format("%H:%M").to_string(),
    );
    portal_persistence::outbox::enqueue(&tx, email, now).await?;
    tx.commit().await?;
    tracing::info!(wait_id = %wait.id, seat_id = %seat.id, offered_until = %until.to_rfc3339_opts(SecondsFormat::Secs, true), "freed seat offered from the waitlist");
    Ok(true)
}

/// Offers a seat freed by a request (a cancellation, a move, a hold let go); a failure
/// is logged, never the request's: the seat stays free for anyone.
pub async fn offer_after_request(
    state: &crate::state::AppState,
    office_code: &str,
    seat_id: uuid::Uuid,
    now: DateTime<Utc>,
) {
    state.citas_full_slots.seat_freed();
    let (db, branding) = (&state.db, &state.branding);
    let seat = match seats::find(db, seat_id).await {
        Ok(Some((_, seat))) if seat.holder.is_none() => seat,
        Ok(_) => return,
        Err(error) => {
            tracing::error!(%error, "freed seat could not be read for the waitlist");
            return;
        }
    };
    if let Err(error) = offer_freed_seat(db, branding, office_code, &seat, now).await {
        tracing::error!(%error, "freed seat could not be offered from the waitlist");
    }
}

/// One round: expired holds, their offers, reminders due.
pub async fn run_once(
    db: &DatabaseConnection,
    branding: &Branding,
    now: DateTime<Utc>,
) -> Result<Round, ApiError> {
    let mut round = Round::default();
    for (office_code, seat) in seats::release_expired(db, now).await? {
        round.holds_expired += 1;
        waitlist::lapse_offers_of_seat(db, seat.id, now).await?;
        let freed = seats::Seat {
            holder: None,
            held_until: None,
            ..seat
        };
        if offer_freed_seat(db, branding, &office_code, &freed, now).await? {
            round.offers += 1;
        }
    }
    round.reminders = send_reminders(db, branding, now).await?;
    Ok(round)
}

/// The reminders due at `now`: 72 h before (unless already within 24 h) and 24 h before.
async fn send_reminders(
    db: &DatabaseConnection,
    branding: &Branding,
    now: DateTime<Utc>,
) -> Result<usize, ApiError> {
    let mut sent = 0;
    for (appointment, reminder) in appointments::reminders_due(db, now).await? {
        let tx = portal_persistence::begin_write(db).await?;
        if !appointments::claim_reminder(&tx, &appointment, reminder, now).await? {
            tx.commit().await?;
            continue;
        }
        let recipient = super::issue::recipient_of(&tx, appointment.account_id).await?;
        let issued = super::issue::Issued::load(&tx, appointment).await?;
        let email = issued.email(branding, &recipient, AppointmentNotice::Reminder, now);
        portal_persistence::outbox::enqueue(&tx, email, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Runs a round every `interval` until shutdown.
pub async fn run(
    db: DatabaseConnection,
    branding: Branding,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
    interval: std::time::Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        match run_once(&db, &branding, clock.now()).await {
            Ok(round) if round != Round::default() => tracing::info!(
                holds_expired = round.holds_expired,
                offers = round.offers,
                reminders = round.reminders,
                "citas round"
            ),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "citas round failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    return;
                }
            }
        }
    }
}
