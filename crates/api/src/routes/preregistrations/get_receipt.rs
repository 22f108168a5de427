use super::issue::{issued_of, receipt_pdf};
use super::issued_preregistration;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::preregistrations::folio;

/// The receipt (comprobante) of an approved pre-registration: a PDF with the trip and a QR
/// holding the signed token (verify it with `GET /api/v1/keys`). The same stored data
/// always gives the same file.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    responses(
        (status = 200, description = "The receipt", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Not approved, cancelled, or the arrival date has passed", body = portal_shared::ErrorBody),
    ))]
#[get("/preregistrations/{id}/receipt.pdf")]
pub async fn get_receipt(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (stored, document) = issued_preregistration(&state, &current, &id).await?;
    let issued = issued_of(&stored).ok_or(PreregistroError::DocumentsNotAvailable)?;
    let pdf = receipt_pdf(
        state.signer.as_ref(),
        &state.branding.portal_name,
        &issued,
        &document,
    )
    .await?;
    Ok(pdf_response(
        pdf,
        &format!("comprobante-{}.pdf", folio(&stored.id.to_string())),
    ))
}

/// A PDF download that is never cached (it carries personal data).
pub(crate) fn pdf_response(pdf: Vec<u8>, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(pdf)
}
