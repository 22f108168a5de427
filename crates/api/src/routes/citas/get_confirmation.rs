use super::issue::Issued;
use super::owned_appointment;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::AppointmentStatus;

/// The confirmation PDF of a booked appointment, with the signed QR the office scans
/// (verifiable offline with `/api/v1/keys`, a token type of its own).
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's appointments", body = portal_shared::ErrorBody),
        (status = 409, description = "The appointment is no longer booked (`appointment_not_active`)", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/appointments/{id}/confirmation")]
pub async fn get_confirmation(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let appointment = owned_appointment(&state, &current, &id).await?;
    if appointment.status != AppointmentStatus::Booked {
        return Err(CitasError::AppointmentNotActive.into());
    }
    let issued = Issued::load(&state.db, appointment).await?;
    let pdf = issued
        .confirmation_pdf(state.signer.as_ref(), &state.branding.portal_name)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"cita-{}.pdf\"",
                issued.application.folio
            ),
        ))
        .body(pdf))
}
