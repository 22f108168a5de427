//! Mis citas: the account's appointments with their status, the files to download again,
//! cancel (up to 24 h before) and move (at most twice); the applications still without a
//! time; the waits, with a freed seat offered to confirm.

use crate::api;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Lang, Said, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::citas::{
    Application, Appointment, AppointmentStatus, WaitStatus, WaitlistEntry,
};
use portal_shared::i18n::web;

#[component]
pub fn MyAppointmentsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Page title=web::my_appointments>
                <MyAppointments/>
            </Page>
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

fn wait_label(status: WaitStatus, lang: Lang) -> &'static str {
    match status {
        WaitStatus::Waiting => web::wait_waiting(lang),
        WaitStatus::Offered => web::wait_offered(lang),
        WaitStatus::Booked => web::wait_booked(lang),
        WaitStatus::Lapsed => web::wait_lapsed(lang),
        WaitStatus::Withdrawn => web::wait_withdrawn(lang),
    }
}

/// Everything the page shows, loaded together.
#[derive(Clone)]
struct Loaded {
    appointments: Vec<Appointment>,
    applications: Vec<Application>,
    waits: Vec<WaitlistEntry>,
}

#[component]
fn MyAppointments() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let loaded = RwSignal::new(None::<Result<Loaded, Said>>);
    let message = RwSignal::new(None::<Said>);
    let notice = RwSignal::new(None::<Said>);
    let reload = move || {
        spawn_local(async move {
            let result = session
                .call(|token| async move {
                    let appointments = api::list_appointments(&token).await?.appointments;
                    let applications = api::list_applications(&token).await?.applications;
                    let waits = api::list_waitlist(&token).await?.waits;
                    Ok(Loaded {
                        appointments,
                        applications,
                        waits,
                    })
                })
                .await;
            loaded.set(Some(result.map_err(|e| e.said())));
        });
    };
    reload();
    let cancel = move |id: String| {
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::cancel_appointment(&token, &id).await }
                })
                .await;
            match result {
                Ok(_) => {
                    message.set(None);
                    notice.set(Some(Said::Text(web::appointment_cancelled_seat_released)));
                    reload();
                }
                Err(error) => message.set(Some(error.said())),
            }
        });
    };
    let take_offer = move |hold_id: String| {
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let hold_id = hold_id.clone();
                    async move { api::book_appointment(&token, &hold_id).await }
                })
                .await;
            match result {
                Ok(_) => {
                    message.set(None);
                    notice.set(Some(Said::Text(web::appointment_confirmed)));
                    reload();
                }
                Err(error) => message.set(Some(error.said())),
            }
        });
    };
    let leave = move |id: String| {
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::leave_waitlist(&token, &id).await }
                })
                .await;
            match result {
                Ok(()) => reload(),
                Err(error) => message.set(Some(error.said())),
            }
        });
    };
    let confirming = RwSignal::new(None::<String>);
    let download_message = RwSignal::new(None::<Said>);
    view! {
        {move || notice.get().map(|said| view! { <Notice kind="success"><p>{i.say(said)}</p></Notice> })}
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        {move || download_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        {move || match loaded.get() {
            None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
            Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
            Some(Ok(found)) => {
                let lang = i.lang();
                let now = chrono::Utc::now();
                let waiting_applications: Vec<Application> = found
                    .applications
                    .iter()
                    .filter(|a| a.appointment.is_none())
                    .cloned()
                    .collect();
                view! {
                    <section aria-labelledby="appointments-heading">
                        <h2 id="appointments-heading">{i.text(web::appointments)}</h2>
                        {found.appointments.is_empty().then(|| view! { <p>{i.text(web::no_appointments_yet)}</p> })}
                        <ul class="appointment-list">
                            {found.appointments.into_iter().rev().map(|a| {
                                let changes_until = chrono::DateTime::parse_from_rfc3339(&a.changes_until).ok();
                                let may_change = a.status == AppointmentStatus::Booked
                                    && changes_until.is_some_and(|until| now <= until);
                                let may_move = may_change && a.reschedules_left > 0;
                                let booked = a.status == AppointmentStatus::Booked;
                                let (id, folio) = (a.id.clone(), a.folio.clone());
                                let (id_pdf, folio_pdf, id_ics, folio_ics) = (id.clone(), folio.clone(), id.clone(), folio.clone());
                                let id_cancel = id.clone();
                                let id_ask = id.clone();
                                let id_shown = id.clone();
                                view! {
                                    <li class="appointment" data-appointment=a.id.clone() data-status=a.status.as_str()>
                                        <h3>{super::procedure_name(lang, &a.procedure_name_es, &a.procedure_name_en)}</h3>
                                        <p class="status">{status_label(a.status, lang)}</p>
                                        <p><strong>{super::local_label(&a.local_start)}</strong>{format!(" ({}, UTC{})", a.time_zone, a.utc_offset)}</p>
                                        <p>{format!("{} — {}", a.office_name, a.office_address)}</p>
                                        <p>{i.text(web::application_number)}" "{a.folio.clone()}" · "{format!("{} {}", a.given_names, a.surnames)}</p>
                                        {booked.then(|| view! {
                                            <div class="actions">
                                                <button type="button" class="button secondary" on:click=move |_| super::download_file(session, id_pdf.clone(), folio_pdf.clone(), "confirmation", download_message)>{i.text(web::download_confirmation_pdf)}</button>
                                                <button type="button" class="button secondary" on:click=move |_| super::download_file(session, id_ics.clone(), folio_ics.clone(), "calendar", download_message)>{i.text(web::add_to_calendar_ics)}</button>
                                            </div>
                                        })}
                                        {booked.then(|| if may_change {
                                            view! {
                                                <div class="actions">
                                                    {if may_move {
                                                        view! { <A href=format!("/citas/solicitudes/{}/agendar?cita={}", a.application_id, id) attr:class="button secondary">{i.text(web::move_the_appointment)}</A> }.into_any()
                                                    } else {
                                                        view! { <p class="hint">{i.text(web::the_appointment_was_moved_twice)}</p> }.into_any()
                                                    }}
                                                    <button type="button" class="button cancel" on:click=move |_| confirming.set(Some(id_ask.clone()))>{i.text(web::cancel_the_appointment)}</button>
                                                </div>
                                                <Show when=move || confirming.get().as_deref() == Some(id_shown.as_str())>
                                                    <div class="confirm" role="alertdialog" aria-label=i.text(web::cancel_the_appointment)>
                                                        <p>{i.text(web::cancel_the_appointment_question)}</p>
                                                        {
                                                            let id_cancel = id_cancel.clone();
                                                            view! {
                                                                <button type="button" class="button cancel" on:click=move |_| { confirming.set(None); cancel(id_cancel.clone()); }>{i.text(web::yes_cancel_it)}</button>
                                                            }
                                                        }
                                                        <button type="button" class="button secondary" on:click=move |_| confirming.set(None)>{i.text(web::no_keep_it)}</button>
                                                    </div>
                                                </Show>
                                            }.into_any()
                                        } else {
                                            view! { <p class="hint">{i.text(web::changes_closed_24_hours_before)}</p> }.into_any()
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    <section aria-labelledby="applications-heading">
                        <h2 id="applications-heading">{i.text(web::applications_without_a_time)}</h2>
                        {waiting_applications.is_empty().then(|| view! { <p>{i.text(web::none)}</p> })}
                        <ul>
                            {waiting_applications.into_iter().map(|a| view! {
                                <li>
                                    {format!("{} · {} · ", a.folio, super::procedure_name(lang, &a.procedure_name_es, &a.procedure_name_en))}
                                    <A href=format!("/citas/solicitudes/{}/agendar", a.id)>{i.text(web::choose_date_and_time)}</A>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section aria-labelledby="waitlist-heading">
                        <h2 id="waitlist-heading">{i.text(web::waitlist)}</h2>
                        {found.waits.is_empty().then(|| view! { <p>{i.text(web::none)}</p> })}
                        <ul>
                            {found.waits.into_iter().map(|w| {
                                let open = matches!(w.status, WaitStatus::Waiting | WaitStatus::Offered);
                                let id = w.id.clone();
                                view! {
                                    <li class="wait" data-status=w.status.as_str()>
                                        <p>{format!("{} · {} · {} – {} · ", w.folio, w.office_name, w.from_date.format("%d/%m/%Y"), w.until_date.format("%d/%m/%Y"))}{wait_label(w.status, lang)}</p>
                                        {w.offer.clone().map(|offer| {
                                            let hold_id = offer.hold_id.clone();
                                            view! {
                                                <Notice kind="info">
                                                    <p>{web::seat_offered_until(i.locale(), &format!("{} ({}, UTC{})", super::local_label(&offer.local_start), w.time_zone, offer.utc_offset))}</p>
                                                    <button type="button" class="button primary" on:click=move |_| take_offer(hold_id.clone())>{i.text(web::confirm_the_appointment)}</button>
                                                </Notice>
                                            }
                                        })}
                                        {open.then(|| view! {
                                            <button type="button" class="button secondary" on:click=move |_| leave(id.clone())>{i.text(web::leave_the_waitlist)}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
            }
        }}
    }
}
