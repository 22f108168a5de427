use super::{day_start, office};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::{Months, NaiveDate};
use portal_shared::citas::{DayAvailability, MonthAvailability};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MonthQuery {
    /// `YYYY-MM`.
    pub month: String,
}

/// The office's days of `month` that have published slots, with how many seats are free in
/// the times still to come — the days are the office's calendar days, in its time zone.
#[utoipa::path(tag = "citas",
    params(
        ("code" = String, Path, description = "Office code, e.g. `bc-tijuana`"),
        MonthQuery,
    ),
    responses(
        (status = 200, description = "The month", body = MonthAvailability),
        (status = 400, description = "`month` is not YYYY-MM", body = portal_shared::ErrorBody),
        (status = 404, description = "No such office", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/offices/{code}/availability")]
pub async fn month_availability(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    let office = office(&code)?;
    let first = NaiveDate::parse_from_str(&format!("{}-01", query.month.trim()), "%Y-%m-%d")
        .map_err(|_| ApiError::Malformed("month is not YYYY-MM".to_owned()))?;
    let next = first
        .checked_add_months(Months::new(1))
        .ok_or_else(|| ApiError::Malformed("month is out of range".to_owned()))?;
    let now = state.clock.now();
    let free = portal_persistence::citas::seats::free_by_slot(
        &state.db,
        &office.code,
        day_start(&office, first).max(now),
        day_start(&office, next),
        now,
    )
    .await?;
    let mut days: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for (starts_at, seats) in free {
        *days.entry(office.today(starts_at)).or_insert(0) += seats;
    }
    Ok(HttpResponse::Ok().json(MonthAvailability {
        office: office.code.clone(),
        time_zone: office.time_zone.name().to_owned(),
        month: first.format("%Y-%m").to_string(),
        days: days
            .into_iter()
            .map(|(date, free_seats)| DayAvailability { date, free_seats })
            .collect(),
    }))
}
