//! The citas bundle of the browser app (see `portal_shared::web_apps`).

fn main() {
    portal_frontend::prepare();
    leptos::mount::mount_to_body(portal_frontend::app::CitasApp);
}
