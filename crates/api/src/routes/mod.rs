//! HTTP routes: one module per resource, one file per action.

pub mod accounts;
pub mod audit;
pub mod captcha;
pub mod catalogs;
pub mod citas;
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
            .configure(citas::configure)
            .configure(officer::configure)
            .configure(audit::configure)
            .default_service(web::to(not_found)),
    );
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
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
