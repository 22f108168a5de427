//! HTTP routes: one module per resource, one file per action.

pub mod accounts;
pub mod audit;
pub mod captcha;
pub mod catalogs;
pub mod documents;
pub mod health;
pub mod keys;
pub mod me;
pub mod officer;
pub mod preregistrations;
pub mod revocations;
pub mod sessions;

use crate::error::ApiError;
use actix_web::web;
use portal_shared::FieldErrorCode;
use portal_shared::accounts::AcceptedResponse;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The probes and the API, each route with its OpenAPI path.
pub fn configure(cfg: &mut ServiceConfig) {
    health::configure(cfg);
    configure_api(cfg);
}

/// Every `/api/v1` resource: one line each registers its routes and their OpenAPI paths.
pub fn configure_api(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1")
            .configure(captcha::configure)
            .configure(catalogs::configure)
            .configure(accounts::configure)
            .configure(sessions::configure)
            .configure(me::configure)
            .configure(documents::configure)
            .configure(preregistrations::configure)
            .configure(keys::configure)
            .configure(revocations::configure)
            .configure(officer::configure)
            .configure(audit::configure)
            .default_service(web::to(not_found)),
    );
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

pub(crate) fn accepted(message: &str, message_en: &str) -> AcceptedResponse {
    AcceptedResponse {
        message: message.to_owned(),
        message_en: message_en.to_owned(),
    }
}

/// Refuses with a 422 on `field` unless `password` is the account's current one.
pub(crate) async fn confirm_password(
    field: &str,
    password: String,
    account: &portal_domain::account::Account,
) -> Result<(), ApiError> {
    if verify_password(password, Some(account.password_hash.clone())).await? {
        Ok(())
    } else {
        Err(ApiError::Validation(vec![
            portal_shared::validation::field_error(field, FieldErrorCode::WrongCurrentPassword),
        ]))
    }
}

/// The RFC 3339 time of query parameter `name`, if given; 400 when it does not parse.
pub(crate) fn query_time(
    raw: Option<&str>,
    name: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
    raw.map(|raw| {
        chrono::DateTime::parse_from_rfc3339(raw)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| ApiError::Malformed(format!("{name} must be an RFC 3339 time")))
    })
    .transpose()
}

/// A syntactically valid email or a 422 on `email`.
pub(crate) fn parse_email(raw: &str) -> Result<portal_domain::Email, ApiError> {
    portal_domain::Email::parse(raw).map_err(|_| {
        ApiError::Validation(vec![portal_shared::validation::field_error(
            "email",
            FieldErrorCode::InvalidEmail,
        )])
    })
}

/// Hashes a password on a blocking thread (one of the heavy-work slots).
pub(crate) async fn hash_password(password: String) -> Result<String, ApiError> {
    crate::heavy_work::run(move || portal_domain::credentials::hash_password(&password))
        .await?
        .map_err(ApiError::internal)
}

/// Checks a password on a blocking thread (one of the heavy-work slots); `None` for `stored` spends the same time.
pub(crate) async fn verify_password(
    password: String,
    stored: Option<String>,
) -> Result<bool, ApiError> {
    crate::heavy_work::run(move || match stored {
        Some(hash) => portal_domain::credentials::verify_password(&password, &hash),
        None => {
            portal_domain::credentials::verify_against_dummy(&password);
            false
        }
    })
    .await
}

/// The file sent in multipart field `name`, with its file name, reading at most `max_bytes`
/// of it (413 above; other fields are read and dropped but count towards the limit too).
pub(crate) async fn read_file_field(
    mut payload: actix_multipart::Multipart,
    name: &str,
    max_bytes: usize,
) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    use futures_util::StreamExt;
    let mut found = None;
    let mut received = 0_usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| ApiError::Malformed(e.to_string()))?;
        let wanted = field.name() == Some(name);
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("")
            .to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::Malformed(e.to_string()))?;
            received += chunk.len();
            if received > max_bytes + 16 * 1024 {
                return Err(ApiError::PayloadTooLarge);
            }
            if wanted {
                bytes.extend_from_slice(&chunk);
            }
        }
        if wanted {
            if bytes.len() > max_bytes {
                return Err(ApiError::PayloadTooLarge);
            }
            found = Some((file_name, bytes));
        }
    }
    Ok(found)
}
