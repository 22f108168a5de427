use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let name = move || {
        session
            .account
            .get()
            .map(|a| a.given_names)
            .unwrap_or_default()
    };
    view! {
        <RequireLogin>
            <Page title_es="Inicio" title_en="Home">
                <p class="lead">{move || format!("{}, {}.", i.t("Bienvenido(a)", "Welcome"), name())}</p>
                <section class="cards" aria-label=move || i.t("Su cuenta", "Your account")>
                    <A href="/cuenta/informacion" attr:class="card">
                        <h2>{move || i.t("Información", "Information")}</h2>
                        <p>{move || i.t("Consulte los datos de su cuenta.", "See the details of your account.")}</p>
                    </A>
                    <A href="/cuenta/contrasena" attr:class="card">
                        <h2>{move || i.t("Contraseña", "Password")}</h2>
                        <p>{move || i.t("Cambie su contraseña.", "Change your password.")}</p>
                    </A>
                    <A href="/ayuda" attr:class="card">
                        <h2>{move || i.t("Ayuda", "Help")}</h2>
                        <p>{move || i.t("Preguntas frecuentes sobre el portal.", "Frequently asked questions.")}</p>
                    </A>
                </section>
                <section class="notice notice-info">
                    <h2>{move || i.t("Servicios", "Services")}</h2>
                    <p>{move || i.t(
                        "El registro de documentos de viaje, el Pre-Registro y las citas se habilitarán en esta página en próximas versiones del portal.",
                        "Travel document registration, Pre-Registro and appointments will be enabled on this page in coming versions of the portal.",
                    )}</p>
                </section>
            </Page>
        </RequireLogin>
    }
}
