pub mod create_session;
pub mod delete_session;
pub mod refresh_session;
pub mod second_factor;
pub(crate) mod start;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_session::create_session)
        .service(refresh_session::refresh_session)
        .service(second_factor::complete_second_factor)
        .service(delete_session::delete_session);
}

use crate::config::Settings;
use actix_web::cookie::{Cookie, SameSite, time};

/// Name of the HttpOnly cookie that carries the refresh token: with the `__Secure-`
/// prefix browsers take it only over https (or from localhost) and only marked Secure, so
/// a page on plain http cannot plant one. (`__Host-` would also pin its path to `/`; this
/// cookie stays on the session endpoints.)
pub const REFRESH_COOKIE: &str = "__Secure-portal_refresh";
/// Its name when `PORTAL_COOKIE_SECURE=false` (a development server reached over plain
/// http from another machine, where browsers refuse the prefix).
pub const INSECURE_REFRESH_COOKIE: &str = "portal_refresh";

/// The refresh cookie's name under these settings.
pub fn refresh_cookie_name(settings: &Settings) -> &'static str {
    if settings.cookie_secure {
        REFRESH_COOKIE
    } else {
        INSECURE_REFRESH_COOKIE
    }
}
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
    Cookie::build(refresh_cookie_name(settings), value)
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
