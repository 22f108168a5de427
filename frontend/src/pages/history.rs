//! Historial Registros: the account's pre-registrations with their status, the receipt
//! and FMM downloads, and the red resend icon when an email could not be delivered.

use crate::api;
use crate::components::download::save_bytes;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::i18n::{Lang, Said};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::i18n::web;
use portal_shared::preregistrations::{
    HistoryStatus, Preregistration, PreregistrationStatus, can_resend, entry_point,
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <History/>
        </RequireLogin>
    }
}

fn status_label(status: HistoryStatus) -> fn(Lang) -> &'static str {
    match status {
        HistoryStatus::Approved => web::history_approved,
        HistoryStatus::NotEligible => web::not_eligible,
        HistoryStatus::Cancelled => web::history_cancelled,
        HistoryStatus::Unavailable => web::no_longer_available,
        HistoryStatus::Admitted => web::history_admitted,
        HistoryStatus::EntryRefused => web::entry_refused,
        HistoryStatus::Draft => web::history_draft,
    }
}

/// Downloads one of the pre-registration's PDFs (`receipt` or `fmm`).
pub fn download_pdf(
    session: crate::session::Session,
    id: String,
    folio: String,
    which: &'static str,
    message: RwSignal<Option<Said>>,
) {
    spawn_local(async move {
        let result = session
            .call(|token| {
                let id = id.clone();
                async move { api::preregistration_pdf(&token, &id, which).await }
            })
            .await;
        match result {
            Ok(bytes) => {
                let name = if which == "receipt" {
                    format!("comprobante-{folio}.pdf")
                } else {
                    format!("fmm-{folio}.pdf")
                };
                save_bytes(&name, "application/pdf", &bytes);
            }
            Err(error) => {
                message.set(Some(error.said()));
            }
        }
    });
}

#[component]
fn History() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let items = RwSignal::new(None::<Vec<Preregistration>>);
    let message = RwSignal::new(None::<Said>);
    let load = move || {
        spawn_local(async move {
            match session
                .call(|token| async move { api::list_preregistrations(&token).await })
                .await
            {
                Ok(list) => items.set(Some(list)),
                Err(error) => {
                    message.set(Some(error.said()));
                    items.set(Some(Vec::new()));
                }
            }
        });
    };
    load();
    let resend = move |id: String| {
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::resend_emails(&token, &id).await }
                })
                .await;
            match result {
                Ok(_) => {
                    message.set(Some(Said::Text(web::we_will_send_the_receipt_and)));
                    load();
                }
                Err(error) => {
                    message.set(Some(error.said()));
                }
            }
        });
    };
    view! {
        <Page title=web::registration_history_2>
            {move || message.get().map(|said| view! { <Notice kind="info"><p>{i.say(said)}</p></Notice> })}
            {move || match items.get() {
                None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Some(list) if list.iter().all(|p| p.status == PreregistrationStatus::Draft) => view! {
                    <p>{move || i.text(web::you_have_not_sent_any_pre)}</p>
                }.into_any(),
                Some(list) => view! {
                    <table class="history">
                        <thead><tr>
                            <th scope="col">{move || i.text(web::reference_2)}</th>
                            <th scope="col">{move || i.text(web::document)}</th>
                            <th scope="col">{move || i.text(web::arrival)}</th>
                            <th scope="col">{move || i.text(web::status_2)}</th>
                            <th scope="col">{move || i.text(web::download_qr_and_fmm)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().filter(|p| p.status != PreregistrationStatus::Draft).map(|p| {
                                let status = status_label(p.history_status);
                                let arrival = p.trip.as_ref().and_then(|t| t.arrival_date).map(portal_shared::dates::display_date).unwrap_or_default();
                                let port = p.trip.as_ref().and_then(|t| entry_point(&t.entry_point)).map(|e| e.name.as_str()).unwrap_or_default();
                                let id = p.id.clone();
                                let folio = p.folio.clone();
                                let failing = can_resend(p.email_delivery);
                                view! {
                                    <tr data-folio=p.folio.clone()>
                                        <td>{p.folio.clone()}</td>
                                        <td>{format!("{} · {}", p.document_number, p.traveler_name)}</td>
                                        <td>{arrival}" "<span class="hint">{port}</span></td>
                                        <td class=format!("status status-{}", p.history_status)>{move || i.text(status)}</td>
                                        <td>
                                            {p.documents_available.then(|| {
                                                let (receipt_id, receipt_folio) = (id.clone(), folio.clone());
                                                let (fmm_id, fmm_folio) = (id.clone(), folio.clone());
                                                view! {
                                                    <button type="button" class="button secondary small" on:click=move |_| download_pdf(session, receipt_id.clone(), receipt_folio.clone(), "receipt", message)>
                                                        {move || i.text(web::receipt_qr)}
                                                    </button>
                                                    " "
                                                    <button type="button" class="button secondary small" on:click=move |_| download_pdf(session, fmm_id.clone(), fmm_folio.clone(), "fmm", message)>
                                                        "FMM"
                                                    </button>
                                                }
                                            })}
                                            {(p.documents_available && p.history_status == HistoryStatus::Approved).then(|| {
                                                let id = id.clone();
                                                view! { " " <ReceiptCodeButton id=id/> }
                                            })}
                                            {(p.documents_available && p.history_status == HistoryStatus::Approved).then(|| {
                                                let href = format!("/pre-registro/{id}/vuelo");
                                                view! {
                                                    " "
                                                    <A href=href attr:class="button secondary small">{move || i.text(web::change_flight)}</A>
                                                }
                                            })}
                                            {(failing && p.documents_available).then(|| {
                                                let id = id.clone();
                                                view! {
                                                    <button type="button" class="button cancel small resend" on:click=move |_| resend(id.clone())
                                                        title=move || i.text(web::the_fmm_could_not_be_sent)>
                                                        <span aria-hidden="true">"🔴 "</span>{move || i.text(web::resend_emails)}
                                                    </button>
                                                }
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </Page>
    }
}

/// Shows the text of the receipt's QR, for a traveler who sends it or whose printed QR
/// cannot be scanned.
#[component]
fn ReceiptCodeButton(id: String) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let code = RwSignal::new(None::<Result<String, Said>>);
    let field_id = format!("qr-code-{id}");
    let show = move |_| {
        let id = id.clone();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::receipt_code(&token, &id).await }
                })
                .await
                .map(|c| c.token)
                .map_err(|error| error.said());
            code.set(Some(result));
        });
    };
    view! {
        <button type="button" class="button secondary small" on:click=show>
            {move || i.text(web::qr_code)}
        </button>
        {move || code.get().map(|result| match result {
            Ok(text) => view! {
                <div class="qr-code">
                    <label for=field_id.clone()>{move || i.text(web::qr_code_text_you_can_copy)}</label>
                    <textarea id=field_id.clone() class="qr-code-text" readonly=true rows="3">{text}</textarea>
                </div>
            }.into_any(),
            Err(said) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
        })}
    }
}
