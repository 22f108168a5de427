//! INM Citas: what each office has free — the days of a month, the times of a day — in the
//! office's own time zone.

pub mod book_appointment;
pub mod cancel_appointment;
pub mod day_slots;
pub mod error;
pub mod get_appointment;
pub mod get_calendar;
pub mod get_confirmation;
pub mod hold_seat;
pub mod issue;
pub mod jobs;
pub mod join_waitlist;
pub mod leave_waitlist;
pub mod list_applications;
pub mod list_appointments;
pub mod list_offices;
pub mod list_procedures;
pub mod list_waitlist;
pub mod month_availability;
pub mod release_hold;
pub mod reschedule_appointment;
pub mod start_application;

use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use portal_domain::citas::{HolidayCalendar, Office};
use portal_persistence::citas::applications::StoredApplication;
use portal_persistence::citas::appointments::StoredAppointment;
use portal_shared::citas::OfficeRecord;
use uuid::Uuid;

/// Registers this service's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_procedures::list_procedures)
        .service(list_offices::list_offices)
        .service(month_availability::month_availability)
        .service(day_slots::day_slots)
        .service(start_application::start_application)
        .service(list_applications::list_applications)
        .service(hold_seat::hold_seat)
        .service(release_hold::release_hold)
        .service(book_appointment::book_appointment)
        .service(list_appointments::list_appointments)
        .service(get_appointment::get_appointment)
        .service(get_confirmation::get_confirmation)
        .service(get_calendar::get_calendar)
        .service(cancel_appointment::cancel_appointment)
        .service(reschedule_appointment::reschedule_appointment)
        .service(join_waitlist::join_waitlist)
        .service(list_waitlist::list_waitlist)
        .service(leave_waitlist::leave_waitlist);
}

/// The office `code` as the catalog describes it; unknown is 404.
pub(crate) fn office_record(code: &str) -> Result<&'static OfficeRecord, ApiError> {
    portal_shared::citas::offices()
        .offices
        .iter()
        .find(|office| office.code == code)
        .ok_or(ApiError::NotFound)
}

