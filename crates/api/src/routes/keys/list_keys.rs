use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::receipts::PublicKeys;

/// The public keys that verify the QR tokens of pre-registration receipts, as a JSON Web
/// Key Set (Ed25519, `alg` EdDSA), each with the key id (`kid`) that tokens name. After a
/// rotation the older keys stay listed, and their receipts keep verifying, until an
/// operator retires them. Officers' devices keep a copy to verify offline.
#[utoipa::path(tag = "keys",
    responses((status = 200, description = "The receipt-verifying keys", body = PublicKeys)))]
#[get("/keys")]
pub async fn list_keys(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let keys = crate::keys::published_receipt_keys(&state.db).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(PublicKeys { keys }))
}
