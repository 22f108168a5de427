//! Choosing the time of an application's appointment: state → office → a month showing
//! the days with free seats → the free times of a day, all on the office's clock with
//! its time zone named. Choosing a time holds one seat for 5 minutes; confirming books
//! it (or moves the appointment, `?cita=ID`). With no time that suits, the traveler waits
//! in line for a freed seat.

use crate::api;
use crate::components::form::{Notice, SelectOption};
use crate::components::layout::{Page, RequireLogin};
use crate::components::timer::sleep;
use crate::i18n::{Said, use_i18n};
use crate::session::use_session;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_shared::citas::{
    Application, Appointment, DaySlots, HoldSeatRequest, JoinWaitlistRequest, MonthAvailability,
    OfficeSummary, SeatHold,
};
use portal_shared::i18n::web;

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Page title=web::choose_date_and_time>
                <Schedule/>
            </Page>
        </RequireLogin>
    }
}

fn month_of(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

fn shift_month(month: &str, by: i32) -> String {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .unwrap_or_else(|_| chrono::Utc::now().date_naive());
    let shifted = if by >= 0 {
        first.checked_add_months(chrono::Months::new(by.unsigned_abs()))
    } else {
        first.checked_sub_months(chrono::Months::new(by.unsigned_abs()))
    };
    month_of(shifted.unwrap_or(first))
}

#[component]
fn Schedule() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let application_id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let moving = use_query_map().read_untracked().get("cita");
    let application = RwSignal::new(None::<Result<Application, Said>>);
    {
        let application_id = application_id.clone();
        spawn_local(async move {
            let result = session
                .call(|token| async move { api::list_applications(&token).await })
                .await;
            application.set(Some(match result {
                Ok(list) => list
                    .applications
                    .into_iter()
                    .find(|a| a.id == application_id)
                    .ok_or(Said::Error(portal_shared::ErrorCode::NotFound)),
                Err(error) => Err(error.said()),
            }));
        });
    }
    let moving = StoredValue::new(moving);
    view! {
        {move || match application.get() {
            None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
            Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
            Some(Ok(found)) => view! { <Chooser application=found moving=moving.get_value()/> }.into_any(),
        }}
    }
}

