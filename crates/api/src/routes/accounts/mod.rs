pub mod activate_account;
pub mod create_account;
pub mod error;
pub mod request_recovery;
pub mod reset_password;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_account::create_account)
        .service(activate_account::activate_account)
        .service(request_recovery::request_recovery)
        .service(reset_password::reset_password);
}
