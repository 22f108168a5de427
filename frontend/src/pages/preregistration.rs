//! Pre-Registro of one document: the variant asked the first time, the stepper, and step 1
//! (Información del Viaje), saved on the server so a reload resumes it.

use crate::api;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, TextField, catalog_options,
};
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::{
    AIRLINES, ENTRY_MODES, ENTRY_POINTS, MEXICAN_STATES, Preregistration,
    StartPreregistrationRequest, TRIP_REASONS, TRIP_SPECIFICATIONS, TripInformation, VARIANTS,
    short_notice,
};

fn date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn today_in_mexico() -> chrono::NaiveDate {
    mexico_today(chrono::Utc::now())
}

/// What the page knows about the document's pre-registration.
#[derive(Clone)]
enum Loaded {
    Loading,
    /// First pre-registration of this document: the variant must be chosen.
    NeedsVariant,
    Draft(Preregistration),
    Failed(String, String),
}

#[component]
pub fn PreregistrationPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <PreregistrationWizard/>
        </RequireLogin>
    }
}

#[component]
fn PreregistrationWizard() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let document_id = params.read_untracked().get("id").unwrap_or_default();
    let loaded = RwSignal::new(Loaded::Loading);
    {
        let document_id = document_id.clone();
        spawn_local(async move {
            let body = StartPreregistrationRequest {
                document_id,
                ..StartPreregistrationRequest::default()
            };
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::start_preregistration(&token, &body).await }
                })
                .await;
            loaded.set(match result {
                Ok(draft) => Loaded::Draft(draft),
                Err(error) => {
                    let body = error.body();
                    if body.fields.iter().any(|f| f.field == "variant") {
                        Loaded::NeedsVariant
                    } else {
                        let (es, en) = body
                            .fields
                            .first()
                            .map(|f| (f.message.clone(), f.message_en.clone()))
                            .unwrap_or((body.message, body.message_en));
                        Loaded::Failed(es, en)
                    }
                }
            });
        });
    }
    let document_id = StoredValue::new(document_id);
    view! {
        <Page title_es="Pre-Registro" title_en="Pre-Registro (pre-registration)">
            <Stepper/>
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="loading" role="status">{move || i.t("Cargando…", "Loading…")}</p> }.into_any(),
                Loaded::Failed(es, en) => view! {
                    <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice>
                    <p><A href="/documentos">{move || i.t("Volver a mis documentos", "Back to my documents")}</A></p>
                }.into_any(),
                Loaded::NeedsVariant => view! {
                    <VariantChoice document_id=document_id.get_value() on_started=Callback::new(move |draft| loaded.set(Loaded::Draft(draft)))/>
                }.into_any(),
                Loaded::Draft(draft) => view! { <TripStep draft=draft/> }.into_any(),
            }}
        </Page>
    }
}

