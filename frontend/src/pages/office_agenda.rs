//! The agenda of the officer's Citas office: the day's appointments on the office's
//! clock, the check-in by the confirmation's QR (read with the camera, or typed into the
//! field by a hand-held scanner or pasted), and attended / no-show from the list.

use crate::api;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::components::qr_scanner::QrScanner;
use crate::i18n::{Lang, Said, use_i18n};
use crate::pages::officer::RoleGate;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::accounts::Role;
use portal_shared::citas::{
    AgendaEntry, AppointmentStatus, AttendanceOutcome, AttendanceRequest, OfficeAgenda,
};
use portal_shared::i18n::web;

#[component]
pub fn OfficeAgendaPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <RoleGate role=Role::Officer>
                <Page title=web::office_agenda>
                    <Agenda/>
                </Page>
            </RoleGate>
        </RequireLogin>
    }
}

fn status_label(status: AppointmentStatus, lang: Lang) -> &'static str {
    match status {
        AppointmentStatus::Booked => web::appointment_booked(lang),
        AppointmentStatus::Cancelled => web::appointment_cancelled(lang),
        AppointmentStatus::Attended => web::appointment_attended(lang),
        AppointmentStatus::NoShow => web::appointment_no_show(lang),
    }
}

#[component]
fn Agenda() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let date = RwSignal::new(String::new());
    let agenda = RwSignal::new(None::<Result<OfficeAgenda, Said>>);
    let message = RwSignal::new(None::<Said>);
    let checked = RwSignal::new(None::<AgendaEntry>);
    let qr = RwSignal::new(String::new());
    let load = move || {
        let day = date.get_untracked();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let day = day.clone();
                    async move { api::office_agenda(&token, &day).await }
                })
                .await;
            if let Ok(found) = &result {
                date.set(found.date.to_string());
            }
            agenda.set(Some(result.map_err(|e| e.said())));
        });
    };
    load();
    let check_in = move || {
        let text = qr.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let text = text.clone();
                    async move { api::check_in(&token, &text).await }
                })
                .await;
            match result {
                Ok(entry) => {
                    message.set(None);
                    qr.set(String::new());
                    checked.set(Some(entry));
                    load();
                }
                Err(error) => {
                    checked.set(None);
                    message.set(Some(error.said()));
                }
            }
        });
    };
    let mark = move |id: String, outcome: AttendanceOutcome| {
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move {
                        api::record_attendance(&token, &id, &AttendanceRequest { outcome }).await
                    }
                })
                .await;
            match result {
                Ok(_) => {
                    message.set(None);
                    load();
                }
                Err(error) => message.set(Some(error.said())),
            }
        });
    };
    view! {
        <QrScanner on_read=move |text: String| {
            qr.set(text);
            check_in();
        }/>
        <form class="form check-in" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            check_in();
        }>
            <div class="field">
                <label for="check-in-qr">{move || i.text(web::scan_or_paste_the_appointment_code)}</label>
                <input id="check-in-qr" type="text" autocomplete="off" prop:value=move || qr.get() on:input=move |ev| qr.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button primary">{move || i.text(web::check_in)}</button>
        </form>
        {move || checked.get().map(|entry| view! {
            <Notice kind="success">
                <p><strong>{i.text(web::checked_in)}</strong></p>
                <p>{format!("{} {} · {} {} · {}", entry.given_names, entry.surnames, entry.nationality, entry.document_number, entry.local_time)}</p>
                <p>{i.text(web::compare_with_the_document_presented)}</p>
            </Notice>
        })}
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <div class="field">
            <label for="agenda-date">{move || i.text(web::day)}</label>
            <input id="agenda-date" type="date" prop:value=move || date.get() on:change=move |ev| { date.set(event_target_value(&ev)); load(); }/>
        </div>
        {move || match agenda.get() {
            None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
            Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
            Some(Ok(found)) => {
                let lang = i.lang();
                view! {
                    <p>{format!("{} · {}", found.office_name, found.time_zone)}</p>
                    {found.appointments.is_empty().then(|| view! { <p>{i.text(web::no_appointments_this_day)}</p> })}
                    <table class="agenda">
                        <thead><tr>
                            <th scope="col">{i.text(web::time)}</th>
                            <th scope="col">{i.text(web::name)}</th>
                            <th scope="col">{i.text(web::document_number)}</th>
                            <th scope="col">{i.text(web::procedure)}</th>
                            <th scope="col">{i.text(web::status)}</th>
                            <th scope="col"><span class="visually-hidden">{i.text(web::actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {found.appointments.into_iter().map(|entry| {
                                let booked = entry.status == AppointmentStatus::Booked;
                                let (id_attended, id_missed) = (entry.appointment_id.clone(), entry.appointment_id.clone());
                                view! {
                                    <tr data-appointment=entry.appointment_id.clone() data-status=entry.status.as_str()>
                                        <td>{entry.local_time.clone()}</td>
                                        <td>{format!("{} {}", entry.given_names, entry.surnames)}</td>
                                        <td>{format!("{} {}", entry.nationality, entry.document_number)}</td>
                                        <td>{super::citas::procedure_name(lang, &entry.procedure_name_es, &entry.procedure_name_en)}<br/><small>{entry.folio.clone()}</small></td>
                                        <td>{status_label(entry.status, lang)}</td>
                                        <td>
                                            {booked.then(|| view! {
                                                <button type="button" class="button secondary" on:click=move |_| mark(id_attended.clone(), AttendanceOutcome::Attended)>{i.text(web::mark_attended)}</button>
                                                <button type="button" class="button cancel" on:click=move |_| mark(id_missed.clone(), AttendanceOutcome::NoShow)>{i.text(web::mark_no_show)}</button>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}
