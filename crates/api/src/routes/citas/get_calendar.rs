use super::issue::{Issued, recipient_of};
use super::owned_appointment;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};

/// The appointment's calendar file (RFC 5545): in the office's time zone, with a stable
/// UID and the SEQUENCE of its latest change; `METHOD:CANCEL` once cancelled.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    responses(
        (status = 200, description = "The .ics file", content_type = "text/calendar"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's appointments", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/appointments/{id}/calendar")]
pub async fn get_calendar(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let appointment = owned_appointment(&state, &current, &id).await?;
    let issued = Issued::load(&state.db, appointment).await?;
    let recipient = recipient_of(&state.db, current.account_id).await?;
    let ics = issued.calendar(&state.branding.public_url, &recipient, state.clock.now());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"cita-{}.ics\"",
                issued.application.folio
            ),
        ))
        .body(ics))
}
