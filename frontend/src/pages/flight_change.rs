//! Modify the flight data of an approved pre-registration (the flight was rescheduled):
//! only the carrier, the flight number and the dates change; a new receipt and FMM are
//! issued and the earlier QR stops being valid.

use crate::api;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, SelectOption, TextField,
};
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Said, use_i18n};
use crate::pages::history::download_pdf;
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_shared::dates::mexico_today;
use portal_shared::i18n::web;
use portal_shared::preregistrations::{EntryMode, FlightChangeRequest, Preregistration, airlines};

/// The fields this page changes; the trip's other rules are not shown here.
const FLIGHT_FIELDS: [&str; 4] = ["carrier", "flight_number", "arrival_date", "departure_date"];

#[component]
pub fn FlightChangePage() -> impl IntoView {
    view! {
        <RequireLogin>
            <FlightChange/>
        </RequireLogin>
    }
}

#[component]
fn FlightChange() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let loaded = RwSignal::new(None::<Result<Preregistration, Said>>);
    {
        let id = id.clone();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::get_preregistration(&token, &id).await }
                })
                .await;
            loaded.set(Some(result.map_err(|e| e.said())));
        });
    }
    view! {
        <Page title=web::change_flight_data>
            {move || match loaded.get() {
                None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
                Some(Ok(p)) if !p.documents_available => view! {
                    <Notice kind="error"><p>{move || i.text(web::you_can_only_change_the_flight)}</p></Notice>
                    <p><A href="/pre-registro/historial">{move || i.text(web::back_to_the_history)}</A></p>
                }.into_any(),
                Some(Ok(p)) => view! { <FlightForm preregistration=p/> }.into_any(),
            }}
        </Page>
    }
}

#[component]
fn FlightForm(preregistration: Preregistration) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let trip = preregistration.trip.clone().unwrap_or_default();
    let by_air = trip.entry_mode.known() == Some(EntryMode::Air);
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let carrier = RwSignal::new(trip.carrier.clone());
    let flight_number = RwSignal::new(trip.flight_number.clone());
    let arrival_date = RwSignal::new(text(trip.arrival_date));
    let departure_date = RwSignal::new(text(trip.departure_date));
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let changed = RwSignal::new(None::<Preregistration>);
    let download_message = RwSignal::new(None::<Said>);
    let date = portal_shared::dates::parse_form_date;
    let request = move || FlightChangeRequest {
        carrier: carrier.get(),
        flight_number: flight_number.get(),
        arrival_date: date(&arrival_date.get()),
        departure_date: date(&departure_date.get()),
    };
    let trip = StoredValue::new(trip);
    let form = FormState::new(move || {
        let new_trip = trip.with_value(|t| request().apply_to(t));
        new_trip
            .check(mexico_today(chrono::Utc::now()))
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| FLIGHT_FIELDS.contains(&e.field.as_str()))
            .collect()
    });
    let id = StoredValue::new(preregistration.id.clone());
    let folio = StoredValue::new(preregistration.folio.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        let body = untrack(request);
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::change_flight(&token, &id.get_value(), &body).await }
                })
                .await;
            busy.set(false);
            match result {
                Ok(updated) => {
                    form.server.set(Vec::new());
                    changed.set(Some(updated));
                }
                Err(error) => show_error(&error, form, message, None),
            }
        });
    };
    let airline_options: Vec<SelectOption> = airlines()
        .iter()
        .map(|a| SelectOption::data(a.code.clone(), a.name.clone(), a.name.clone()))
        .collect();
    view! {
        <p class="lead">{move || i.text(web::if_your_flight_was_rescheduled_update)}</p>
        <p>{move || i.text(web::reference)}<strong>{folio.get_value()}</strong></p>
        {move || changed.get().map(|updated| {
            let revision = updated.revision;
            view! {
                <Notice kind="success"><p>{move || web::flight_changed(i.locale(), revision)}</p></Notice>
                {move || download_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| download_pdf(session, id.get_value(), folio.get_value(), "receipt", download_message)>
                        {move || i.text(web::download_receipt_qr)}
                    </button>
                    <A href="/pre-registro/historial" attr:class="button secondary">{move || i.text(web::registration_history)}</A>
                </div>
            }
        })}
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <div class="grid">
                {if by_air {
                    view! {
                        <SelectField form=form field="carrier" label=web::airline value=carrier options=airline_options/>
                        <TextField form=form field="flight_number" label=web::flight_number value=flight_number max_length=10/>
                    }.into_any()
                } else {
                    view! {
                        <TextField form=form field="carrier" label=web::vessel_name value=carrier max_length=100/>
                    }.into_any()
                }}
                <TextField form=form field="arrival_date" label=web::arrival_date_in_mexico value=arrival_date input_type="date"/>
                <TextField form=form field="departure_date" label=web::departure_date value=departure_date input_type="date"/>
            </div>
            <div class="actions">
                <A href="/pre-registro/historial" attr:class="button cancel">{move || i.text(web::cancel)}</A>
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.text(web::saving) } else { i.text(web::save_changes) }}
                </button>
            </div>
        </form>
    }
}
