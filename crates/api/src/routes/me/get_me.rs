use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use portal_shared::accounts::AccountInfo;

/// The logged-in account (Información).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, description = "The account", body = AccountInfo),
    (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
))]
#[get("/me")]
pub async fn get_me(
    current: CurrentAccount,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let account = current.load(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(account_info(account)))
}

/// The API view of an account.
pub(crate) fn account_info(account: portal_domain::account::Account) -> AccountInfo {
    AccountInfo {
        id: account.id.to_string(),
        email: account.email,
        given_names: account.given_names,
        surnames: account.surnames,
        birth_date: account.birth_date,
        nationality: account.nationality,
        sex: account.sex,
        phone_country_code: account.phone_country_code,
        phone: account.phone,
        role: account.role,
        created_at: account
            .created_at
            .to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}
