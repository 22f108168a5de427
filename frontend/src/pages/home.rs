use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::pages::documents::{load_documents, status_label};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_shared::i18n::web;

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
        <Page title=web::home>
            <p class="lead">{move || format!("{}, {}.", i.text(web::welcome), name())}</p>
            <section class="panel" aria-labelledby="documents-heading">
                <h2 id="documents-heading">{move || i.text(web::registered_documents)}</h2>
                {move || match documents.get() {
                    None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                    Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! {
                        <p>{move || i.text(web::register_a_travel_document_to_start)}</p>
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
                                <label for="document-choice">{i.text(web::choose_a_document)}</label>
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
                                <button type="submit" class="button primary">{i.text(web::start_services)}</button>
                            </form>
                        }
                        .into_any()
                    }
                }}
                <p class="actions">
                    <A href="/documentos/registrar" attr:class="button primary">{move || i.text(web::register_a_document)}</A>
                    <A href="/documentos">{move || i.text(web::see_all_my_documents)}</A>
                </p>
            </section>
            <section class="cards" aria-label=move || i.text(web::your_account)>
                <A href="/cuenta/informacion" attr:class="card">
                    <h2>{move || i.text(web::information)}</h2>
                    <p>{move || i.text(web::see_the_details_of_your_account)}</p>
                </A>
                <A href="/cuenta/contrasena" attr:class="card">
                    <h2>{move || i.text(web::password)}</h2>
                    <p>{move || i.text(web::change_your_password)}</p>
                </A>
                <A href="/ayuda" attr:class="card">
                    <h2>{move || i.text(web::help)}</h2>
                    <p>{move || i.text(web::frequently_asked_questions_2)}</p>
                </A>
            </section>
        </Page>
    }
}
