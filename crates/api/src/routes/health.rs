//! Liveness and readiness probes.

use crate::state::AppState;
use actix_web::get;
use actix_web::{HttpResponse, web};
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the probes (outside `/api/v1`) with their OpenAPI paths.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers and every migration is applied.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Ready to serve"),
    (status = 503, description = "Database unreachable or migrations pending"),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if !portal_persistence::ping(&state.db).await {
        return HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unreachable");
    }
    match portal_persistence::pending_migrations(&state.db).await {
        Ok(pending) if pending.is_empty() => {
            HttpResponse::Ok().content_type("text/plain").body("ready")
        }
        Ok(pending) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body(format!("pending migrations: {}", pending.join(", "))),
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("cannot read migrations"),
    }
}
