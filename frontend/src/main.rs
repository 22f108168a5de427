//! Portal de Servicios — the browser app.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod session;

use leptos::prelude::{request_animation_frame, set_timeout};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

fn main() {
    console_error_panic_hook::set_once();
    // The app starts once the browser has painted the static page of index.html (two
    // animation frames): on a fast network the app would otherwise replace that page
    // before it was ever shown, and the screen would stay blank through the app's first
    // render, a long task on a slow phone. A hidden tab paints no frames: the timer
    // starts it there.
    let started = Rc::new(Cell::new(false));
    let start = move || {
        if started.replace(true) {
            return;
        }
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("arranque"))
        {
            shell.remove();
        }
        leptos::mount::mount_to_body(app::App);
    };
    let after_paint = start.clone();
    request_animation_frame(move || request_animation_frame(after_paint));
    set_timeout(start, Duration::from_millis(250));
}
