use super::error::CitasError;
use super::issue::Issued;
use super::staff::office_of;
use crate::auth::OfficerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use portal_shared::citas::{AgendaEntry, AppointmentStatus, AttendanceOutcome, AttendanceRequest};
use portal_shared::officers::AuditAction;

/// Mark an appointment of the officer's office from its agenda: `attended` (when the QR
/// cannot be scanned and the document was checked by hand) or `no_show` once its time has
/// passed. Two no-shows within 90 days block the person's online booking for 30 days.
/// Audited.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The appointment's id")),
    request_body = AttendanceRequest,
    responses(
        (status = 200, description = "Recorded", body = AgendaEntry),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not an officer assigned to a Citas office", body = portal_shared::ErrorBody),
        (status = 404, description = "No appointment of this office with this id", body = portal_shared::ErrorBody),
        (status = 409, description = "No longer booked (`appointment_not_active`), a no-show before its time (`appointment_not_started`), or an attendance on another day (`appointment_not_today`)", body = portal_shared::ErrorBody),
    ))]
#[post("/officer/citas/appointments/{id}/attendance")]
pub async fn record_attendance(
    req: HttpRequest,
    officer: OfficerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<AttendanceRequest>,
) -> Result<HttpResponse, ApiError> {
    let office = office_of(&state, &officer).await?;
    let id: uuid::Uuid = id.trim().parse().map_err(|_| ApiError::NotFound)?;
    let appointment = portal_persistence::citas::appointments::find(&state.db, id)
        .await?
        .filter(|appointment| appointment.office_code == office.code)
        .ok_or(ApiError::NotFound)?;
    if appointment.status != AppointmentStatus::Booked {
        return Err(CitasError::AppointmentNotActive.into());
    }
    let now = state.clock.now();
    let status = match body.outcome {
        AttendanceOutcome::NoShow if now < appointment.starts_at => {
            return Err(CitasError::AppointmentNotStarted.into());
        }
        AttendanceOutcome::NoShow => AppointmentStatus::NoShow,
        AttendanceOutcome::Attended => {
            let schedule = super::office(&office.code)?;
            if schedule.today(appointment.starts_at) != schedule.today(now) {
                return Err(CitasError::AppointmentNotToday.into());
            }
            AppointmentStatus::Attended
        }
    };
    let tx = portal_persistence::begin_write(&state.db).await?;
    if !portal_persistence::citas::appointments::record_attendance(&tx, id, status, now).await? {
        return Err(CitasError::AppointmentNotActive.into());
    }
    crate::audit_trail::record(
        &tx,
        &req,
        &state,
        &officer,
        AuditAction::CitasAttendance,
        |entry| entry.about(format!("appointment {id} {}", body.outcome)),
    )
    .await?;
    let recorded = portal_persistence::citas::appointments::find(&tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let issued = Issued::load(&tx, recorded).await?;
    tx.commit().await?;
    Ok(HttpResponse::Ok().json(issued.agenda_entry()))
}
