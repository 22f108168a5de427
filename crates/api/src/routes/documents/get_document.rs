use super::{owned_document, to_dto};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_shared::documents::TravelDocument;

/// One of the account's documents.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The document", body = TravelDocument),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
    ))]
#[get("/documents/{id}")]
pub async fn get_document(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let document = owned_document(&state, &current, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(to_dto(document, Utc::now().date_naive())))
}