/// The account's application `raw_id`; another's or unknown is 404.
pub(crate) async fn owned_application(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<StoredApplication, ApiError> {
    let id: Uuid = raw_id.trim().parse().map_err(|_| ApiError::NotFound)?;
    portal_persistence::citas::applications::find_for_account(&state.db, current.account_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The account's appointment `raw_id`; another's or unknown is 404.
pub(crate) async fn owned_appointment(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<StoredAppointment, ApiError> {
    let id: Uuid = raw_id.trim().parse().map_err(|_| ApiError::NotFound)?;
    portal_persistence::citas::appointments::find_for_account(&state.db, current.account_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The office `code` of the catalog, checked; unknown is 404.
pub(crate) fn office(code: &str) -> Result<Office, ApiError> {
    Office::new(office_record(code)?).map_err(ApiError::internal)
}

/// The calendar of public holidays every office closes on.
pub fn holiday_calendar() -> Result<HolidayCalendar, String> {
    HolidayCalendar::new(portal_shared::citas::holidays())
}

/// The instant the office's day `date` begins (midnight exists on every Mexican clock; the
/// changes happen at night, after midnight).
pub(crate) fn day_start(office: &Office, date: NaiveDate) -> DateTime<Utc> {
    office
        .instant(date.and_time(chrono::NaiveTime::MIN))
        .unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// `portal offices publish [DAYS]`: publishes the seats of every office's slots from today
/// (in each office's zone) for `DAYS` days (default 60); seats already published stay as
/// they are.
pub async fn publish_command(
    db: &portal_persistence::DatabaseConnection,
    args: &[String],
    now: DateTime<Utc>,
) -> Result<String, String> {
    let days: u32 = match args {
        [command] if command == "publish" => 60,
        [command, days] if command == "publish" => days
            .parse()
            .ok()
            .filter(|days| (1..=400).contains(days))
            .ok_or_else(|| format!("DAYS must be 1 to 400, not {days:?}\n\n{OFFICES_USAGE}"))?,
        _ => return Err(OFFICES_USAGE.to_owned()),
    };
    let holidays = holiday_calendar()?;
    let catalog = portal_shared::citas::offices();
    let mut added = 0;
    for record in &catalog.offices {
        let office = Office::new(record).map_err(|e| e.to_string())?;
        let today = office.today(now);
        let slots: Vec<portal_persistence::citas::seats::PublishedSlot> = (0..days)
            .filter_map(|n| today.checked_add_days(chrono::Days::new(u64::from(n))))
            .flat_map(|date| office.slots_on(date, &holidays))
            .map(|slot| portal_persistence::citas::seats::PublishedSlot {
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                seats: office.seats_per_slot,
            })
            .collect();
        added += portal_persistence::citas::seats::publish(db, &office.code, &slots, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "{added} seats published for the next {days} days of {} offices (catalog version {})",
        catalog.offices.len(),
        catalog.version
    ))
}

pub const OFFICES_USAGE: &str = "Usage: portal offices publish [DAYS]

  publish [DAYS]  publish the seats of every office's slots from today for DAYS days (default 60),
                  from crates/shared/data/citas/offices.json and the holiday rules; seats
                  already published, and whoever holds them, stay as they are";

/// The form of an application as stored (`details`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct ApplicationDetails {
    pub migratory_status: portal_shared::citas::MigratoryStatus,
    #[serde(default)]
    pub nue: String,
    pub address: portal_shared::citas::MexicanAddress,
    pub phone: String,
    pub email: String,
}

/// The API view of an application and its booked appointment.
pub(crate) async fn application_view(
    state: &AppState,
    application: StoredApplication,
) -> Result<portal_shared::citas::Application, ApiError> {
    let details: ApplicationDetails =
        serde_json::from_str(&application.details).map_err(ApiError::internal)?;
    let document = portal_persistence::travel_documents::find_for_account(
        &state.db,
        application.account_id,
        application.document_id,
    )
    .await?
    .ok_or_else(|| ApiError::internal("application without its document"))?;
    let procedure = portal_shared::citas::procedure(&application.procedure_code)
        .ok_or_else(|| ApiError::internal("application of an unknown procedure"))?;
    let appointment = match portal_persistence::citas::appointments::booked_for_application(
        &state.db,
        application.id,
    )
    .await?
    {
        Some(appointment) => Some(issue::Issued::load(&state.db, appointment).await?.view()),
        None => None,
    };
    Ok(portal_shared::citas::Application {
        id: application.id.to_string(),
        folio: application.folio,
        procedure: procedure.code.clone(),
        procedure_name_es: procedure.name_es.clone(),
        procedure_name_en: procedure.name_en.clone(),
        document_id: application.document_id.to_string(),
        given_names: document.data.given_names,
        surnames: document.data.surnames,
        migratory_status: details.migratory_status,
        nue: details.nue,
        address: details.address,
        phone: details.phone,
        email: details.email,
        created_at: application
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        appointment,
    })
}

/// The API view of a wait, with the seat it is offered if any.
pub(crate) async fn waitlist_view(
    state: &AppState,
    wait: portal_persistence::citas::waitlist::Wait,
) -> Result<portal_shared::citas::WaitlistEntry, ApiError> {
    let application = portal_persistence::citas::applications::find(&state.db, wait.application_id)
        .await?
        .ok_or_else(|| ApiError::internal("wait without its application"))?;
    let office = office_record(&wait.office_code)?;
    let zone: chrono_tz::Tz = office.time_zone.parse().map_err(ApiError::internal)?;
    let rfc3339 = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let offer = match (wait.status, wait.offered_seat_id, wait.offered_until) {
        (portal_shared::citas::WaitStatus::Offered, Some(seat_id), Some(until)) => {
            portal_persistence::citas::seats::find(&state.db, seat_id)
                .await?
                .map(|(_, seat)| {
                    let local = seat.starts_at.with_timezone(&zone);
                    portal_shared::citas::WaitOffer {
                        hold_id: seat.id.to_string(),
                        starts_at: rfc3339(seat.starts_at),
                        local_start: local.format("%Y-%m-%d %H:%M").to_string(),
                        utc_offset: local.format("%:z").to_string(),
                        offered_until: rfc3339(until),
                    }
                })
        }
        _ => None,
    };
    Ok(portal_shared::citas::WaitlistEntry {
        id: wait.id.to_string(),
        application_id: wait.application_id.to_string(),
        folio: application.folio,
        office: office.code.clone(),
        office_name: office.name.clone(),
        time_zone: office.time_zone.clone(),
        from_date: wait.from_date,
        until_date: wait.until_date,
        status: wait.status,
        offer,
    })
}
