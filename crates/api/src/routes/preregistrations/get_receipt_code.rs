use super::issue::{issued_of, receipt_token};
use super::issued_preregistration;
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::officers::ReceiptCode;

/// The text of the receipt's QR (the signed token), for a traveler who shows it on a
/// screen or sends it instead of the printed page. Same as the QR of `receipt.pdf`.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    responses(
        (status = 200, description = "The QR text", body = ReceiptCode),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 403, description = "Not a traveler's session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Not approved, cancelled, or the arrival date has passed", body = portal_shared::ErrorBody),
    ))]
#[get("/preregistrations/{id}/receipt")]
pub async fn get_receipt_code(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (stored, document) = issued_preregistration(&state, &current, &id).await?;
    let issued = issued_of(&stored).ok_or(PreregistroError::DocumentsNotAvailable)?;
    let token = receipt_token(state.signer.as_ref(), &issued, &document).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ReceiptCode {
            token,
            revision: stored.revision,
        }))
}
