//! Documentos registrados: the table, deletion, and the services page.

use crate::api;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Lang, Said, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_shared::catalogs;
use portal_shared::documents::{DocumentServices, DocumentStatus, ServiceCode, TravelDocument};
use portal_shared::i18n::web;

/// The country name in the current language.
pub fn country_name(code: &str, lang: Lang) -> String {
    catalogs::country(code)
        .map(|c| {
            if lang == Lang::En {
                c.name_en.clone()
            } else {
                c.name_es.clone()
            }
        })
        .unwrap_or_else(|| code.to_owned())
}

pub fn status_label(status: DocumentStatus, lang: Lang) -> &'static str {
    status.label(lang)
}

/// Loads the account's documents into `documents`; `None` while loading.
pub fn load_documents(documents: RwSignal<Option<Result<Vec<TravelDocument>, Said>>>) {
    let session = use_session();
    spawn_local(async move {
        let result = session
            .call(|token| async move { api::list_documents(&token).await })
            .await;
        documents.set(Some(
            result.map(|list| list.documents).map_err(|e| e.said()),
        ));
    });
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <DocumentsTable/>
        </RequireLogin>
    }
}

#[component]
fn DocumentsTable() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let documents = RwSignal::new(None);
    load_documents(documents);
    let to_delete: RwSignal<Option<String>> = RwSignal::new(None);
    let confirm_open = RwSignal::new(false);
    let message = RwSignal::new(None::<Said>);
    let delete = Callback::new(move |()| {
        let Some(id) = to_delete.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::delete_document(&token, &id).await }
                })
                .await;
            match result {
                Ok(()) => message.set(Some(Said::Text(web::the_document_was_deleted))),
                Err(error) => {
                    message.set(Some(error.said()));
                }
            }
            load_documents(documents);
        });
    });
    view! {
        <Page title=web::registered_documents>
            {move || message.get().map(|said| view! { <Notice kind="info"><p>{i.say(said)}</p></Notice> })}
            <p>
                <A href="/documentos/registrar" attr:class="button primary">
                    {move || i.text(web::register_a_document)}
                </A>
            </p>
            {move || match documents.get() {
                None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p>{move || i.text(web::you_have_not_registered_any_travel)}</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let lang = i.lang();
                    view! {
                        <div class="table-wrap">
                            <table class="data-table">
                                <caption class="visually-hidden">{i.text(web::registered_documents)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i.text(web::no)}</th>
                                        <th scope="col">{i.text(web::name)}</th>
                                        <th scope="col">{i.text(web::document_number)}</th>
                                        <th scope="col">{i.text(web::issue_date)}</th>
                                        <th scope="col">{i.text(web::expiry_date)}</th>
                                        <th scope="col">{i.text(web::issuing_country)}</th>
                                        <th scope="col">{i.text(web::status)}</th>
                                        <th scope="col">{i.text(web::services)}</th>
                                        <th scope="col">{i.text(web::delete)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .enumerate()
                                        .map(|(index, doc)| {
                                            let id = doc.id.clone();
                                            let services_href = format!("/documentos/{}/servicios", doc.id);
                                            let status_class = if doc.status == DocumentStatus::Valid { "status status-valid" } else { "status status-expired" };
                                            view! {
                                                <tr>
                                                    <td>{index + 1}</td>
                                                    <td>{format!("{} {}", doc.given_names, doc.surnames)}</td>
                                                    <td>{doc.document_number.clone()}</td>
                                                    <td>{portal_shared::dates::display_date(doc.issue_date)}</td>
                                                    <td>{portal_shared::dates::display_date(doc.expiry_date)}</td>
                                                    <td>{country_name(&doc.issuing_country, lang)}</td>
                                                    <td><span class=status_class>{status_label(doc.status, lang)}</span></td>
                                                    <td><A href=services_href>{i.text(web::see_services)}</A></td>
                                                    <td>
                                                        <button
                                                            type="button"
                                                            class="button cancel small"
                                                            aria-label=format!("{} {}", i.text(web::delete_document), doc.document_number)
                                                            on:click=move |_| {
                                                                to_delete.set(Some(id.clone()));
                                                                confirm_open.set(true);
                                                            }
                                                        >
                                                            {i.text(web::delete_2)}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
            }}
            <ConfirmDialog
                open=confirm_open
                title=web::delete_document
                text=web::do_you_want_to_delete_this
                confirm=web::delete_2
                on_confirm=delete
            />
        </Page>
    }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <ServicesForDocument/>
        </RequireLogin>
    }
}

#[component]
fn ServicesForDocument() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let services: RwSignal<Option<Result<DocumentServices, Said>>> = RwSignal::new(None);
    let id = params.read_untracked().get("id").unwrap_or_default();
    spawn_local(async move {
        let result = session
            .call(|token| {
                let id = id.clone();
                async move { api::document_services(&token, &id).await }
            })
            .await;
        services.set(Some(result.map_err(|e| e.said())));
    });
    view! {
        <Page title=web::available_services>
            {move || match services.get() {
                None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Some(Err(said)) => view! {
                    <Notice kind="error"><p>{i.say(said)}</p></Notice>
                    <p><A href="/documentos">{move || i.text(web::back_to_my_documents)}</A></p>
                }.into_any(),
                Some(Ok(found)) => {
                    let lang = i.lang();
                    let doc = found.document.clone();
                    view! {
                        <dl class="summary-list">
                            <div class="row"><dt>{i.text(web::name)}</dt><dd>{format!("{} {}", doc.given_names, doc.surnames)}</dd></div>
                            <div class="row"><dt>{i.text(web::document_number)}</dt><dd>{doc.document_number.clone()}</dd></div>
                            <div class="row"><dt>{i.text(web::nationality)}</dt><dd>{country_name(&doc.nationality, lang)}</dd></div>
                            <div class="row"><dt>{i.text(web::expiry_date)}</dt><dd>{portal_shared::dates::display_date(doc.expiry_date)}</dd></div>
                            <div class="row"><dt>{i.text(web::status)}</dt><dd>{status_label(doc.status, lang)}</dd></div>
                        </dl>
                        <section class="cards" aria-label=i.text(web::services)>
                            {found
                                .services
                                .into_iter()
                                .map(|service| {
                                    let name = service.code.label(lang);
                                    let reason = service.reason.map(|r| r.message(lang));
                                    view! {
                                        <div class="card" class:card-disabled=!service.available data-service=service.code.as_str()>
                                            <h2>{name}</h2>
                                            {if service.available && service.code == ServiceCode::PreRegistro {
                                                view! {
                                                    <p class="status status-valid">{i.text(web::available)}</p>
                                                    <A href=format!("/documentos/{}/pre-registro", doc.id) attr:class="button primary">
                                                        {i.text(web::start_pre_registro)}
                                                    </A>
                                                }
                                                .into_any()
                                            } else if service.available && service.code == ServiceCode::Citas {
                                                view! {
                                                    <p class="status status-valid">{i.text(web::available)}</p>
                                                    <A href=format!("/documentos/{}/citas", doc.id) attr:class="button primary">
                                                        {i.text(web::request_an_appointment)}
                                                    </A>
                                                }
                                                .into_any()
                                            } else if service.available {
                                                view! {
                                                    <p class="status status-valid">{i.text(web::available)}</p>
                                                    <p class="hint">{i.text(web::this_service_will_be_enabled_in)}</p>
                                                }
                                                .into_any()
                                            } else {
                                                view! { <p class="hint">{reason.unwrap_or_default()}</p> }.into_any()
                                            }}
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </section>
                        <ul class="notes">
                            {portal_shared::documents::service_notes(lang)
                                .into_iter()
                                .map(|note| view! { <li>{note}</li> })
                                .collect_view()}
                        </ul>
                        <p><A href="/documentos">{i.text(web::back_to_my_documents)}</A></p>
                    }
                    .into_any()
                }
            }}
        </Page>
    }
}
