pub mod create_session;
pub mod delete_session;
pub mod refresh_session;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_session::create_session)
        .service(refresh_session::refresh_session)
        .service(delete_session::delete_session);
}

use crate::config::Settings;
use actix_web::cookie::{Cookie, SameSite, time};

/// Name of the HttpOnly cookie that carries the refresh token.
pub const REFRESH_COOKIE: &str = "portal_refresh";
/// The cookie is only sent to the session endpoints.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/sessions";
/// A refresh token is good for 7 days; each use replaces it.
pub const REFRESH_LIFETIME_DAYS: i64 = 7;

pub(crate) fn refresh_cookie(settings: &Settings, value: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(settings.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::days(REFRESH_LIFETIME_DAYS))
        .finish()
}

pub(crate) fn expired_refresh_cookie(settings: &Settings) -> Cookie<'static> {
    let mut cookie = refresh_cookie(settings, String::new());
    cookie.make_removal();
    cookie
}
