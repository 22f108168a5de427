//! The apps (one per bundle, see `portal_shared::web_apps`): each has the same frame
//! and the routes of its own pages.

use crate::components::layout::{Footer, Header};
use crate::i18n::{I18n, use_i18n};
use crate::pages;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use portal_shared::i18n::web;
use portal_shared::web_apps::WebApp;

/// Language, session and which bundle this is, for every page.
fn provide_app_context(app: WebApp) {
    provide_context(I18n::load());
    let session = Session::new();
    provide_context(session);
    provide_context(app);
    session.restore();
}

/// The router, and the header and footer around the bundle's routes (`children`).
#[component]
fn AppFrame(children: Children) -> impl IntoView {
    view! {
        <Router>
            <Header/>
            <main id="contenido" class="container" tabindex="-1">
                {children()}
            </main>
            <Footer/>
        </Router>
    }
}

/// Home, login, account creation, activation and recovery, help and privacy.
#[component]
pub fn PublicApp() -> impl IntoView {
    provide_app_context(WebApp::Public);
    view! {
        <AppFrame>
            <Routes fallback=ElsewhereOrNotFound>
                <Route path=path!("/") view=pages::home::HomePage/>
                <Route path=path!("/acceso") view=pages::login::LoginPage/>
                <Route path=path!("/crear-cuenta") view=pages::create_account::CreateAccountPage/>
                <Route path=path!("/recuperar") view=pages::recover::RecoverPage/>
                <Route path=path!("/activar") view=pages::activate::ActivatePage/>
                <Route path=path!("/restablecer") view=pages::reset_password::ResetPasswordPage/>
                <Route path=path!("/ayuda") view=pages::help::HelpPage/>
                <Route path=path!("/aviso-de-privacidad") view=pages::privacy::PrivacyPage/>
            </Routes>
        </AppFrame>
    }
}

/// The traveler's account, documents (registration with the passport photo) and the
/// services of each document.
#[component]
pub fn DocumentsApp() -> impl IntoView {
    provide_app_context(WebApp::Documents);
    view! {
        <AppFrame>
            <Routes fallback=ElsewhereOrNotFound>
                <Route path=path!("/cuenta/informacion") view=pages::account_info::AccountInfoPage/>
                <Route path=path!("/cuenta/contrasena") view=pages::change_password::ChangePasswordPage/>
                <Route path=path!("/documentos") view=pages::documents::DocumentsPage/>
                <Route path=path!("/documentos/registrar") view=pages::register_document::RegisterDocumentPage/>
                <Route path=path!("/documentos/:id/servicios") view=pages::documents::ServicesPage/>
            </Routes>
        </AppFrame>
    }
}

/// The traveler's pre-registrations: the wizard, the history and flight changes.
#[component]
pub fn PreregistrationApp() -> impl IntoView {
    provide_app_context(WebApp::Preregistration);
    view! {
        <AppFrame>
            <Routes fallback=ElsewhereOrNotFound>
                <Route path=path!("/documentos/:id/pre-registro") view=pages::preregistration::PreregistrationPage/>
                <Route path=path!("/pre-registro/historial") view=pages::history::HistoryPage/>
                <Route path=path!("/pre-registro/:id/vuelo") view=pages::flight_change::FlightChangePage/>
            </Routes>
        </AppFrame>
    }
}

/// The traveler's appointments: the application of a procedure, choosing a time, Mis
/// citas with its changes and the waitlist.
#[component]
pub fn CitasApp() -> impl IntoView {
    provide_app_context(WebApp::Citas);
    view! {
        <AppFrame>
            <Routes fallback=ElsewhereOrNotFound>
                <Route path=path!("/documentos/:id/citas") view=pages::citas::application::ApplicationPage/>
                <Route path=path!("/citas/solicitudes/:id/agendar") view=pages::citas::schedule::SchedulePage/>
                <Route path=path!("/citas/mis-citas") view=pages::citas::my_appointments::MyAppointmentsPage/>
                <Route path=path!("/citas") view=pages::citas::my_appointments::MyAppointmentsPage/>
            </Routes>
        </AppFrame>
    }
}

/// The officers' QR check and the operators' audit log.
#[component]
pub fn StaffApp() -> impl IntoView {
    provide_app_context(WebApp::Staff);
    view! {
        <AppFrame>
            <Routes fallback=ElsewhereOrNotFound>
                <Route path=path!("/oficial") view=pages::officer::OfficerPage/>
                <Route path=path!("/oficial/citas") view=pages::office_agenda::OfficeAgendaPage/>
                <Route path=path!("/operador") view=pages::operator::OperatorPage/>
            </Routes>
        </AppFrame>
    }
}

/// A path none of this bundle's routes match: either a page of another bundle (a link or
/// a navigation crossed over; the server sends that bundle when the page is loaded
/// again) or a page that does not exist.
#[component]
fn ElsewhereOrNotFound() -> impl IntoView {
    let i = use_i18n();
    let here = use_context::<WebApp>().unwrap_or(WebApp::Public);
    let pathname = use_location().pathname;
    // None until decided: the router shows this view before it writes the new address
    // into the browser, so the address is read once that is done (effects run after).
    let elsewhere = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        pathname.track();
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let path = location.pathname().unwrap_or_default();
        let other_bundle = WebApp::for_path(&path) != here;
        elsewhere.set(Some(other_bundle));
        if other_bundle {
            let _ = location.reload();
        }
    });
    move || match elsewhere.get() {
        None => ().into_any(),
        Some(true) => {
            view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any()
        }
        Some(false) => view! {
            <h1>{move || i.text(web::page_not_found)}</h1>
            <p>{move || i.text(web::this_address_does_not_exist)}</p>
            <p><a href="/">{move || i.text(web::go_to_the_home_page)}</a></p>
        }
        .into_any(),
    }
}
