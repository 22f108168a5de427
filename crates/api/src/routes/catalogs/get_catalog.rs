use crate::error::ApiError;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::catalogs::{self, Catalog, CatalogName};

/// A catalog by name: `countries` (with phone calling codes), `sexes`, `relationships`,
/// `document_types`, `classifications`, and the Pre-Registro's `entry_modes`,
/// `entry_points` (grouped by entry mode), `airlines`, `trip_reasons`,
/// `trip_specifications` (grouped by trip reason) and `mexican_states`.
#[utoipa::path(tag = "catalogs",
    params(("name" = String, Path, description = "countries, sexes, relationships, document_types, classifications, entry_modes, entry_points, airlines, trip_reasons, trip_specifications or mexican_states")),
    responses(
        (status = 200, description = "The catalog", body = Catalog),
        (status = 404, description = "No such catalog", body = portal_shared::ErrorBody),
    ))]
#[get("/catalogs/{name}")]
pub async fn get_catalog(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let name = CatalogName::parse(&name).ok_or(ApiError::NotFound)?;
    let catalog = catalogs::catalog(name);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(catalog))
}
