use super::{day_start, office};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, SecondsFormat};
use portal_shared::citas::{DaySlots, SlotAvailability};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DayQuery {
    /// `YYYY-MM-DD`, a calendar day of the office.
    pub date: String,
}

/// The times of one of the office's days still to come, each on the office's clock with its
/// UTC offset (which daylight saving changes) and its free seats.
#[utoipa::path(tag = "citas",
    params(
        ("code" = String, Path, description = "Office code, e.g. `bc-tijuana`"),
        DayQuery,
    ),
    responses(
        (status = 200, description = "The day's times", body = DaySlots),
        (status = 400, description = "`date` is not YYYY-MM-DD", body = portal_shared::ErrorBody),
        (status = 404, description = "No such office", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/offices/{code}/slots")]
pub async fn day_slots(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<DayQuery>,
) -> Result<HttpResponse, ApiError> {
    let office = office(&code)?;
    let date = NaiveDate::parse_from_str(query.date.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::Malformed("date is not YYYY-MM-DD".to_owned()))?;
    let next = date
        .succ_opt()
        .ok_or_else(|| ApiError::Malformed("date is out of range".to_owned()))?;
    let now = state.clock.now();
    let free = portal_persistence::citas::seats::free_by_slot(
        &state.db,
        &office.code,
        day_start(&office, date).max(now),
        day_start(&office, next),
        now,
    )
    .await?;
    let length = chrono::Duration::minutes(i64::from(office.slot_minutes));
    let rfc3339 = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(HttpResponse::Ok().json(DaySlots {
        office: office.code.clone(),
        time_zone: office.time_zone.name().to_owned(),
        date,
        slots: free
            .into_iter()
            .map(|(starts_at, free_seats)| {
                let local = office.local(starts_at);
                SlotAvailability {
                    starts_at: rfc3339(starts_at),
                    ends_at: rfc3339(starts_at + length),
                    local_time: local.format("%H:%M").to_string(),
                    utc_offset: local.format("%:z").to_string(),
                    free_seats,
                }
            })
            .collect(),
    }))
}
