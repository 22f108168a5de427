use super::issue::{Issued, recipient_of};
use super::owned_appointment;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_mailer::templates::AppointmentNotice;
use portal_shared::citas::{Appointment, AppointmentStatus};

/// Cancel a booked appointment, up to 24 hours before it: its seat is free at once and
/// the traveler is emailed the calendar file that removes it (`METHOD:CANCEL`).
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    responses(
        (status = 200, description = "Cancelled", body = Appointment),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's appointments", body = portal_shared::ErrorBody),
        (status = 409, description = "Less than 24 hours before (`change_deadline_passed`), no longer booked (`appointment_not_active`), or changed meanwhile (`appointment_changed`)", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/appointments/{id}/cancellation")]
pub async fn cancel_appointment(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let appointment = owned_appointment(&state, &current, &id).await?;
    if appointment.status != AppointmentStatus::Booked {
        return Err(CitasError::AppointmentNotActive.into());
    }
    let now = state.clock.now();
    portal_domain::citas::may_cancel(appointment.starts_at, now).map_err(CitasError::from)?;
    let recipient = recipient_of(&state.db, current.account_id).await?;
    let tx = portal_persistence::begin_write(&state.db).await?;
    let cancelled = portal_persistence::citas::appointments::cancel(&tx, &appointment, now).await?;
    let issued = Issued::load(&tx, cancelled).await?;
    let email = issued.email(
        &state.branding,
        &recipient,
        AppointmentNotice::Cancelled,
        now,
    );
    portal_persistence::outbox::enqueue(&tx, email, now).await?;
    tx.commit().await?;
    tracing::info!(account_id = %current.account_id, appointment_id = %issued.appointment.id, "appointment cancelled");
    super::jobs::offer_after_request(&state, &appointment.office_code, appointment.seat_id, now)
        .await;
    Ok(HttpResponse::Ok().json(issued.view()))
}
