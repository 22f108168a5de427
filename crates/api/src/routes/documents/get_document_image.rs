use super::owned_document;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};

/// The photo a document was read from. Only its owner reads it (officers come later, and
/// each of their reads will be logged).
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The photo (image/jpeg or image/png)"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents, or it has no photo", body = portal_shared::ErrorBody),
    ))]
#[get("/documents/{id}/image")]
pub async fn get_document_image(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let document = owned_document(&state, &current, &id).await?;
    let key = document.image_key.ok_or(ApiError::NotFound)?;
    let bytes = state
        .files
        .get(&key)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    let content_type = portal_scan::content_type(&bytes).unwrap_or("application/octet-stream");
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "private, no-store"))
        .body(bytes))
}
