use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::delete;
use actix_web::{HttpResponse, web};

/// Leave the waitlist; a seat being offered goes to the next in line.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The wait's id")),
    responses(
        (status = 204, description = "Out of line"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "No open wait of this account with this id", body = portal_shared::ErrorBody),
    ))]
#[delete("/citas/waitlist/{id}")]
pub async fn leave_waitlist(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: uuid::Uuid = id.trim().parse().map_err(|_| ApiError::NotFound)?;
    let now = state.clock.now();
    let wait =
        portal_persistence::citas::waitlist::withdraw(&state.db, current.account_id, id, now)
            .await?
            .ok_or(ApiError::NotFound)?;
    if let Some(seat) = wait.offered_seat_id {
        super::jobs::offer_after_request(&state, &wait.office_code, seat, now).await;
    }
    Ok(HttpResponse::NoContent().finish())
}
