use super::issue::{Issued, recipient_of};
use crate::auth::SignedAccount;
use crate::error::ApiError;
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_mailer::templates::AppointmentNotice;
use portal_persistence::citas::appointments::{self, NewBooking};
use portal_persistence::citas::seats;
use portal_shared::citas::{Appointment, BookAppointmentRequest};

/// Book the held seat: in one transaction the appointment is written and the seat taken
/// by a conditional update, with the confirmation email (PDF with the signed QR and the
/// calendar file). The seat is never sold twice; one person holds one active appointment
/// per procedure. Confirming the same hold again answers with the appointment it booked.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    request_body = BookAppointmentRequest,
    responses(
        (status = 201, description = "Booked", body = Appointment),
        (status = 200, description = "This hold was already booked: its appointment", body = Appointment),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 409, description = "The hold ran out or is not this account's (`hold_expired`), or the person already has an active appointment for the procedure (`appointment_exists`)", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/appointments")]
pub async fn book_appointment(
    signed: SignedAccount,
    state: web::Data<AppState>,
    body: web::Json<BookAppointmentRequest>,
) -> Result<HttpResponse, ApiError> {
    // The session is checked with the application read below; a request refused before
    // then has its session checked first, so that a closed one is told to log in again.
    let claimed = signed.unconfirmed();
    let refused = async |error: ApiError| -> ApiError {
        match signed.confirm(state.clone()).await {
            Ok(_) => error,
            Err(closed) => closed,
        }
    };
    let Ok(seat_id) = body.hold_id.trim().parse::<uuid::Uuid>() else {
        return Err(refused(CitasError::HoldExpired.into()).await);
    };
    let now = state.clock.now();
    let found = seats::find(&state.db, seat_id).await?;
    let Some((office_code, seat, holder)) = found.and_then(|(office_code, seat)| {
        let holder = seat
            .holder
            .filter(|holder| holder.account_id == claimed.account_id)?;
        Some((office_code, seat, holder))
    }) else {
        return Err(refused(CitasError::HoldExpired.into()).await);
    };
    if let Some(booked) = seat.appointment_id {
        let current = signed.confirm(state.clone()).await?;
        let appointment = appointments::find_for_account(&state.db, current.account_id, booked)
            .await?
            .ok_or(CitasError::HoldExpired)?;
        let issued = Issued::load(&state.db, appointment).await?;
        return Ok(HttpResponse::Ok().json(issued.view()));
    }
    if seat.held_until.is_none_or(|until| until < now) {
        return Err(refused(CitasError::HoldExpired.into()).await);
    }
    let application = match portal_persistence::citas::applications::find_for_open_session(
        &state.db,
        claimed.account_id,
        claimed.session_id,
        holder.application_id,
    )
    .await?
    {
        Some(application) => application,
        None => return Err(refused(CitasError::HoldExpired.into()).await),
    };
    let current = claimed;
    super::hold_seat::refuse_if_blocked(&state, current.account_id, now).await?;

    let recipient = recipient_of(&state.db, current.account_id).await?;
    let tx = portal_persistence::begin_write(&state.db).await?;
    let appointment = appointments::book(
        &tx,
        NewBooking {
            id: uuid::Uuid::new_v4(),
            holder,
            office_code,
            seat_id,
            starts_at: seat.starts_at,
            ends_at: seat.ends_at,
            active_key: portal_domain::citas::active_key(
                &application.person_key,
                &application.procedure_code,
            ),
        },
        now,
    )
    .await?;
    portal_persistence::citas::waitlist::settle(&tx, holder.application_id, now).await?;
    let issued = Issued::of_application(&tx, appointment, application).await?;
    let email = issued.email(&state.branding, &recipient, AppointmentNotice::Booked, now);
    portal_persistence::outbox::enqueue(&tx, email, now).await?;
    tx.commit().await?;
    tracing::info!(account_id = %current.account_id, appointment_id = %issued.appointment.id, office = %issued.office.code, "appointment booked");
    Ok(HttpResponse::Created().json(issued.view()))
}
