pub mod create_captcha;
