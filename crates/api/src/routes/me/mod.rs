pub mod change_password;
pub mod delete_account;
pub mod export_account;
pub mod get_me;
