//! Step 1, Información del Viaje.

use super::*;
use portal_shared::i18n::web;

#[component]
pub(super) fn TripStep(
    draft: Preregistration,
    on_saved: Callback<Preregistration>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let saved_trip = draft.trip.clone().unwrap_or_default();
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let entry_mode = RwSignal::new(saved_trip.entry_mode.as_str().to_owned());
    let entry_point = RwSignal::new(saved_trip.entry_point.clone());
    let carrier = RwSignal::new(saved_trip.carrier.clone());
    let flight_number = RwSignal::new(saved_trip.flight_number.clone());
    let arrival_date = RwSignal::new(text(saved_trip.arrival_date));
    let trip_reason = RwSignal::new(saved_trip.trip_reason.clone());
    let trip_specification = RwSignal::new(saved_trip.trip_specification.clone());
    let destination_state = RwSignal::new(saved_trip.destination_state.clone());
    let address_in_mexico = RwSignal::new(saved_trip.address_in_mexico.clone());
    let departure_date = RwSignal::new(text(saved_trip.departure_date));
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let draft_id = StoredValue::new(draft.id.clone());

    let request = move || TripInformation {
        entry_mode: entry_mode.get().as_str().into(),
        entry_point: entry_point.get(),
        carrier: carrier.get(),
        flight_number: flight_number.get(),
        arrival_date: date(&arrival_date.get()),
        trip_reason: trip_reason.get(),
        trip_specification: trip_specification.get(),
        destination_state: destination_state.get(),
        address_in_mexico: address_in_mexico.get(),
        departure_date: date(&departure_date.get()),
    };
    let form = FormState::new(move || request().check(today_in_mexico()).err().unwrap_or_default());

    // A choice that no longer belongs to the mode or reason above it is cleared.
    Effect::new(move |_| {
        let mode = EntryMode::parse(&entry_mode.get());
        if entry_point.with_untracked(|p| !p.is_empty())
            && !entry_points()
                .iter()
                .any(|point| point.code == entry_point.get_untracked() && Some(point.mode) == mode)
        {
            entry_point.set(String::new());
        }
        if mode == Some(EntryMode::Land) {
            carrier.set(String::new());
            flight_number.set(String::new());
        }
    });
    Effect::new(move |_| {
        let reason = trip_reason.get();
        if trip_specification.with_untracked(|s| !s.is_empty())
            && !trip_specifications()
                .iter()
                .any(|s| s.code == trip_specification.get_untracked() && s.reason == reason)
        {
            trip_specification.set(String::new());
        }
    });

    let step = Step {
        session,
        form,
        busy,
        message,
        draft_id,
        on_saved,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        submit_step(&ev, step, request, |token, id, body| async move {
            api::save_trip(&token, &id, &body).await
        });
    };

    let point_options = move || {
        let mode = EntryMode::parse(&entry_mode.get());
        entry_points()
            .iter()
            .filter(|point| Some(point.mode) == mode)
            .map(|point| {
                SelectOption::data(point.code.clone(), point.name.clone(), point.name.clone())
            })
            .collect::<Vec<_>>()
    };
    let specification_options = move || {
        let reason = trip_reason.get();
        trip_specifications()
            .iter()
            .filter(|s| s.reason == reason)
            .map(|s| SelectOption::data(s.code.clone(), s.name_es.clone(), s.name_en.clone()))
            .collect::<Vec<_>>()
    };
    let airline_options: Vec<SelectOption> = airlines()
        .iter()
        .map(|a| SelectOption::data(a.code.clone(), a.name.clone(), a.name.clone()))
        .collect();
    let reason_options: Vec<SelectOption> = trip_reasons()
        .iter()
        .map(|r| SelectOption::data(r.code.clone(), r.name_es.clone(), r.name_en.clone()))
        .collect();
    let state_options: Vec<SelectOption> = mexican_states()
        .iter()
        .map(|s| SelectOption::data(s.code.clone(), s.name.clone(), s.name.clone()))
        .collect();
    let soon = move || {
        date(&arrival_date.get()).is_some_and(|arrival| {
            arrival >= today_in_mexico() && short_notice(today_in_mexico(), arrival)
        })
    };

    view! {
        <h2>{move || i.text(web::n_1_trip_information)}</h2>
        <p class="lead">{move || i.text(web::fields_with_an_asterisk_are_required_2)}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <div class="grid">
                <SelectField form=form field="entry_mode" label=web::way_of_entry value=entry_mode options=code_options(EntryMode::ALL, EntryMode::label)/>
                {move || { let options = point_options(); view! {
                    <SelectField form=form field="entry_point" label=web::port_of_entry value=entry_point options=options/>
                } }}
                {let airline_options = airline_options.clone(); move || match EntryMode::parse(&entry_mode.get()) {
                    Some(EntryMode::Air) => view! {
                        <SelectField form=form field="carrier" label=web::airline value=carrier options=airline_options.clone()/>
                        <TextField form=form field="flight_number" label=web::flight_number value=flight_number max_length=10
                            hint=web::as_printed_on_your_ticket_for/>
                    }.into_any(),
                    Some(EntryMode::Sea) => view! {
                        <TextField form=form field="carrier" label=web::vessel_name value=carrier max_length=100/>
                    }.into_any(),
                    Some(EntryMode::Land) | None => ().into_any(),
                }}
                <TextField form=form field="arrival_date" label=web::arrival_date_in_mexico value=arrival_date input_type="date"/>
                <TextField form=form field="departure_date" label=web::departure_date value=departure_date input_type="date"/>
                <SelectField form=form field="trip_reason" label=web::purpose_of_trip value=trip_reason options=reason_options/>
                {move || { let options = specification_options(); view! {
                    <SelectField form=form field="trip_specification" label=web::trip_details value=trip_specification options=options/>
                } }}
                <SelectField form=form field="destination_state" label=web::state value=destination_state options=state_options/>
                <TextField form=form field="address_in_mexico" label=web::address_in_mexico value=address_in_mexico max_length=200/>
            </div>
            {move || soon().then(|| view! {
                <Notice kind="info"><p>{move || i.text(web::you_arrive_in_less_than_24)}</p></Notice>
            })}
            <StepActions busy=busy/>
        </form>
    }
}
