//! Routes and shared context.

use crate::components::layout::{Footer, Header};
use crate::i18n::{I18n, use_i18n};
use crate::pages;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::load();
    provide_context(i18n);
    let session = Session::new();
    provide_context(session);
    session.restore();
    view! {
        <Router>
            <Header/>
            <main id="contenido" class="container" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=pages::home::HomePage/>
                    <Route path=path!("/acceso") view=pages::login::LoginPage/>
                    <Route path=path!("/crear-cuenta") view=pages::create_account::CreateAccountPage/>
                    <Route path=path!("/recuperar") view=pages::recover::RecoverPage/>
                    <Route path=path!("/activar") view=pages::activate::ActivatePage/>
                    <Route path=path!("/restablecer") view=pages::reset_password::ResetPasswordPage/>
                    <Route path=path!("/cuenta/informacion") view=pages::account_info::AccountInfoPage/>
                    <Route path=path!("/cuenta/contrasena") view=pages::change_password::ChangePasswordPage/>
                    <Route path=path!("/documentos") view=pages::documents::DocumentsPage/>
                    <Route path=path!("/documentos/registrar") view=pages::register_document::RegisterDocumentPage/>
                    <Route path=path!("/documentos/:id/servicios") view=pages::documents::ServicesPage/>
                    <Route path=path!("/documentos/:id/pre-registro") view=pages::preregistration::PreregistrationPage/>
                    <Route path=path!("/pre-registro/historial") view=pages::history::HistoryPage/>
                    <Route path=path!("/pre-registro/:id/vuelo") view=pages::flight_change::FlightChangePage/>
                    <Route path=path!("/oficial") view=pages::officer::OfficerPage/>
                    <Route path=path!("/operador") view=pages::operator::OperatorPage/>
                    <Route path=path!("/ayuda") view=pages::help::HelpPage/>
                    <Route path=path!("/aviso-de-privacidad") view=pages::privacy::PrivacyPage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <h1>{move || i.t("Página no encontrada", "Page not found")}</h1>
        <p>{move || i.t("La dirección no existe.", "This address does not exist.")}</p>
        <p><a href="/">{move || i.t("Ir al inicio", "Go to the home page")}</a></p>
    }
}
