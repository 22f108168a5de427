pub mod captcha;
pub mod dialog;
pub mod form;
pub mod layout;
