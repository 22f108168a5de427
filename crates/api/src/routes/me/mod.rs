pub mod change_password;
pub mod delete_account;
pub mod export_account;
pub mod get_me;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_me::get_me)
        .service(delete_account::delete_account)
        .service(export_account::export_account)
        .service(change_password::change_password);
}
