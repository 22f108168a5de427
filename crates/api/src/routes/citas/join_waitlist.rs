use super::{office_record, owned_application, waitlist_view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_persistence::PersistenceError;
use portal_persistence::citas::seats::Holder;
use portal_shared::FieldErrorCode;
use portal_shared::citas::{JoinWaitlistRequest, WaitlistEntry};
use portal_shared::validation::field_error;

/// Wait for a seat at an office between two of its days: when one frees (a cancellation,
/// a move, a hold that ran out), the first in line is emailed and the seat held for 30
/// minutes; unbooked, it goes to the next. One wait per application, for an application
/// without an appointment.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    request_body = JoinWaitlistRequest,
    responses(
        (status = 201, description = "In line", body = WaitlistEntry),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's applications", body = portal_shared::ErrorBody),
        (status = 409, description = "The application already has an appointment (`appointment_exists`)", body = portal_shared::ErrorBody),
        (status = 422, description = "Bad dates, an unknown office or one without the procedure, or already waiting (`already_waiting`)", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/waitlist")]
pub async fn join_waitlist(
    current: TravelerAccount,
    state: web::Data<AppState>,
    body: web::Json<JoinWaitlistRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let application = owned_application(&state, &current, &request.application_id).await?;
    let office = office_record(request.office.trim()).map_err(|_| {
        ApiError::Validation(vec![field_error("office", FieldErrorCode::UnknownOption)])
    })?;
    let now = state.clock.now();
    let zone: chrono_tz::Tz = office.time_zone.parse().map_err(ApiError::internal)?;
    request
        .check(now.with_timezone(&zone).date_naive())
        .map_err(ApiError::Validation)?;
    if !office.procedures.includes(&application.procedure_code) {
        return Err(ApiError::Validation(vec![field_error(
            "office",
            FieldErrorCode::ProcedureNotAtOffice,
        )]));
    }
    if portal_persistence::citas::appointments::booked_for_application(&state.db, application.id)
        .await?
        .is_some()
    {
        return Err(CitasError::AppointmentExists.into());
    }
    let (Some(from), Some(until)) = (request.from_date, request.until_date) else {
        return Err(ApiError::internal("dates checked above"));
    };
    let holder = Holder {
        account_id: current.account_id,
        application_id: application.id,
    };
    match portal_persistence::citas::waitlist::join(
        &state.db,
        holder,
        &office.code,
        from,
        until,
        now,
    )
    .await
    {
        Ok(wait) => Ok(HttpResponse::Created().json(waitlist_view(&state, wait).await?)),
        Err(PersistenceError::Duplicate(_)) => Err(ApiError::Validation(vec![field_error(
            "application_id",
            FieldErrorCode::AlreadyWaiting,
        )])),
        Err(other) => Err(other.into()),
    }
}
