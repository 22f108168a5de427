use crate::auth::TravelerAccount;
use crate::captcha_check;
use crate::error::ApiError;
use crate::passwords::confirm_password;
use crate::routes::sessions::expired_refresh_cookie;
use crate::state::AppState;
use actix_web::delete;
use actix_web::{HttpResponse, web};
use portal_persistence::{accounts, document_scans, preregistrations, travel_documents};
use portal_shared::accounts::DeleteAccountRequest;

/// Cancel the account and delete its data (derecho de cancelación): its sessions, links,
/// travel documents and pending emails. Records a legal hold keeps (pre-registrations,
/// once they exist) will have to stay and block or narrow this.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    request_body = DeleteAccountRequest, responses(
    (status = 204, description = "Account and its data deleted; the session ends"),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
    (status = 422, description = "Wrong password or captcha", body = portal_shared::ErrorBody),
))]
#[delete("/me")]
pub async fn delete_account(
    current: TravelerAccount,
    state: web::Data<AppState>,
    body: web::Json<DeleteAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    captcha_check::verify(&state, &request.captcha).await?;
    let account = current.load(&state).await?;
    confirm_password("password", request.password, &account).await?;
    // Photos are personal data too: collect them before the rows that name them go.
    let mut photos: Vec<String> = travel_documents::list_for_account(&state.db, account.id)
        .await?
        .into_iter()
        .filter_map(|d| d.image_key)
        .collect();
    photos.extend(preregistrations::attachment_keys_for_account(&state.db, account.id).await?);
    photos.extend(
        document_scans::for_account(&state.db, account.id)
            .await?
            .into_iter()
            .map(|s| s.storage_key),
    );
    let tx = portal_persistence::begin_write(&state.db).await?;
    accounts::delete(&tx, account.id, &account.email).await?;
    tx.commit().await?;
    for key in photos {
        if let Err(error) = state.files.delete(&key).await {
            tracing::error!(%error, "photo of a deleted account could not be removed");
        }
    }
    tracing::info!(account_id = %account.id, "account deleted at its holder's request");
    Ok(HttpResponse::NoContent()
        .cookie(expired_refresh_cookie(&state.settings))
        .finish())
}
