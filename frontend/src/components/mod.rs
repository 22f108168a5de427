pub mod camera;
pub mod captcha;
pub mod crop;
pub mod dialog;
pub mod download;
pub mod form;
pub mod layout;
pub mod passport_capture;
