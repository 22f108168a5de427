use super::{office_record, open_session_application};
use crate::auth::SignedAccount;
use crate::error::ApiError;
use crate::rate_limit::{self, HOLDS_PER_ACCOUNT, HOLDS_PER_ADDRESS, client_ip};
use crate::routes::citas::error::CitasError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use portal_persistence::citas::seats::{self, Holder, NoSeat};
use portal_shared::FieldErrorCode;
use portal_shared::citas::{HOLD_MINUTES, HoldSeatRequest, SeatHold};
use portal_shared::validation::field_error;

/// Hold one seat of an office's time for an application for 5 minutes: it counts against
/// the slot's seats at once, and frees itself if not booked in time. Holding another time
/// for the same application lets the first go.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    request_body = HoldSeatRequest,
    responses(
        (status = 201, description = "The seat is held until `held_until`", body = SeatHold),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Two missed appointments within 90 days (`booking_blocked`, with Retry-After)", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's applications", body = portal_shared::ErrorBody),
        (status = 409, description = "Every seat of that time is taken (`slot_full`)", body = portal_shared::ErrorBody),
        (status = 422, description = "Unknown office, an office that does not handle the procedure, or a time it does not offer", body = portal_shared::ErrorBody),
        (status = 429, description = "Too many holds for the account or the address (Retry-After)", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/holds")]
pub async fn hold_seat(
    signed: SignedAccount,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<HoldSeatRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    let office = office_record(request.office.trim()).map_err(|_| {
        ApiError::Validation(vec![field_error("office", FieldErrorCode::UnknownOption)])
    })?;
    let not_offered = || {
        ApiError::Validation(vec![field_error(
            "starts_at",
            FieldErrorCode::SlotNotOffered,
        )])
    };
    let starts_at = DateTime::parse_from_rfc3339(request.starts_at.trim())
        .map_err(|_| not_offered())?
        .with_timezone(&Utc);
    let now = state.clock.now();
    if starts_at <= now {
        return Err(not_offered());
    }
    // A crowd retrying a sold-out time during a release is answered here, on the token's
    // signature alone and before the database is asked anything: that a time is full is
    // public (the availability says so to anyone). The seat itself is only ever taken
    // below, by the database. While a request waits its turn for the database, others
    // may find the time full: it asks again before each step.
    let began = std::time::Instant::now();
    let sold_out = || {
        state
            .citas_full_slots
            .found_full_since(&office.code, starts_at, began)
    };
    if state
        .citas_full_slots
        .known_full(&office.code, starts_at, now)
    {
        return Err(CitasError::SlotFull.into());
    }
    let (current, application) =
        open_session_application(&state, signed, &request.application_id).await?;
    if !office.procedures.includes(&application.procedure_code) {
        return Err(ApiError::Validation(vec![field_error(
            "office",
            FieldErrorCode::ProcedureNotAtOffice,
        )]));
    }
    if sold_out() {
        return Err(CitasError::SlotFull.into());
    }
    refuse_if_blocked(&state, current.account_id, now).await?;
    rate_limit::check_and_record_all(
        &state,
        &[
            (HOLDS_PER_ACCOUNT, &current.account_id.to_string()),
            (HOLDS_PER_ADDRESS, &client_ip(&req, &state)),
        ],
    )
    .await?;
    if sold_out() {
        return Err(CitasError::SlotFull.into());
    }

    let holder = Holder {
        account_id: current.account_id,
        application_id: application.id,
    };
    let held_until = now + Duration::minutes(HOLD_MINUTES);
    let hold =
        match seats::hold(&state.db, &office.code, starts_at, holder, held_until, now).await? {
            Ok(hold) => {
                state.citas_full_slots.found_free(&office.code, starts_at);
                hold
            }
            Err(NoSeat::Full) => {
                state
                    .citas_full_slots
                    .found_full(&office.code, starts_at, now);
                return Err(CitasError::SlotFull.into());
            }
            Err(NoSeat::NotOffered) => return Err(not_offered()),
        };
    let zone: chrono_tz::Tz = office.time_zone.parse().map_err(ApiError::internal)?;
    let local = starts_at.with_timezone(&zone);
    let rfc3339 = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(HttpResponse::Created().json(SeatHold {
        hold_id: hold.seat_id.to_string(),
        application_id: application.id.to_string(),
        office: office.code.clone(),
        time_zone: office.time_zone.clone(),
        starts_at: rfc3339(starts_at),
        local_start: local.format("%Y-%m-%d %H:%M").to_string(),
        utc_offset: local.format("%:z").to_string(),
        held_until: rfc3339(hold.held_until),
        expires_in: u64::try_from((hold.held_until - now).num_seconds()).unwrap_or_default(),
    }))
}

/// Two missed appointments within 90 days block online booking for 30 days.
pub(crate) async fn refuse_if_blocked(
    state: &AppState,
    account_id: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let no_shows = portal_persistence::citas::appointments::no_shows_since(
        &state.db,
        account_id,
        now - Duration::days(120),
    )
    .await?;
    match portal_domain::citas::booking_blocked_until(&no_shows, now) {
        Some(until) => Err(CitasError::BookingBlocked {
            retry_after_seconds: u64::try_from((until - now).num_seconds()).unwrap_or(1),
        }
        .into()),
        None => Ok(()),
    }
}
