//! Portal de Servicios — the browser app, built as four bundles (`src/bin/`): the public
//! pages, the traveler's documents, the traveler's pre-registrations and the staff
//! console (see `portal_shared::web_apps`).

mod api;
pub mod app;
mod components;
mod i18n;
mod pages;
mod session;

/// What every bundle does before mounting its app: readable panics in the console, and
/// the static page shown while the bundle downloaded (index.html) removed.
pub fn prepare() {
    console_error_panic_hook::set_once();
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("arranque"))
    {
        shell.remove();
    }
}
