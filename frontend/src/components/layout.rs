//! Header (agency name, language switch, account menu), footer and page frame.

use crate::api;
use crate::components::dialog::ConfirmDialog;
use crate::i18n::{Lang, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_shared::i18n::{labels, web};

#[component]
pub fn Header() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let menu_open = RwSignal::new(false);
    let confirm_logout = RwSignal::new(false);
    let navigate = use_navigate();
    let logout = Callback::new(move |()| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = session
                .call(|token| async move { api::logout(&token).await })
                .await;
            session.clear();
            navigate("/acceso", Default::default());
        });
    });
    let full_name = move || {
        session
            .account
            .get()
            .map(|a| format!("{} {}", a.given_names, a.surnames))
            .unwrap_or_default()
    };
    view! {
        <a class="skip-link" href="#contenido">{move || i.text(web::skip_to_content)}</a>
        <header class="site-header">
            <div class="header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-name">"Portal de Servicios"</span>
                    <span class="brand-sub">{move || i.text(web::online_migration_services)}</span>
                </A>
                <nav class="header-tools" aria-label=move || i.text(web::tools)>
                    <button
                        type="button"
                        class="lang-switch"
                        lang=move || next_language(i.lang()).code()
                        on:click=move |_| i.set(next_language(i.lang()))
                    >
                        {move || labels::language_name(next_language(i.lang()))}
                    </button>
                    <Show when=move || session.is_logged_in()>
                        <A href="/" attr:class="home-link" attr:aria-label=move || i.text(web::home)>"⌂"</A>
                        <div class="account-menu">
                            <button
                                type="button"
                                class="account-button"
                                aria-haspopup="true"
                                aria-expanded=move || menu_open.get().to_string()
                                on:click=move |_| menu_open.update(|open| *open = !*open)
                            >
                                <span class="account-name">{full_name}</span>
                                " ▾"
                            </button>
                            <Show when=move || menu_open.get()>
                                <ul class="menu" on:click=move |_| menu_open.set(false)>
                                    <li><A href="/cuenta/informacion">{move || i.text(web::information)}</A></li>
                                    <li><A href="/cuenta/contrasena">{move || i.text(web::password)}</A></li>
                                    <li><A href="/citas/mis-citas">{move || i.text(web::my_appointments)}</A></li>
                                    <li><A href="/ayuda">{move || i.text(web::help)}</A></li>
                                    <li>
                                        <button type="button" class="menu-item" on:click=move |_| confirm_logout.set(true)>
                                            {move || i.text(web::log_out)}
                                        </button>
                                    </li>
                                </ul>
                            </Show>
                        </div>
                    </Show>
                </nav>
            </div>
        </header>
        <ConfirmDialog
            open=confirm_logout
            title=web::log_out
            text=web::do_you_want_to_log_out
            confirm=web::log_out_2
            on_confirm=logout
        />
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <A href="/aviso-de-privacidad">{move || i.text(web::full_privacy_notice)}</A>
                <A href="/ayuda">{move || i.text(web::help)}</A>
                <a href="/docs/">{move || i.text(web::api_for_developers)}</a>
            </div>
        </footer>
    }
}

/// Page frame with one `h1`.
#[component]
pub fn Page(title: fn(Lang) -> &'static str, children: Children) -> impl IntoView {
    let i = use_i18n();
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{} — Portal de Servicios", i.text(title)));
        }
    });
    view! {
        <h1>{move || i.text(title)}</h1>
        {children()}
    }
}

/// Sends people who are not logged in to the login page.
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && !session.may_show_pages() {
            navigate("/acceso", Default::default());
        }
    });
    let i = use_i18n();
    view! {
        <Show
            when=move || session.may_show_pages()
            fallback=move || view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }
        >
            {children()}
        </Show>
    }
}

/// The language the switch offers next: the languages of `locales/languages.json` in turn,
/// each named in itself.
fn next_language(current: Lang) -> Lang {
    let at = Lang::ALL.iter().position(|l| *l == current).unwrap_or(0);
    Lang::ALL[(at + 1) % Lang::ALL.len()]
}
