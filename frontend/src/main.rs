//! Portal de Servicios — the browser app.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // The static page shown while the app downloaded (index.html).
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("arranque"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
