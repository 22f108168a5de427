use super::issue::{Issued, recipient_of};
use super::owned_appointment;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_mailer::templates::AppointmentNotice;
use portal_persistence::citas::seats;
use portal_shared::citas::{Appointment, AppointmentStatus, RescheduleRequest};

/// Move a booked appointment into a seat held for its application (at most twice, up to
/// 24 hours before). In one transaction the new seat is taken, the appointment moved
/// (if nothing else changed it meanwhile) and only then the old seat let go: a failed
/// move leaves the old appointment as it was. The UID stays; SEQUENCE goes up.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    request_body = RescheduleRequest,
    responses(
        (status = 200, description = "Moved", body = Appointment),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's appointments", body = portal_shared::ErrorBody),
        (status = 409, description = "`change_deadline_passed`, `reschedule_limit_reached`, `appointment_not_active`, `hold_expired` (the hold ran out or is not for this appointment's application) or `appointment_changed`", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/appointments/{id}/reschedule")]
pub async fn reschedule_appointment(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<RescheduleRequest>,
) -> Result<HttpResponse, ApiError> {
    let appointment = owned_appointment(&state, &current, &id).await?;
    if appointment.status != AppointmentStatus::Booked {
        return Err(CitasError::AppointmentNotActive.into());
    }
    let now = state.clock.now();
    portal_domain::citas::may_reschedule(appointment.starts_at, appointment.reschedules, now)
        .map_err(CitasError::from)?;
    let seat_id: uuid::Uuid = body
        .hold_id
        .trim()
        .parse()
        .map_err(|_| CitasError::HoldExpired)?;
    let (office_code, seat) = seats::find(&state.db, seat_id)
        .await?
        .ok_or(CitasError::HoldExpired)?;
    let held_for_this = seat.holder.is_some_and(|holder| {
        holder.account_id == current.account_id
            && holder.application_id == appointment.application_id
    });
    if !held_for_this || seat.appointment_id.is_some() {
        return Err(CitasError::HoldExpired.into());
    }
    let recipient = recipient_of(&state.db, current.account_id).await?;
    let tx = portal_persistence::begin_write(&state.db).await?;
    let moved = portal_persistence::citas::appointments::reschedule(
        &tx,
        &appointment,
        &office_code,
        &seat,
        now,
    )
    .await?;
    let issued = Issued::load(&tx, moved).await?;
    let email = issued.email(
        &state.branding,
        &recipient,
        AppointmentNotice::Rescheduled,
        now,
    );
    portal_persistence::outbox::enqueue(&tx, email, now).await?;
    tx.commit().await?;
    tracing::info!(account_id = %current.account_id, appointment_id = %issued.appointment.id, reschedules = issued.appointment.reschedules, "appointment moved");
    super::jobs::offer_after_request(&state, &appointment.office_code, appointment.seat_id, now)
        .await;
    Ok(HttpResponse::Ok().json(issued.view()))
}
