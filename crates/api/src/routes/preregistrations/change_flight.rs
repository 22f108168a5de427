use super::issue::{Issued, emails};
use super::{owned_preregistration, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::put;
use actix_web::{HttpResponse, web};
use portal_domain::eligibility::Facts;
use portal_persistence::{accounts, eligibility_rules, outbox, preregistrations, travel_documents};
use portal_shared::FieldErrorCode;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::{FlightChangeRequest, Preregistration};
use portal_shared::validation::field_error;

/// The flight was rescheduled: change only the carrier, flight number and dates of an
/// approved pre-registration. The trip rules and the eligibility rules in force are
/// checked again; the receipt and the FMM are issued again (next `revision`) and emailed,
/// and the QR of the earlier receipt is no longer valid.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    request_body = FlightChangeRequest,
    responses(
        (status = 200, description = "Changed; the pre-registration with its new revision", body = Preregistration),
        (status = 400, description = "Malformed JSON", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Not approved, cancelled, or the arrival date has passed", body = portal_shared::ErrorBody),
        (status = 422, description = "The new flight data break a trip rule, or make the trip no longer eligible; nothing changed", body = portal_shared::ErrorBody),
    ))]
#[put("/preregistrations/{id}/flight")]
pub async fn change_flight(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<FlightChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    let (stored, variant) = owned_preregistration(&state, &current, &id).await?;
    let now = state.clock.now();
    let today = mexico_today(now);
    if !stored.flight_change_allowed(today) {
        return Err(PreregistroError::FlightChangeNotAllowed.into());
    }
    let (Some(old_trip), Some(control)) = (stored.trip.as_ref(), stored.control.as_ref()) else {
        return Err(PreregistroError::FlightChangeNotAllowed.into());
    };
    let trip = body.apply_to(old_trip);
    trip.check(today).map_err(ApiError::Validation)?;
    let document =
        travel_documents::find_for_account(&state.db, current.account_id, stored.document_id)
            .await?
            .ok_or_else(|| ApiError::internal("pre-registration without its document"))?;
    let rules = eligibility_rules::current(&state.db)
        .await?
        .ok_or_else(|| ApiError::internal("no eligibility rules in force"))?;
    let fired = rules
        .rules
        .fired(&Facts::of(&trip, control, document.data.expiry_date, today));
    if !fired.is_empty() {
        return Err(ApiError::Validation(vec![field_error(
            "departure_date",
            FieldErrorCode::NotEligibleAfterChange,
        )]));
    }

    let account = accounts::find_by_id(&state.db, current.account_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let issued = Issued {
        stored: &stored,
        trip: &trip,
        issued_at: now,
        revision: stored.next_revision(),
    };
    let (receipt_email, fmm_email) = emails(&state, &account.email, &issued, &document);

    let tx = portal_persistence::begin_write(&state.db).await?;
    let receipt_email_id = outbox::enqueue(&tx, receipt_email, now).await?;
    let fmm_email_id = outbox::enqueue(&tx, fmm_email, now).await?;
    let changed = preregistrations::change_flight(
        &tx,
        stored.id,
        stored.revision,
        &trip,
        now,
        (receipt_email_id, fmm_email_id),
    )
    .await?;
    if !changed {
        // A concurrent change or cancellation won; nothing of this one is kept.
        tx.rollback().await?;
        return Err(PreregistroError::FlightChangeNotAllowed.into());
    }
    if let Some(arrival) = trip.arrival_date {
        preregistrations::cancel_same_arrival(&tx, document.id, arrival, stored.id, now).await?;
    }
    tx.commit().await?;
    tracing::info!(account_id = %current.account_id, preregistration_id = %stored.id, revision = stored.next_revision(), "flight data changed; receipt issued again");
    let changed = preregistrations::find_for_account(&state.db, current.account_id, stored.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(view(&state, changed, &variant, today).await?))
}
