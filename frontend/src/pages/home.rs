use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::pages::documents::{load_documents, status_label};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Home/>
        </RequireLogin>
    }
}

#[component]
fn Home() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let name = move || {
        session
            .account
            .get()
            .map(|a| a.given_names)
            .unwrap_or_default()
    };
    let documents = RwSignal::new(None);
    // Staff have no documents: their home is their console.
    let staff_home = session.home_path();
    if staff_home == "/" {
        load_documents(documents);
    } else {
        navigate(staff_home, Default::default());
    }
    let selected = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = selected.get_untracked();
        if !id.is_empty() {
            navigate(&format!("/documentos/{id}/servicios"), Default::default());
        }
    };
    view! {
        <Page title_es="Inicio" title_en="Home">
            <p class="lead">{move || format!("{}, {}.", i.t("Bienvenido(a)", "Welcome"), name())}</p>
            <section class="panel" aria-labelledby="documents-heading">
                <h2 id="documents-heading">{move || i.t("Documentos registrados", "Registered documents")}</h2>
                {move || match documents.get() {
                    None => view! { <p class="loading" role="status">{move || i.t("Cargando…", "Loading…")}</p> }.into_any(),
                    Some(Err(error)) => view! { <Notice kind="error"><p>{error}</p></Notice> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! {
                        <p>{move || i.t(
                            "Registre un documento de viaje para iniciar servicios.",
                            "Register a travel document to start services.",
                        )}</p>
                    }.into_any(),
                    Some(Ok(list)) => {
                        if selected.get_untracked().is_empty()
                            && let Some(first) = list.first()
                        {
                            selected.set(first.id.clone());
                        }
                        let lang = i.lang();
                        view! {
                            <form class="inline-form" on:submit=start.clone()>
                                <label for="document-choice">{i.t("Seleccione un documento", "Choose a document")}</label>
                                <select
                                    id="document-choice"
                                    prop:value=move || selected.get()
                                    on:change=move |ev| selected.set(event_target_value(&ev))
                                >
                                    {list
                                        .into_iter()
                                        .map(|doc| {
                                            let label = format!(
                                                "{} {} — {} ({})",
                                                doc.given_names,
                                                doc.surnames,
                                                doc.document_number,
                                                status_label(doc.status, lang)
                                            );
                                            view! { <option value=doc.id.clone()>{label}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <button type="submit" class="button primary">{i.t("INICIAR SERVICIOS", "START SERVICES")}</button>
                            </form>
                        }
                        .into_any()
                    }
                }}
                <p class="actions">
                    <A href="/documentos/registrar" attr:class="button primary">{move || i.t("REGISTRAR DOCUMENTO", "REGISTER A DOCUMENT")}</A>
                    <A href="/documentos">{move || i.t("Ver todos mis documentos", "See all my documents")}</A>
                </p>
            </section>
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
        </Page>
    }
}
