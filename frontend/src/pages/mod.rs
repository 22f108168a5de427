pub mod account_info;
pub mod activate;
pub mod change_password;
pub mod citas;
pub mod create_account;
pub mod documents;
pub mod flight_change;
pub mod help;
pub mod history;
pub mod home;
pub mod login;
pub mod office_agenda;
pub mod officer;
pub mod operator;
pub mod preregistration;
pub mod preregistration_review;
pub mod privacy;
pub mod privacy_rights;
pub mod recover;
pub mod register_document;
pub mod reset_password;

use crate::api::ApiError;
use crate::components::captcha::Captcha;
use crate::components::form::FormState;
use leptos::prelude::*;

/// A message for the whole form.
pub type FormMessage = RwSignal<Option<crate::i18n::Said>>;

/// Shows a failed submission: field errors next to their fields, anything else as a
/// message above the form. A captcha that reached the server is used up: load another.
pub fn show_error(
    error: &ApiError,
    form: FormState,
    message: FormMessage,
    captcha: Option<Captcha>,
) {
    let fields = error.fields();
    if fields.is_empty() {
        message.set(Some(error.said()));
    } else {
        message.set(None);
        form.server.set(fields);
    }
    if let Some(captcha) = captcha {
        captcha.reload();
    }
}

/// The value after `key=` in the URL fragment (`#token=…`): fragments never reach the
/// server, so tokens stay out of its logs.
pub fn fragment_param(key: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_owned())
}

/// Today in the browser's calendar.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
