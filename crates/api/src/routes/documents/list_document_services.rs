use super::{owned_document, to_dto};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_shared::documents::{DocumentServices, service_notes, services_for};
use portal_shared::i18n::Locale;

/// Servicios Disponibles: what this document can start. Pre-Registro only for a Colombian,
/// VIGENTE document; Citas for any VIGENTE document.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The services", body = DocumentServices),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
    ))]
#[get("/documents/{id}/services")]
pub async fn list_document_services(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let document = owned_document(&state, &current, &id).await?;
    let document = to_dto(document, Utc::now().date_naive());
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(DocumentServices {
            services: services_for(&document.nationality, document.status),
            document,
            notes_es: service_notes(Locale::Es),
            notes_en: service_notes(Locale::En),
        }))
}
