use super::{owned_draft, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::put;
use actix_web::{HttpResponse, web};
use portal_persistence::preregistrations;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::{Preregistration, TripInformation};

/// Step 1, Información del Viaje: checked and saved on the draft.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    request_body = TripInformation,
    responses(
        (status = 200, description = "Saved; the draft with it", body = Preregistration),
        (status = 400, description = "Malformed JSON", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Already submitted: the steps no longer change", body = portal_shared::ErrorBody),
        (status = 422, description = "Field errors; nothing saved", body = portal_shared::ErrorBody),
    ))]
#[put("/preregistrations/{id}/trip")]
pub async fn save_trip(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<TripInformation>,
) -> Result<HttpResponse, ApiError> {
    let (stored, variant) = owned_draft(&state, &current, &id).await?;
    let now = state.clock.now();
    let today = mexico_today(now);
    let trip = body.into_inner();
    trip.check(today).map_err(ApiError::Validation)?;
    preregistrations::save_trip(&state.db, stored.id, &trip, now).await?;
    let saved = preregistrations::find_for_account(&state.db, current.account_id, stored.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(view(&state, saved, &variant, today).await?))
}
