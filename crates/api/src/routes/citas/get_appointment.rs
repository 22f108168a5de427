use super::issue::Issued;
use super::owned_appointment;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::Appointment;

/// One of the account's appointments.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's appointments", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/appointments/{id}")]
pub async fn get_appointment(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let appointment = owned_appointment(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(Issued::load(&state.db, appointment).await?.view()))
}