/// The wizard's numbered steps; only step 1 exists in this version of the portal.
#[component]
fn Stepper() -> impl IntoView {
    let i = use_i18n();
    let steps = [
        ("Información del Viaje", "Trip information"),
        ("Información Adicional", "Additional information"),
        ("Control Migratorio", "Migration control"),
        ("Terminar Registro", "Finish registration"),
        ("Historial Registros", "Registration history"),
    ];
    view! {
        <ol class="stepper" aria-label=move || i.t("Pasos del Pre-Registro", "Pre-Registro steps")>
            {steps
                .into_iter()
                .enumerate()
                .map(|(index, (es, en))| {
                    let current = index == 0;
                    view! {
                        <li class:step-current=current aria-current=current.then_some("step")>
                            <span class="step-number">{index + 1}</span>
                            <span class="step-name">{move || i.t(es, en)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn VariantChoice(document_id: String, on_started: Callback<Preregistration>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let variant = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let document_id = StoredValue::new(document_id);
    let request = move || StartPreregistrationRequest {
        document_id: document_id.get_value(),
        variant: Some(variant.get()).filter(|v| !v.is_empty()),
        reference: Some(reference.get()).filter(|r| !r.is_empty()),
    };
    let form = FormState::new(move || {
        let mut errors = request().check().err().unwrap_or_default();
        if variant.get().is_empty() {
            errors.push(portal_shared::validation::field_error(
                "variant", "required",
            ));
        }
        errors
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        let body = untrack(request);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::start_preregistration(&token, &body).await }
                })
                .await;
            match result {
                Ok(draft) => on_started.run(draft),
                Err(error) => show_error(&error, form, message, None),
            }
            busy.set(false);
        });
    };
    let needs_reference = move || matches!(variant.get().as_str(), "nue" | "diplomatic");
    let variant_errors = form.errors_for("variant");
    view! {
        <p class="lead">{move || i.t(
            "Antes de su primer Pre-Registro con este documento, indique su caso. Se guardará y no se volverá a preguntar.",
            "Before your first Pre-Registro with this document, tell us your case. It is kept and not asked again.",
        )}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <fieldset class="field" id="variant">
                <legend>{move || i.t("Su caso", "Your case")}<span class="required-mark" aria-hidden="true">" *"</span></legend>
                {VARIANTS
                    .iter()
                    .map(|(code, es, en)| {
                        let code = *code;
                        let (es, en) = (*es, *en);
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="variant"
                                    value=code
                                    prop:checked=move || variant.get() == code
                                    on:change=move |_| variant.set(code.to_owned())
                                />
                                {move || i.t(es, en)}
                            </label>
                        }
                    })
                    .collect_view()}
                {move || variant_errors.get().into_iter().map(|e| view! { <p class="field-error">{i.pick(&e.message, &e.message_en)}</p> }).collect_view()}
            </fieldset>
            {move || needs_reference().then(|| view! {
                <TextField form=form field="reference"
                    label_es="Número (NUE o folio del carné SRE)" label_en="Number (NUE or SRE card folio)"
                    value=reference max_length=20/>
            })}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.t("PROCESANDO…", "WORKING…") } else { i.t("CONTINUAR", "CONTINUE") }}
                </button>
                <A href="/documentos" attr:class="button cancel">{move || i.t("CANCELAR", "CANCEL")}</A>
            </div>
        </form>
    }
}

