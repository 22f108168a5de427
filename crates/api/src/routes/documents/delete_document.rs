use super::owned_document;
use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use portal_persistence::travel_documents;

/// Delete one of the account's documents.
///
/// Service records (pre-registrations, appointments) do not exist yet; when they do,
/// a document they refer to must answer 409 here instead of being deleted.
#[utoipa::path(delete, path = "/api/v1/documents/{id}", tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
    ))]
pub async fn delete_document(
    current: CurrentAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let document = owned_document(&state, &current, &id).await?;
    let id = document.id;
    if !travel_documents::delete_for_account(&state.db, current.account_id, id).await? {
        return Err(ApiError::NotFound);
    }
    if let Some(key) = document.image_key
        && let Err(error) = state.files.delete(&key).await
    {
        tracing::error!(%error, document_id = %id, "photo of a deleted document could not be removed");
    }
    tracing::info!(account_id = %current.account_id, document_id = %id, "travel document deleted");
    Ok(HttpResponse::NoContent().finish())
}
