use super::owned_document;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::documents::error::DocumentsError;
use crate::state::AppState;
use actix_web::delete;
use actix_web::{HttpResponse, web};
use portal_persistence::{PersistenceError, preregistrations, travel_documents};

/// Delete one of the account's documents. A document that a pre-registration refers to
/// (even a draft) is kept and answers 409: service records must keep their document.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
        (status = 409, description = "A pre-registration refers to the document", body = portal_shared::ErrorBody),
    ))]
#[delete("/documents/{id}")]
pub async fn delete_document(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let document = owned_document(&state, &current, &id).await?;
    let id = document.id;
    if preregistrations::exists_for_document(&state.db, id).await?
        || portal_persistence::citas::applications::exist_for_document(&state.db, id).await?
    {
        return Err(DocumentsError::DocumentInUse.into());
    }
    // The check above answers clearly; the foreign key catches a draft started meanwhile.
    match travel_documents::delete_for_account(&state.db, current.account_id, id).await {
        Ok(true) => {}
        Ok(false) => return Err(ApiError::NotFound),
        Err(PersistenceError::Referenced(_)) => return Err(DocumentsError::DocumentInUse.into()),
        Err(other) => return Err(other.into()),
    }
    if let Some(key) = document.image_key
        && let Err(error) = state.files.delete(&key).await
    {
        tracing::error!(%error, document_id = %id, "photo of a deleted document could not be removed");
    }
    tracing::info!(account_id = %current.account_id, document_id = %id, "travel document deleted");
    Ok(HttpResponse::NoContent().finish())
}
