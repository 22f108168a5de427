use super::get_receipt::pdf_response;
use super::issue::{fmm_pdf, issued_of};
use super::issued_preregistration;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::preregistrations::folio;

/// The Forma Migratoria Múltiple electrónica of an approved pre-registration: the
/// bilingual form (fields 1–20, entry and exit halves) filled in from the stored data;
/// once an officer admitted the traveler, with the entry seal (fields 18 and 19).
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    responses(
        (status = 200, description = "The FMM", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Not approved, cancelled, or the arrival date has passed", body = portal_shared::ErrorBody),
    ))]
#[get("/preregistrations/{id}/fmm.pdf")]
pub async fn get_fmm(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (stored, document) = issued_preregistration(&state, &current, &id).await?;
    let issued = issued_of(&stored).ok_or(PreregistroError::DocumentsNotAvailable)?;
    let pdf = fmm_pdf(&state, &issued, &document).await?;
    Ok(pdf_response(
        pdf,
        &format!("fmm-{}.pdf", folio(&stored.id.to_string())),
    ))
}