#[component]
fn Chooser(application: Application, moving: Option<String>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let application = StoredValue::new(application);
    let moving = StoredValue::new(moving);
    let state = RwSignal::new(String::new());
    let offices = RwSignal::new(Vec::<OfficeSummary>::new());
    let office = RwSignal::new(String::new());
    let month = RwSignal::new(month_of(chrono::Utc::now().date_naive()));
    let availability = RwSignal::new(None::<MonthAvailability>);
    let day = RwSignal::new(None::<NaiveDate>);
    let slots = RwSignal::new(None::<DaySlots>);
    let hold = RwSignal::new(None::<SeatHold>);
    let seconds_left = RwSignal::new(0_i64);
    let booked = RwSignal::new(None::<Appointment>);
    let message = RwSignal::new(None::<Said>);
    let busy = RwSignal::new(false);

    // The offices of the state that handle the procedure.
    Effect::new(move |_| {
        let chosen_state = state.get();
        office.set(String::new());
        offices.set(Vec::new());
        if chosen_state.is_empty() {
            return;
        }
        let procedure = application.with_value(|a| a.procedure.clone());
        spawn_local(async move {
            match api::citas_offices(&chosen_state, &procedure).await {
                Ok(list) => offices.set(list.offices),
                Err(error) => message.set(Some(error.said())),
            }
        });
    });
    // The month's free days.
    Effect::new(move |_| {
        let (code, shown) = (office.get(), month.get());
        availability.set(None);
        day.set(None);
        if code.is_empty() {
            return;
        }
        spawn_local(async move {
            match api::office_month(&code, &shown).await {
                Ok(found) => availability.set(Some(found)),
                Err(error) => message.set(Some(error.said())),
            }
        });
    });
    // The day's times.
    Effect::new(move |_| {
        let (code, chosen) = (office.get_untracked(), day.get());
        slots.set(None);
        let Some(chosen) = chosen else { return };
        spawn_local(async move {
            match api::office_day(&code, &chosen.to_string()).await {
                Ok(found) => slots.set(Some(found)),
                Err(error) => message.set(Some(error.said())),
            }
        });
    });

    let choose_time = move |starts_at: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(None);
        let request = HoldSeatRequest {
            application_id: application.with_value(|a| a.id.clone()),
            office: office.get_untracked(),
            starts_at,
        };
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let request = request.clone();
                    async move { api::hold_seat(&token, &request).await }
                })
                .await;
            busy.set(false);
            match result {
                Ok(held) => {
                    seconds_left.set(i64::try_from(held.expires_in).unwrap_or(300));
                    let hold_id = held.hold_id.clone();
                    hold.set(Some(held));
                    // The countdown, until the hold is booked, let go or runs out.
                    while hold.with_untracked(|h| h.as_ref().is_some_and(|h| h.hold_id == hold_id))
                        && booked.with_untracked(Option::is_none)
                    {
                        sleep(1000).await;
                        let left = seconds_left.get_untracked() - 1;
                        seconds_left.set(left.max(0));
                        if left <= 0 {
                            hold.set(None);
                            message.set(Some(Said::Error(portal_shared::ErrorCode::HoldExpired)));
                        }
                    }
                }
                Err(error) => message.set(Some(error.first_said())),
            }
        });
    };
    let confirm = move |_| {
        let Some(held) = hold.get_untracked() else {
            return;
        };
        busy.set(true);
        message.set(None);
        let moving = moving.get_value();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let (hold_id, moving) = (held.hold_id.clone(), moving.clone());
                    async move {
                        match moving {
                            Some(id) => api::reschedule_appointment(&token, &id, &hold_id).await,
                            None => api::book_appointment(&token, &hold_id).await,
                        }
                    }
                })
                .await;
            busy.set(false);
            match result {
                Ok(appointment) => {
                    hold.set(None);
                    booked.set(Some(appointment));
                }
                Err(error) => message.set(Some(error.said())),
            }
        });
    };
    let let_go = move |_| {
        let Some(held) = hold.get_untracked() else {
            return;
        };
        hold.set(None);
        spawn_local(async move {
            let _ = session
                .call(|token| {
                    let hold_id = held.hold_id.clone();
                    async move { api::release_hold(&token, &hold_id).await }
                })
                .await;
        });
    };

    let state_options: Vec<SelectOption> = portal_shared::catalogs::mexican_states()
        .iter()
        .map(|s| SelectOption::data(s.code.clone(), s.name.clone(), s.name.clone()))
        .collect();
    let state_options = StoredValue::new(state_options);
    let download_message = RwSignal::new(None::<Said>);

    view! {
        <p class="lead">
            {move || i.text(web::application_number)}" "
            <strong>{application.with_value(|a| a.folio.clone())}</strong>
            " · "
            {move || application.with_value(|a| super::procedure_name(i.lang(), &a.procedure_name_es, &a.procedure_name_en))}
        </p>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        {move || booked.get().map(|appointment| {
            let (id, folio) = (appointment.id.clone(), appointment.folio.clone());
            let (id2, folio2) = (id.clone(), folio.clone());
            view! {
                <Notice kind="success">
                    <p><strong>{i.text(web::appointment_confirmed)}</strong></p>
                    <p>{format!("{} · {} ({}, UTC{})", super::local_label(&appointment.local_start), appointment.office_name, appointment.time_zone, appointment.utc_offset)}</p>
                    <p>{i.text(web::we_emailed_the_confirmation)}</p>
                </Notice>
                {move || download_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| super::download_file(session, id.clone(), folio.clone(), "confirmation", download_message)>
                        {move || i.text(web::download_confirmation_pdf)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| super::download_file(session, id2.clone(), folio2.clone(), "calendar", download_message)>
                        {move || i.text(web::add_to_calendar_ics)}
                    </button>
                    <A href="/citas/mis-citas" attr:class="button secondary">{move || i.text(web::my_appointments)}</A>
                </div>
            }
        })}
        <Show when=move || booked.get().is_none()>
            <div class="grid">
                <div class="field">
                    <label for="citas-state">{move || i.text(web::state)}</label>
                    <select id="citas-state" prop:value=move || state.get() on:change=move |ev| state.set(event_target_value(&ev))>
                        <option value="">{move || i.text(web::choose)}</option>
                        {move || state_options.get_value().into_iter().map(|o| {
                            let name = o.name(i.lang()).to_owned();
                            view! { <option value=o.code>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="citas-office">{move || i.text(web::office)}</label>
                    <select id="citas-office" prop:value=move || office.get() disabled=move || offices.with(Vec::is_empty) on:change=move |ev| office.set(event_target_value(&ev))>
                        <option value="">{move || if state.with(String::is_empty) { i.text(web::choose_the_state_first) } else { i.text(web::choose) }}</option>
                        {move || offices.get().into_iter().map(|o| view! { <option value=o.code.clone()>{o.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            {move || {
                let code = office.get();
                offices.get().into_iter().find(|o| o.code == code).map(|o| view! {
                    <div class="office-card">
                        <p><strong>{o.name.clone()}</strong></p>
                        <p>{o.address.clone()}</p>
                        {(!o.address_verified).then(|| view! { <p class="hint">{i.text(web::confirm_the_address_with_the_office)}</p> })}
                        {(!o.listed_in_inm_system).then(|| view! { <p class="hint">{i.text(web::office_not_listed_in_the_inm_system)}</p> })}
                        <p class="time-zone">{format!("{}: {}", i.text(web::times_are_the_office_local_time), o.time_zone)}</p>
                    </div>
                })
            }}
            {move || availability.get().map(|found| view! {
                <MonthCalendar availability=found month=month day=day/>
            })}
            {move || slots.get().map(|found| {
                let zone = found.time_zone.clone();
                view! {
                    <section class="slots" aria-labelledby="slots-heading">
                        <h2 id="slots-heading">{format!("{} · {}", found.date.format("%d/%m/%Y"), zone)}</h2>
                        {found.slots.is_empty().then(|| view! { <p>{i.text(web::no_free_times_this_day)}</p> })}
                        <ul class="slot-list">
                            {found.slots.into_iter().map(|slot| {
                                let starts_at = slot.starts_at.clone();
                                let free = slot.free_seats;
                                let label = format!("{} (UTC{}) — {}", slot.local_time, slot.utc_offset, web::free_seats(i.locale(), &free.to_string()));
                                view! {
                                    <li>
                                        <button type="button" class="button slot" disabled=move || free == 0 || busy.get() || hold.with(Option::is_some)
                                            on:click=move |_| choose_time(starts_at.clone())>
                                            {label}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
            {move || hold.get().map(|held| view! {
                <div class="hold-panel" role="region" aria-label=i.text(web::time_held)>
                    <p><strong>{i.text(web::time_held)}</strong>": "{format!("{} ({}, UTC{})", super::local_label(&held.local_start), held.time_zone, held.utc_offset)}</p>
                    <p aria-live="polite">{move || {
                        let left = seconds_left.get();
                        web::held_for_minutes_seconds(i.locale(), &format!("{}:{:02}", left / 60, left % 60))
                    }}</p>
                    <div class="actions">
                        <button type="button" class="button cancel" on:click=let_go>{move || i.text(web::choose_another_time)}</button>
                        <button type="button" class="button primary" disabled=move || busy.get() on:click=confirm>
                            {move || if busy.get() { i.text(web::saving) } else if moving.with_value(Option::is_some) { i.text(web::confirm_the_new_time) } else { i.text(web::confirm_the_appointment) }}
                        </button>
                    </div>
                </div>
            })}
            <Show when=move || !office.with(String::is_empty) && moving.with_value(Option::is_none)>
                <WaitlistForm application_id=application.with_value(|a| a.id.clone()) office=office/>
            </Show>
        </Show>
    }
}

/// The month: a grid of its days (Monday first), the days with free seats as buttons.
#[component]
fn MonthCalendar(
    availability: MonthAvailability,
    month: RwSignal<String>,
    day: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let i = use_i18n();
    let first = NaiveDate::parse_from_str(&format!("{}-01", availability.month), "%Y-%m-%d")
        .unwrap_or_else(|_| chrono::Utc::now().date_naive());
    let days_in_month = first
        .checked_add_months(chrono::Months::new(1))
        .map_or(30, |next| (next - first).num_days());
    let offset = first.weekday().num_days_from_monday();
    let free: std::collections::BTreeMap<NaiveDate, u32> = availability
        .days
        .iter()
        .map(|d| (d.date, d.free_seats))
        .collect();
    let weekdays = [
        web::monday_short,
        web::tuesday_short,
        web::wednesday_short,
        web::thursday_short,
        web::friday_short,
        web::saturday_short,
        web::sunday_short,
    ];
    let cells: Vec<Option<NaiveDate>> = (0..offset)
        .map(|_| None)
        .chain(
            (0..days_in_month).map(|n| first.checked_add_days(chrono::Days::new(n.unsigned_abs()))),
        )
        .collect();
    let weeks: Vec<Vec<Option<NaiveDate>>> = cells.chunks(7).map(<[_]>::to_vec).collect();
    let any_free = free.values().any(|seats| *seats > 0);
    view! {
        <section class="calendar" aria-labelledby="calendar-heading">
            <div class="calendar-header">
                <button type="button" class="button secondary" on:click=move |_| month.update(|m| *m = shift_month(m, -1))>
                    {move || i.text(web::previous_month)}
                </button>
                <h2 id="calendar-heading">{availability.month.clone()}</h2>
                <button type="button" class="button secondary" on:click=move |_| month.update(|m| *m = shift_month(m, 1))>
                    {move || i.text(web::next_month)}
                </button>
            </div>
            {(!any_free).then(|| view! { <p>{move || i.text(web::no_free_days_this_month)}</p> })}
            <table class="month">
                <thead><tr>{weekdays.iter().map(|d| { let d = *d; view! { <th scope="col">{move || i.text(d)}</th> } }).collect_view()}</tr></thead>
                <tbody>
                    {weeks.into_iter().map(|week| view! {
                        <tr>
                            {week.into_iter().map(|cell| match cell {
                                None => view! { <td></td> }.into_any(),
                                Some(date) => {
                                    let seats = free.get(&date).copied();
                                    let label = match seats {
                                        Some(n) if n > 0 => web::day_with_free_seats(i.locale(), &date.format("%d/%m/%Y").to_string(), &n.to_string()),
                                        _ => web::day_without_free_seats(i.locale(), &date.format("%d/%m/%Y").to_string()),
                                    };
                                    view! {
                                        <td>
                                            <button type="button" class="day" class:day-free=seats.is_some_and(|n| n > 0)
                                                aria-pressed=move || (day.get() == Some(date)).to_string()
                                                aria-label=label
                                                disabled=!seats.is_some_and(|n| n > 0)
                                                on:click=move |_| day.set(Some(date))>
                                                {date.day().to_string()}
                                            </button>
                                        </td>
                                    }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Waiting in line for a seat that frees at the chosen office between two days.
#[component]
fn WaitlistForm(application_id: String, office: RwSignal<String>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<(), Said>>);
    let application_id = StoredValue::new(application_id);
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = JoinWaitlistRequest {
            application_id: application_id.get_value(),
            office: office.get_untracked(),
            from_date: portal_shared::dates::parse_form_date(&from.get_untracked()),
            until_date: portal_shared::dates::parse_form_date(&until.get_untracked()),
        };
        spawn_local(async move {
            let answer = session
                .call(|token| {
                    let request = request.clone();
                    async move { api::join_waitlist(&token, &request).await }
                })
                .await;
            result.set(Some(answer.map(|_| ()).map_err(|e| e.first_said())));
        });
    };
    view! {
        <details class="waitlist">
            <summary>{move || i.text(web::no_time_suits_join_the_waitlist)}</summary>
            <p class="hint">{move || i.text(web::waitlist_explained)}</p>
            {move || result.get().map(|answer| match answer {
                Ok(()) => view! { <Notice kind="success"><p>{i.text(web::you_are_on_the_waitlist)}</p></Notice> }.into_any(),
                Err(said) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
            })}
            <form class="form" novalidate=true on:submit=join>
                <div class="grid">
                    <div class="field">
                        <label for="waitlist-from">{move || i.text(web::from_date)}</label>
                        <input id="waitlist-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="waitlist-until">{move || i.text(web::until_date)}</label>
                        <input id="waitlist-until" type="date" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev))/>
                    </div>
                </div>
                <button type="submit" class="button secondary">{move || i.text(web::join_the_waitlist)}</button>
            </form>
        </details>
    }
}
