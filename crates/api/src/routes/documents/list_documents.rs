use super::to_dto;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_persistence::travel_documents;
use portal_shared::documents::DocumentList;

/// The account's documents, in registration order, with VIGENTE/VENCIDO computed today.
#[utoipa::path(tag = "documents", security(("bearer" = [])), responses(
    (status = 200, description = "The documents", body = DocumentList),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
))]
#[get("/documents")]
pub async fn list_documents(
    current: TravelerAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let today = Utc::now().date_naive();
    let documents = travel_documents::list_for_account(&state.db, current.account_id)
        .await?
        .into_iter()
        .map(|d| to_dto(d, today))
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(DocumentList { documents }))
}
