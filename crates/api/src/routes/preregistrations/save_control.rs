use super::{owned_draft, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::put;
use actix_web::{HttpResponse, web};
use portal_domain::preregistrations::WizardStep;
use portal_persistence::preregistrations;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::{MigrationControl, Preregistration};

/// Step 3, Control Migratorio: every question answered yes or no, saved on the draft.
/// Step 2 must be saved first.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    request_body = MigrationControl,
    responses(
        (status = 200, description = "Saved; the draft with it", body = Preregistration),
        (status = 400, description = "Malformed JSON", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Already submitted: the steps no longer change", body = portal_shared::ErrorBody),
        (status = 422, description = "A question unanswered or unknown, or step 2 not saved yet; nothing saved", body = portal_shared::ErrorBody),
    ))]
#[put("/preregistrations/{id}/control")]
pub async fn save_control(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<MigrationControl>,
) -> Result<HttpResponse, ApiError> {
    let (stored, variant) = owned_draft(&state, &current, &id).await?;
    stored
        .check_steps_before(WizardStep::Control)
        .map_err(ApiError::Validation)?;
    let control = body.into_inner();
    control.check().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    preregistrations::save_control(&state.db, stored.id, &control, now).await?;
    let saved = preregistrations::find_for_account(&state.db, current.account_id, stored.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(view(&state, saved, &variant, mexico_today(now)).await?))
}
