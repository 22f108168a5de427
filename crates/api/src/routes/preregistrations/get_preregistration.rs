use super::{owned_preregistration, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::Preregistration;

/// One of the account's pre-registrations (a draft resumes from here).
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    responses(
        (status = 200, description = "The pre-registration", body = Preregistration),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
    ))]
#[get("/preregistrations/{id}")]
pub async fn get_preregistration(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (stored, variant) = owned_preregistration(&state, &current, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view(&state, stored, &variant, mexico_today(state.clock.now())).await?))
}
