//! INM Citas: what each office has free — the days of a month, the times of a day — in the
//! office's own time zone.

pub mod book_appointment;
pub mod cancel_appointment;
pub mod check_in;
pub mod day_slots;
pub mod error;
pub mod full_slots;
pub mod get_agenda;
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
pub mod record_attendance;
pub mod release_hold;
pub mod reschedule_appointment;
pub mod staff;
pub mod start_application;

use crate::auth::{CurrentAccount, SignedAccount};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
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
        .service(leave_waitlist::leave_waitlist)
        .service(get_agenda::get_agenda)
        .service(check_in::check_in)
        .service(record_attendance::record_attendance);
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

/// The application `raw_id` of the signed account, read with its session check in one
/// statement: 401 when the session was closed, 404 when the application is another's or
/// unknown. Gives the account, confirmed.
pub(crate) async fn open_session_application(
    state: &web::Data<AppState>,
    signed: SignedAccount,
    raw_id: &str,
) -> Result<(CurrentAccount, StoredApplication), ApiError> {
    let current = signed.unconfirmed();
    let id: Uuid = raw_id.trim().parse().map_err(|_| ApiError::NotFound)?;
    match portal_persistence::citas::applications::find_for_open_session(
        &state.db,
        current.account_id,
        current.session_id,
        id,
    )
    .await?
    {
        Some(application) => Ok((current, application)),
        None => {
            signed.confirm(state.clone()).await?;
            Err(ApiError::NotFound)
        }
    }
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

/// `portal offices …`: publish the seats of the catalog's schedules, assign an officer
/// to an office, close an office on a day.
pub async fn offices_command(
    db: &portal_persistence::DatabaseConnection,
    branding: &portal_mailer::Branding,
    args: &[String],
    now: DateTime<Utc>,
) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("publish") => publish_command(db, args, now).await,
        Some("publish-file") => publish_file_command(db, &args[1..], now).await,
        Some("assign") => assign_command(db, &args[1..]).await,
        Some("close") => close_command(db, branding, &args[1..], now).await,
        _ => Err(OFFICES_USAGE.to_owned()),
    }
}

/// `portal offices publish [DAYS]`: publishes the seats of every office's slots from today
/// (in each office's zone) for `DAYS` days (default 60), except its closed days; seats
/// already published stay as they are.
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
        let closed = portal_persistence::citas::closures::of_office(db, &record.code)
            .await
            .map_err(|e| e.to_string())?;
        let office = Office::new(record)
            .map_err(|e| e.to_string())?
            .with_closures(closed);
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

/// Extra slots an operator publishes from a file (hours beyond the catalog's: a Saturday
/// campaign, an extra counter for a morning).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraSlots {
    slots: Vec<ExtraSlot>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraSlot {
    office: String,
    /// RFC 3339 (with the offset of the office's clock, or UTC).
    starts_at: String,
    minutes: u32,
    seats: u32,
}

/// `portal offices publish-file FILE`: publishes the slots of FILE (JSON `{"slots": [{
/// "office", "starts_at", "minutes", "seats"}]}`), each checked — a known office, a time
/// still to come and not on a closed day, 5 to 240 minutes, 1 to 50 seats — before any is
/// written.
async fn publish_file_command(
    db: &portal_persistence::DatabaseConnection,
    args: &[String],
    now: DateTime<Utc>,
) -> Result<String, String> {
    let [file] = args else {
        return Err(OFFICES_USAGE.to_owned());
    };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let extra: ExtraSlots = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let mut by_office: std::collections::BTreeMap<
        String,
        Vec<portal_persistence::citas::seats::PublishedSlot>,
    > = std::collections::BTreeMap::new();
    for (n, slot) in extra.slots.iter().enumerate() {
        let what = format!("slot {}", n + 1);
        let office =
            office(&slot.office).map_err(|_| format!("{what}: no office {:?}", slot.office))?;
        let starts_at = DateTime::parse_from_rfc3339(&slot.starts_at)
            .map_err(|_| format!("{what}: starts_at {:?} is not RFC 3339", slot.starts_at))?
            .with_timezone(&Utc);
        if starts_at <= now {
            return Err(format!("{what}: {} has passed", slot.starts_at));
        }
        if !(5..=240).contains(&slot.minutes) || !(1..=50).contains(&slot.seats) {
            return Err(format!(
                "{what}: minutes must be 5 to 240 and seats 1 to 50"
            ));
        }
        let day = office.today(starts_at);
        let closed = portal_persistence::citas::closures::of_office(db, &office.code)
            .await
            .map_err(|e| e.to_string())?;
        if closed.contains(&day) {
            return Err(format!("{what}: {} is closed on {day}", office.code));
        }
        by_office.entry(office.code.clone()).or_default().push(
            portal_persistence::citas::seats::PublishedSlot {
                starts_at,
                ends_at: starts_at + chrono::Duration::minutes(i64::from(slot.minutes)),
                seats: slot.seats,
            },
        );
    }
    let mut added = 0;
    for (code, slots) in &by_office {
        added += portal_persistence::citas::seats::publish(db, code, slots, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "{added} seats published from {file} ({} slots, {} offices)",
        extra.slots.len(),
        by_office.len()
    ))
}

