use super::issue::Issued;
use super::staff::office_of;
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use portal_shared::citas::OfficeAgenda;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AgendaQuery {
    /// `YYYY-MM-DD`, a day of the office (its today when absent).
    pub date: Option<String>,
}

/// The day's agenda of the officer's office: every appointment of that day on the
/// office's clock, booked, attended, missed or cancelled, with the person to check.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(AgendaQuery),
    responses(
        (status = 200, description = "The day", body = OfficeAgenda),
        (status = 400, description = "`date` is not YYYY-MM-DD", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer assigned to a Citas office", body = portal_shared::ErrorBody),
    ))]
#[get("/officer/citas/agenda")]
pub async fn get_agenda(
    officer: OfficerAccount,
    state: web::Data<AppState>,
    query: web::Query<AgendaQuery>,
) -> Result<HttpResponse, ApiError> {
    let record = office_of(&state, &officer).await?;
    let office = super::office(&record.code)?;
    let date = match query.date.as_deref().map(str::trim) {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| ApiError::Malformed("date is not YYYY-MM-DD".to_owned()))?,
        None => office.today(state.clock.now()),
    };
    let next = date
        .succ_opt()
        .ok_or_else(|| ApiError::Malformed("date is out of range".to_owned()))?;
    let stored = portal_persistence::citas::appointments::of_office_between(
        &state.db,
        &record.code,
        super::day_start(&office, date),
        super::day_start(&office, next),
    )
    .await?;
    let mut appointments = Vec::with_capacity(stored.len());
    for appointment in stored {
        appointments.push(Issued::load(&state.db, appointment).await?.agenda_entry());
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(OfficeAgenda {
            office: record.code.clone(),
            office_name: record.name.clone(),
            time_zone: record.time_zone.clone(),
            date,
            appointments,
        }))
}
