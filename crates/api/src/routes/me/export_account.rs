use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::routes::documents::to_dto;
use crate::routes::me::get_me::account_info;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::{SecondsFormat, Utc};
use portal_persistence::travel_documents;
use portal_shared::accounts::AccountExport;

/// Download everything the portal holds about the account (derecho de acceso).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, description = "The account's data as a JSON file", body = AccountExport),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
))]
#[get("/me/export")]
pub async fn export_account(
    current: CurrentAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let account = current.load(&state).await?;
    let today = Utc::now().date_naive();
    let documents = travel_documents::list_for_account(&state.db, account.id)
        .await?
        .into_iter()
        .map(|d| to_dto(d, today))
        .collect();
    tracing::info!(account_id = %account.id, "account data exported");
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"mis-datos.json\"",
        ))
        .json(AccountExport {
            generated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            account: account_info(account),
            documents,
        }))
}
