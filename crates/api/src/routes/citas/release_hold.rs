use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::delete;
use actix_web::{HttpResponse, web};

/// Let a held seat go before its 5 minutes are up (the traveler chose another time or
/// gave up): the seat is free for others at once. A booked seat is not let go this way.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    params(("id" = String, Path, description = "The hold's id")),
    responses(
        (status = 204, description = "The seat is free again"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "No hold of this account with this id", body = portal_shared::ErrorBody),
    ))]
#[delete("/citas/holds/{id}")]
pub async fn release_hold(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let seat_id: uuid::Uuid = id.trim().parse().map_err(|_| ApiError::NotFound)?;
    let now = state.clock.now();
    let Some((office_code, _)) = portal_persistence::citas::seats::find(&state.db, seat_id).await?
    else {
        return Err(ApiError::NotFound);
    };
    let released =
        portal_persistence::citas::seats::release_hold(&state.db, seat_id, current.account_id, now)
            .await?;
    if released {
        portal_persistence::citas::waitlist::lapse_offers_of_seat(&state.db, seat_id, now).await?;
        super::jobs::offer_after_request(&state, &office_code, seat_id, now).await;
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NotFound)
    }
}