/// `portal offices assign EMAIL OFFICE|none`: the officer keeps that office's agenda.
async fn assign_command(
    db: &portal_persistence::DatabaseConnection,
    args: &[String],
) -> Result<String, String> {
    let [email, office] = args else {
        return Err(OFFICES_USAGE.to_owned());
    };
    let office = match office.as_str() {
        "none" => None,
        code => Some(
            office_record(code)
                .map_err(|_| format!("no office {code:?} in the catalog"))?
                .code
                .as_str(),
        ),
    };
    let account = portal_persistence::accounts::find_by_email(db, &email.trim().to_lowercase())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account {email}"))?;
    let assigned = portal_persistence::officers::assign_citas_office(db, account.id, office)
        .await
        .map_err(|e| e.to_string())?;
    if !assigned {
        return Err(format!("{email} is not an officer"));
    }
    let detail = format!("{} → {}", account.id, office.unwrap_or("none"));
    crate::audit_trail::record_command(
        db,
        portal_shared::officers::AuditAction::OfficerAssigned,
        "offices assign",
        Some(detail),
    )
    .await?;
    Ok(match office {
        Some(code) => format!("{email} now keeps the agenda of {code}"),
        None => format!("{email} keeps no office's agenda"),
    })
}

/// `portal offices close OFFICE YYYY-MM-DD REASON…`: the office closes that day; its
/// booked appointments are cancelled (each traveler emailed, with the way to another date
/// or the waitlist) and its seats withdrawn.
async fn close_command(
    db: &portal_persistence::DatabaseConnection,
    branding: &portal_mailer::Branding,
    args: &[String],
    now: DateTime<Utc>,
) -> Result<String, String> {
    let [code, date, reason @ ..] = args else {
        return Err(OFFICES_USAGE.to_owned());
    };
    let reason = reason.join(" ").trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(format!(
            "give a REASON of 1 to 200 characters\n\n{OFFICES_USAGE}"
        ));
    }
    let office = office(code).map_err(|_| format!("no office {code:?} in the catalog"))?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| format!("{date:?} is not YYYY-MM-DD"))?;
    if date < office.today(now) {
        return Err(format!("{date} has passed at {code}"));
    }
    let next = date.succ_opt().ok_or("date out of range")?;
    let (from, until) = (day_start(&office, date), day_start(&office, next));
    let tx = portal_persistence::begin_write(db)
        .await
        .map_err(|e| e.to_string())?;
    let storage = |e: portal_persistence::PersistenceError| e.to_string();
    match portal_persistence::citas::closures::add(&tx, code, date, &reason, now).await {
        Ok(()) | Err(portal_persistence::PersistenceError::Duplicate(_)) => {}
        Err(other) => return Err(other.to_string()),
    }
    let booked: Vec<StoredAppointment> =
        portal_persistence::citas::appointments::of_office_between(&tx, code, from, until)
            .await
            .map_err(storage)?
            .into_iter()
            .filter(|a| a.status == portal_shared::citas::AppointmentStatus::Booked)
            .collect();
    let cancelled = booked.len();
    for appointment in booked {
        let recipient = issue::recipient_of(&tx, appointment.account_id)
            .await
            .map_err(|e| e.to_string())?;
        let closed = portal_persistence::citas::appointments::cancel(&tx, &appointment, now)
            .await
            .map_err(|e| format!("{e}"))?;
        let issued = issue::Issued::load(&tx, closed)
            .await
            .map_err(|e| e.to_string())?;
        let email = issued.email_with_reason(
            branding,
            &recipient,
            portal_mailer::templates::AppointmentNotice::OfficeClosed,
            &reason,
            now,
        );
        portal_persistence::outbox::enqueue(&tx, email, now)
            .await
            .map_err(storage)?;
    }
    // A seat of the day offered from the waitlist goes; its wait goes back in line.
    let seats = portal_persistence::citas::seats::ids_between(&tx, code, from, until)
        .await
        .map_err(storage)?;
    portal_persistence::citas::waitlist::reopen_offers_of(&tx, &seats, now)
        .await
        .map_err(storage)?;
    let withdrawn = portal_persistence::citas::seats::delete_between(&tx, code, from, until)
        .await
        .map_err(storage)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    crate::audit_trail::record_command(
        db,
        portal_shared::officers::AuditAction::OfficeClosed,
        "offices close",
        Some(format!(
            "{code} {date}: {cancelled} appointments cancelled; {reason}"
        )),
    )
    .await?;
    Ok(format!(
        "{code} closed on {date}: {cancelled} appointments cancelled and their travelers emailed, {withdrawn} seats withdrawn"
    ))
}

pub const OFFICES_USAGE: &str = "Usage: portal offices publish [DAYS]
       portal offices publish-file FILE
       portal offices assign EMAIL OFFICE|none
       portal offices close OFFICE YYYY-MM-DD REASON…

  publish [DAYS]  publish the seats of every office's slots from today for DAYS days (default 60),
                  from crates/shared/data/citas/offices.json, the holiday rules and the closed
                  days; seats already published, and whoever holds them, stay as they are
  publish-file    publish the extra slots of FILE, JSON {\"slots\": [{\"office\": CODE, \"starts_at\":
                  RFC 3339, \"minutes\": 5-240, \"seats\": 1-50}]} (hours beyond the catalog's), all
                  checked before any is written
  assign          the officer with this email keeps the agenda of OFFICE (a code of the catalog)
                  and checks its appointments in; none takes it away
  close           OFFICE does not open on that day (office time): its booked appointments are
                  cancelled, each traveler emailed the reason and the way to another date or the
                  waitlist, and its seats withdrawn";

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
