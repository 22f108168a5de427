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
/// A traveler's refresh token is good for 7 days; each use replaces it.
pub const REFRESH_LIFETIME_DAYS: i64 = 7;
/// A staff session ends after 30 minutes without use…
pub const STAFF_IDLE_MINUTES: i64 = 30;
/// …and 12 hours after its login, used or not.
pub const STAFF_SESSION_HOURS: i64 = 12;

/// How long the refresh token issued `now` in a session started at `started` lives:
/// 7 days for travelers; for staff until 30 minutes of idleness or the session's 12th
/// hour, whichever comes first.
pub(crate) fn refresh_lifetime(
    account: &portal_domain::account::Account,
    started: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> chrono::Duration {
    if account.is_staff() {
        let until_end = started + chrono::Duration::hours(STAFF_SESSION_HOURS) - now;
        chrono::Duration::minutes(STAFF_IDLE_MINUTES).min(until_end)
    } else {
        chrono::Duration::days(REFRESH_LIFETIME_DAYS)
    }
}

pub(crate) fn refresh_cookie(
    settings: &Settings,
    value: String,
    lifetime: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(settings.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(lifetime.num_seconds().max(0)))
        .finish()
}

pub(crate) fn expired_refresh_cookie(settings: &Settings) -> Cookie<'static> {
    let mut cookie = refresh_cookie(settings, String::new(), chrono::Duration::zero());
    cookie.make_removal();
    cookie
}
