use super::application_view;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::ApplicationList;

/// The account's applications (solicitudes), newest first, each with its booked
/// appointment if it has one.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    responses(
        (status = 200, description = "The applications", body = ApplicationList),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/applications")]
pub async fn list_applications(
    current: TravelerAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stored =
        portal_persistence::citas::applications::list_for_account(&state.db, current.account_id)
            .await?;
    let mut applications = Vec::with_capacity(stored.len());
    for application in stored {
        applications.push(application_view(&state, application).await?);
    }
    Ok(HttpResponse::Ok().json(ApplicationList { applications }))
}
