use crate::auth::SignedAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::Preregistration;

/// Historial Registros: every pre-registration of the account's documents, newest first,
/// with its status (`history_status`), whether its receipt and FMM can be downloaded and
/// how the delivery of its emails stands.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    responses(
        (status = 200, description = "The account's pre-registrations", body = Vec<Preregistration>),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    ))]
#[get("/preregistrations")]
pub async fn list_preregistrations(
    signed: SignedAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let items = super::history(&state, signed, mexico_today(state.clock.now())).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(items))
}
