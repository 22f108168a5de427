use super::waitlist_view;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::Waitlist;

/// The account's waits, newest first; an offered seat shows with its hold to book.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    responses(
        (status = 200, description = "The waits", body = Waitlist),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    ))]
#[get("/citas/waitlist")]
pub async fn list_waitlist(
    current: TravelerAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stored =
        portal_persistence::citas::waitlist::list_for_account(&state.db, current.account_id)
            .await?;
    let mut waits = Vec::with_capacity(stored.len());
    for wait in stored {
        waits.push(waitlist_view(&state, wait).await?);
    }
    Ok(HttpResponse::Ok().json(Waitlist { waits }))
}