#[component]
fn TripStep(draft: Preregistration) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let saved_trip = draft.trip.clone().unwrap_or_default();
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let entry_mode = RwSignal::new(saved_trip.entry_mode.clone());
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
    let saved = RwSignal::new(draft.trip.is_some());
    let draft_id = StoredValue::new(draft.id.clone());

    let request = move || TripInformation {
        entry_mode: entry_mode.get(),
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
        let mode = entry_mode.get();
        if entry_point.with_untracked(|p| !p.is_empty())
            && !ENTRY_POINTS
                .iter()
                .any(|point| point.code == entry_point.get_untracked() && point.mode == mode)
        {
            entry_point.set(String::new());
        }
        if mode == "land" {
            carrier.set(String::new());
            flight_number.set(String::new());
        }
    });
    Effect::new(move |_| {
        let reason = trip_reason.get();
        if trip_specification.with_untracked(|s| !s.is_empty())
            && !TRIP_SPECIFICATIONS
                .iter()
                .any(|s| s.0 == trip_specification.get_untracked() && s.1 == reason)
        {
            trip_specification.set(String::new());
        }
    });
    // Any change after saving must be saved again.
    Effect::new(move |previous: Option<()>| {
        let _ = request();
        if previous.is_some() {
            saved.set(false);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        message.set(None);
        let body = untrack(request);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    let id = draft_id.get_value();
                    async move { api::save_trip(&token, &id, &body).await }
                })
                .await;
            match result {
                Ok(_) => {
                    form.server.set(Vec::new());
                    saved.set(true);
                }
                Err(error) => show_error(&error, form, message, None),
            }
            busy.set(false);
        });
    };

    let point_options = move || {
        let mode = entry_mode.get();
        ENTRY_POINTS
            .iter()
            .filter(|point| point.mode == mode)
            .map(|point| {
                (
                    point.code.to_owned(),
                    point.name.to_owned(),
                    point.name.to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let specification_options = move || {
        let reason = trip_reason.get();
        TRIP_SPECIFICATIONS
            .iter()
            .filter(|s| s.1 == reason)
            .map(|(code, _, es, en)| ((*code).to_owned(), (*es).to_owned(), (*en).to_owned()))
            .collect::<Vec<_>>()
    };
    let airline_options: Vec<(String, String, String)> = AIRLINES
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned(), (*name).to_owned()))
        .collect();
    let state_options: Vec<(String, String, String)> = MEXICAN_STATES
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned(), (*name).to_owned()))
        .collect();
    let soon = move || {
        date(&arrival_date.get()).is_some_and(|arrival| {
            arrival >= today_in_mexico() && short_notice(today_in_mexico(), arrival)
        })
    };

    view! {
        <h2>{move || i.t("1. Información del Viaje", "1. Trip information")}</h2>
        <p class="lead">{move || i.t(
            "Los campos con asterisco (*) son obligatorios. Le recomendamos tener a la mano su boleto de entrada. La fecha de salida de México no debe ser mayor a 180 días.",
            "Fields with an asterisk (*) are required. Keep your ticket at hand. The departure from Mexico must be at most 180 days after arrival.",
        )}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <div class="grid">
                <SelectField form=form field="entry_mode" label_es="Vía de internación" label_en="Way of entry" value=entry_mode options=catalog_options(&ENTRY_MODES)/>
                {move || { let options = point_options(); view! {
                    <SelectField form=form field="entry_point" label_es="Punto de internación" label_en="Port of entry" value=entry_point options=options/>
                } }}
                {let airline_options = airline_options.clone(); move || match entry_mode.get().as_str() {
                    "air" => view! {
                        <SelectField form=form field="carrier" label_es="Nombre de la aerolínea" label_en="Airline" value=carrier options=airline_options.clone()/>
                        <TextField form=form field="flight_number" label_es="Número de vuelo" label_en="Flight number" value=flight_number max_length=10
                            hint=("Como aparece en su boleto, por ejemplo AM 719.", "As printed on your ticket, for example AM 719.")/>
                    }.into_any(),
                    "sea" => view! {
                        <TextField form=form field="carrier" label_es="Nombre de la embarcación" label_en="Vessel name" value=carrier max_length=100/>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <TextField form=form field="arrival_date" label_es="Fecha de llegada a México" label_en="Arrival date in Mexico" value=arrival_date input_type="date"/>
                <TextField form=form field="departure_date" label_es="Fecha de salida" label_en="Departure date" value=departure_date input_type="date"/>
                <SelectField form=form field="trip_reason" label_es="Motivo del viaje" label_en="Purpose of trip" value=trip_reason options=catalog_options(&TRIP_REASONS)/>
                {move || { let options = specification_options(); view! {
                    <SelectField form=form field="trip_specification" label_es="Especificación del viaje" label_en="Trip details" value=trip_specification options=options/>
                } }}
                <SelectField form=form field="destination_state" label_es="Estado" label_en="State" value=destination_state options=state_options/>
                <TextField form=form field="address_in_mexico" label_es="Domicilio en México" label_en="Address in Mexico" value=address_in_mexico max_length=200/>
            </div>
            {move || soon().then(|| view! {
                <Notice kind="info"><p>{move || i.t(
                    "Su llegada es en menos de 24 horas. Puede continuar, pero se recomienda registrarse con al menos 24 horas de anticipación.",
                    "You arrive in less than 24 hours. You may go on, but registering at least 24 hours ahead is recommended.",
                )}</p></Notice>
            })}
            {move || saved.get().then(|| view! {
                <Notice kind="success">
                    <p>{move || i.t("Información del viaje guardada.", "Trip information saved.")}</p>
                    <p>{move || i.t(
                        "Los pasos 2 a 4 (Información Adicional, Control Migratorio y Terminar Registro) aún no están disponibles en esta versión del portal; su información queda guardada para continuar después.",
                        "Steps 2 to 4 (additional information, migration control and finishing) are not available yet in this version of the portal; your information is kept so you can continue later.",
                    )}</p>
                </Notice>
            })}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.t("GUARDANDO…", "SAVING…") } else { i.t("SIGUIENTE", "NEXT") }}
                </button>
                <A href="/documentos" attr:class="button cancel">{move || i.t("CANCELAR", "CANCEL")}</A>
            </div>
        </form>
    }
}
