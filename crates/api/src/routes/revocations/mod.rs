pub mod list_revocations;
pub mod verification_snapshot;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_revocations::list_revocations)
        .service(verification_snapshot::verification_snapshot);
}
