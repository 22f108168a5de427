use super::error::CitasError;
use super::issue::Issued;
use super::staff::office_of;
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use portal_shared::citas::{AgendaEntry, AppointmentStatus, CheckInRequest};
use portal_shared::officers::AuditAction;

/// Check a person in by the QR of their confirmation: the signature is checked against
/// the published keys (as an officer's device does offline), then the appointment
/// against the records — this office, today on its clock, the current version (a QR from
/// before a move is refused), still booked — and it is marked attended. The answer names
/// the person and document to compare with the one presented. Every try is audited.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    request_body = CheckInRequest,
    responses(
        (status = 200, description = "Checked in", body = AgendaEntry),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer assigned to a Citas office", body = portal_shared::ErrorBody),
        (status = 404, description = "Validly signed, but the appointment no longer exists", body = portal_shared::ErrorBody),
        (status = 409, description = "Another office (`appointment_other_office`), not today (`appointment_not_today`), moved since (`appointment_changed`) or no longer booked (`appointment_not_active`)", body = portal_shared::ErrorBody),
        (status = 422, description = "Not a confirmation signed with a published key (`confirmation_invalid`)", body = portal_shared::ErrorBody),
    ))]
#[post("/officer/citas/check-ins")]
pub async fn check_in(
    req: HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    body: web::Json<CheckInRequest>,
) -> Result<HttpResponse, ApiError> {
    let office = office_of(&state, &officer).await?;
    let refused = |why: CitasError| {
        let (req, state, officer) = (&req, &state, &officer);
        async move {
            crate::audit_trail::record(
                &state.db,
                req,
                state,
                officer,
                AuditAction::CitasInvalidCheckIn,
                |entry| entry.about(why.to_string()),
            )
            .await?;
            Err::<HttpResponse, ApiError>(why.into())
        }
    };
    let keys = crate::keys::published_receipt_keys(&state.db).await?;
    let Ok(claims) = portal_receipt_token::verify_appointment(&body.token, &keys) else {
        return refused(CitasError::ConfirmationInvalid).await;
    };
    let Ok(id) = claims.appointment_id.parse::<uuid::Uuid>() else {
        return refused(CitasError::ConfirmationInvalid).await;
    };
    let Some(appointment) = portal_persistence::citas::appointments::find(&state.db, id).await?
    else {
        return Err(ApiError::NotFound);
    };
    let now = state.clock.now();
    let schedule = super::office(&office.code)?;
    if appointment.office_code != office.code || claims.office != office.code {
        return refused(CitasError::AppointmentOtherOffice).await;
    }
    if appointment.sequence != claims.sequence {
        return refused(CitasError::AppointmentChanged).await;
    }
    if schedule.today(appointment.starts_at) != schedule.today(now) {
        return refused(CitasError::AppointmentNotToday).await;
    }
    if appointment.status != AppointmentStatus::Booked {
        return refused(CitasError::AppointmentNotActive).await;
    }
    let tx = portal_persistence::begin_write(&state.db).await?;
    if !portal_persistence::citas::appointments::record_attendance(
        &tx,
        appointment.id,
        AppointmentStatus::Attended,
        now,
    )
    .await?
    {
        return Err(CitasError::AppointmentNotActive.into());
    }
    crate::audit_trail::record(
        &tx,
        &req,
        &state,
        &officer,
        AuditAction::CitasCheckIn,
        |entry| entry.about(format!("appointment {}", appointment.id)),
    )
    .await?;
    let attended = portal_persistence::citas::appointments::find(&tx, appointment.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let issued = Issued::load(&tx, attended).await?;
    tx.commit().await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(issued.agenda_entry()))
}
