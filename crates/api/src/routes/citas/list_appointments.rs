use super::issue::Issued;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::AppointmentList;

/// Mis citas: the account's appointments, soonest first, with their status.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    responses(
        (status = 200, description = "The appointments", body = AppointmentList),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/appointments")]
pub async fn list_appointments(
    current: TravelerAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stored =
        portal_persistence::citas::appointments::list_for_account(&state.db, current.account_id)
            .await?;
    let mut appointments = Vec::with_capacity(stored.len());
    for appointment in stored {
        appointments.push(Issued::load(&state.db, appointment).await?.view());
    }
    Ok(HttpResponse::Ok().json(AppointmentList { appointments }))
}
