use crate::state::AppState;
use actix_web::{HttpResponse, web};
use portal_shared::receipts::PublicKeys;

/// The public keys that verify the QR tokens of pre-registration receipts, as a JSON Web
/// Key Set (Ed25519, `alg` EdDSA). Officers' devices keep a copy to verify offline.
#[utoipa::path(get, path = "/api/v1/keys", tag = "keys",
    responses((status = 200, description = "The receipt-verifying keys", body = PublicKeys)))]
pub async fn list_keys(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(PublicKeys {
            keys: vec![portal_receipt_token::public_key(
                &state.receipt_key.verifying_key(),
            )],
        })
}
