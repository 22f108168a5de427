pub mod activate_account;
pub mod create_account;
pub mod request_recovery;
pub mod reset_password;
