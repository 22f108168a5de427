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

/// Registers every `/api/v1` route.
pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .route(
                "/captcha",
                web::get().to(captcha::create_captcha::create_captcha),
            )
            .route(
                "/catalogs/{name}",
                web::get().to(catalogs::get_catalog::get_catalog),
            )
            .route(
                "/accounts",
                web::post().to(accounts::create_account::create_account),
            )
            .route(
                "/accounts/activate",
                web::post().to(accounts::activate_account::activate_account),
            )
            .route(
                "/accounts/recovery",
                web::post().to(accounts::request_recovery::request_recovery),
            )
            .route(
                "/accounts/password-reset",
                web::post().to(accounts::reset_password::reset_password),
            )
            .route(
                "/sessions",
                web::post().to(sessions::create_session::create_session),
            )
            .route(
                "/sessions/refresh",
                web::post().to(sessions::refresh_session::refresh_session),
            )
            .route(
                "/sessions/current",
                web::delete().to(sessions::delete_session::delete_session),
            )
            .route("/me", web::get().to(me::get_me::get_me))
            .route("/me", web::delete().to(me::delete_account::delete_account))
            .route(
                "/me/export",
                web::get().to(me::export_account::export_account),
            )
            .route(
                "/me/password",
                web::put().to(me::change_password::change_password),
            )
            .route(
                "/documents",
                web::post().to(documents::register_document::register_document),
            )
            .route(
                "/documents/scan",
                web::post().to(documents::scan_document::scan_document),
            )
            .route(
                "/documents",
                web::get().to(documents::list_documents::list_documents),
            )
            .route(
                "/documents/{id}",
                web::get().to(documents::get_document::get_document),
            )
            .route(
                "/documents/{id}",
                web::delete().to(documents::delete_document::delete_document),
            )
            .route(
                "/documents/{id}/image",
                web::get().to(documents::get_document_image::get_document_image),
            )
            .route(
                "/documents/{id}/services",
                web::get().to(documents::list_document_services::list_document_services),
            )
            .route(
                "/preregistrations",
                web::post().to(preregistrations::start_preregistration::start_preregistration),
            )
            .route(
                "/preregistrations/{id}",
                web::get().to(preregistrations::get_preregistration::get_preregistration),
            )
            .route(
                "/preregistrations/{id}/trip",
                web::put().to(preregistrations::save_trip::save_trip),
            )
            .route(
                "/preregistrations/{id}/additional",
                web::put().to(preregistrations::save_additional::save_additional),
            )
            .route(
                "/preregistrations/{id}/control",
                web::put().to(preregistrations::save_control::save_control),
            )
            .route(
                "/preregistrations/{id}/attachments/{kind}",
                web::put().to(preregistrations::attach_file::attach_file),
            )
            .route(
                "/preregistrations",
                web::get().to(preregistrations::list_preregistrations::list_preregistrations),
            )
            .route(
                "/preregistrations/{id}/submission",
                web::post().to(preregistrations::submit_preregistration::submit_preregistration),
            )
            .route(
                "/preregistrations/{id}/receipt.pdf",
                web::get().to(preregistrations::get_receipt::get_receipt),
            )
            .route(
                "/preregistrations/{id}/fmm.pdf",
                web::get().to(preregistrations::get_fmm::get_fmm),
            )
            .route(
                "/preregistrations/{id}/flight",
                web::put().to(preregistrations::change_flight::change_flight),
            )
            .route(
                "/preregistrations/{id}/resend",
                web::post().to(preregistrations::resend_emails::resend_emails),
            )
            .route(
                "/preregistrations/{id}/receipt",
                web::get().to(preregistrations::get_receipt_code::get_receipt_code),
            )
            .route("/keys", web::get().to(keys::list_keys::list_keys))
            .route(
                "/revocations",
                web::get().to(revocations::list_revocations::list_revocations),
            )
            .route(
                "/officer/inspections",
                web::post().to(officer::inspect_receipt::inspect_receipt),
            )
            .route(
                "/officer/preregistrations/{id}/attachments/{kind}",
                web::get().to(officer::get_attachment::get_attachment),
            )
            .route(
                "/officer/preregistrations/{id}/entry",
                web::post().to(officer::record_entry_decision::record_entry_decision),
            )
            .route(
                "/audit",
                web::get().to(audit::list_audit_events::list_audit_events),
            )
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
