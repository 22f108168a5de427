//! Pre-Registro of one document: the variant asked the first time, the stepper, step 1
//! (Información del Viaje), step 2 (Información Adicional), step 3 (Control Migratorio) and
//! step 4's attachments, each saved on the server so a reload resumes where the traveler
//! left off.

use crate::api;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, TextField, calling_code_options, code_options,
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
    ATTACHMENT_KINDS, AdditionalInformation, AttachmentKind, ENTRY_MODES, EXIT_TYPES, EntryMode,
    MAX_ATTACHMENT_BYTES, MigrationControl, Preregistration, StartPreregistrationRequest,
    TripInformation, VARIANTS, Variant, airlines, control_questions, entry_points, mexican_states,
    short_notice, trip_reasons, trip_specifications,
};

use portal_shared::dates::parse_form_date as date;
use portal_shared::{Choice, FieldErrorCode};

fn today_in_mexico() -> chrono::NaiveDate {
    mexico_today(chrono::Utc::now())
}

/// What the page knows about the document's pre-registration.
#[derive(Clone)]
enum Loaded {
    Loading,
    /// First pre-registration of this document: the variant must be chosen.
    NeedsVariant,
    Draft(Box<Preregistration>),
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
                Ok(draft) => Loaded::Draft(Box::new(draft)),
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
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="loading" role="status">{move || i.t("Cargando…", "Loading…")}</p> }.into_any(),
                Loaded::Failed(es, en) => view! {
                    <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice>
                    <p><A href="/documentos">{move || i.t("Volver a mis documentos", "Back to my documents")}</A></p>
                }.into_any(),
                Loaded::NeedsVariant => view! {
                    <Stepper current=Signal::stored(1)/>
                    <VariantChoice document_id=document_id.get_value() on_started=Callback::new(move |draft| loaded.set(Loaded::Draft(Box::new(draft))))/>
                }.into_any(),
                Loaded::Draft(draft) => view! { <Wizard draft=*draft/> }.into_any(),
            }}
        </Page>
    }
}

/// The step a draft resumes at: the first not yet saved.
fn step_of(draft: &Preregistration) -> usize {
    if draft.trip.is_none() {
        1
    } else if draft.additional.is_none() {
        2
    } else if draft.control.is_none() {
        3
    } else {
        4
    }
}

#[component]
fn Wizard(draft: Preregistration) -> impl IntoView {
    let step = RwSignal::new(step_of(&draft));
    let draft = RwSignal::new(draft);
    view! {
        <Stepper current=Signal::derive(move || step.get().min(4))/>
        {move || match step.get() {
            1 => view! {
                <TripStep draft=draft.get_untracked() on_saved=Callback::new(move |saved: Preregistration| {
                    draft.set(saved);
                    step.set(2);
                })/>
            }.into_any(),
            2 => view! {
                <AdditionalStep
                    draft=draft.get_untracked()
                    on_saved=Callback::new(move |saved: Preregistration| {
                        draft.set(saved);
                        step.set(3);
                    })
                    on_back=Callback::new(move |()| step.set(1))
                />
            }.into_any(),
            3 => view! {
                <ControlStep
                    draft=draft.get_untracked()
                    on_saved=Callback::new(move |saved: Preregistration| {
                        draft.set(saved);
                        step.set(4);
                    })
                    on_back=Callback::new(move |()| step.set(2))
                />
            }.into_any(),
            4 => view! {
                <AttachmentsStep
                    draft=draft.get_untracked()
                    on_back=Callback::new(move |()| step.set(3))
                    on_review=Callback::new(move |attached| {
                        draft.update(|d| d.attachments = attached);
                        step.set(5);
                    })
                />
            }.into_any(),
            _ => view! {
                <crate::pages::preregistration_review::CheckAnswers
                    draft=draft.get_untracked()
                    on_change=Callback::new(move |to: usize| step.set(to))
                />
            }.into_any(),
        }}
    }
}

/// The wizard's numbered steps, `current` marked.
#[component]
fn Stepper(current: Signal<usize>) -> impl IntoView {
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
                    let is_current = move || current.get() == index + 1;
                    view! {
                        <li class:step-current=is_current aria-current=move || is_current().then_some("step")>
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
        variant: Some(variant.get())
            .filter(|v| !v.is_empty())
            .map(|v| Choice::from_code(&v)),
        reference: Some(reference.get()).filter(|r| !r.is_empty()),
    };
    let form = FormState::new(move || {
        let mut errors = request().check().err().unwrap_or_default();
        if variant.get().is_empty() {
            errors.push(portal_shared::validation::field_error(
                "variant",
                FieldErrorCode::Required,
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
    let needs_reference = move || {
        matches!(
            Variant::parse(&variant.get()),
            Some(Variant::Nue | Variant::Diplomatic)
        )
    };
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
                                    value=code.as_str()
                                    prop:checked=move || variant.get() == code.as_str()
                                    on:change=move |_| variant.set(code.as_str().to_owned())
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

/// A step's buttons: SIGUIENTE (saves the step), ANTERIOR when there is a step before,
/// CANCELAR back to the documents.
#[component]
fn StepActions(
    busy: RwSignal<bool>,
    #[prop(optional)] on_back: Option<Callback<()>>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || busy.get()>
                {move || if busy.get() { i.t("GUARDANDO…", "SAVING…") } else { i.t("SIGUIENTE", "NEXT") }}
            </button>
            {on_back.map(|back| view! {
                <button type="button" class="button secondary" on:click=move |_| back.run(())>
                    {move || i.t("ANTERIOR", "BACK")}
                </button>
            })}
            <A href="/documentos" attr:class="button cancel">{move || i.t("CANCELAR", "CANCEL")}</A>
        </div>
    }
}

/// Saves a step's form: `send` is called with an access token; the saved draft goes to
/// `on_saved`, field errors next to their fields, anything else above the form.
fn save_step<F, Fut>(
    session: crate::session::Session,
    form: FormState,
    busy: RwSignal<bool>,
    message: FormMessage,
    on_saved: Callback<Preregistration>,
    send: F,
) where
    F: Fn(String) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Preregistration, crate::api::ApiError>>,
{
    busy.set(true);
    message.set(None);
    spawn_local(async move {
        let result = session.call(send).await;
        busy.set(false);
        match result {
            Ok(draft) => {
                form.server.set(Vec::new());
                on_saved.run(draft);
            }
            Err(error) => show_error(&error, form, message, None),
        }
    });
}

#[component]
fn TripStep(draft: Preregistration, on_saved: Callback<Preregistration>) -> impl IntoView {
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

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        let body = untrack(request);
        let id = draft_id.get_value();
        save_step(session, form, busy, message, on_saved, move |token| {
            let (body, id) = (body.clone(), id.clone());
            async move { api::save_trip(&token, &id, &body).await }
        });
    };

    let point_options = move || {
        let mode = EntryMode::parse(&entry_mode.get());
        entry_points()
            .iter()
            .filter(|point| Some(point.mode) == mode)
            .map(|point| (point.code.clone(), point.name.clone(), point.name.clone()))
            .collect::<Vec<_>>()
    };
    let specification_options = move || {
        let reason = trip_reason.get();
        trip_specifications()
            .iter()
            .filter(|s| s.reason == reason)
            .map(|s| (s.code.clone(), s.name_es.clone(), s.name_en.clone()))
            .collect::<Vec<_>>()
    };
    let airline_options: Vec<(String, String, String)> = airlines()
        .iter()
        .map(|a| (a.code.clone(), a.name.clone(), a.name.clone()))
        .collect();
    let reason_options: Vec<(String, String, String)> = trip_reasons()
        .iter()
        .map(|r| (r.code.clone(), r.name_es.clone(), r.name_en.clone()))
        .collect();
    let state_options: Vec<(String, String, String)> = mexican_states()
        .iter()
        .map(|s| (s.code.clone(), s.name.clone(), s.name.clone()))
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
                <SelectField form=form field="entry_mode" label_es="Vía de internación" label_en="Way of entry" value=entry_mode options=code_options(&ENTRY_MODES)/>
                {move || { let options = point_options(); view! {
                    <SelectField form=form field="entry_point" label_es="Punto de internación" label_en="Port of entry" value=entry_point options=options/>
                } }}
                {let airline_options = airline_options.clone(); move || match EntryMode::parse(&entry_mode.get()) {
                    Some(EntryMode::Air) => view! {
                        <SelectField form=form field="carrier" label_es="Nombre de la aerolínea" label_en="Airline" value=carrier options=airline_options.clone()/>
                        <TextField form=form field="flight_number" label_es="Número de vuelo" label_en="Flight number" value=flight_number max_length=10
                            hint=("Como aparece en su boleto, por ejemplo AM 719.", "As printed on your ticket, for example AM 719.")/>
                    }.into_any(),
                    Some(EntryMode::Sea) => view! {
                        <TextField form=form field="carrier" label_es="Nombre de la embarcación" label_en="Vessel name" value=carrier max_length=100/>
                    }.into_any(),
                    Some(EntryMode::Land) | None => ().into_any(),
                }}
                <TextField form=form field="arrival_date" label_es="Fecha de llegada a México" label_en="Arrival date in Mexico" value=arrival_date input_type="date"/>
                <TextField form=form field="departure_date" label_es="Fecha de salida" label_en="Departure date" value=departure_date input_type="date"/>
                <SelectField form=form field="trip_reason" label_es="Motivo del viaje" label_en="Purpose of trip" value=trip_reason options=reason_options/>
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
            <StepActions busy=busy/>
        </form>
    }
}

#[component]
fn AdditionalStep(
    draft: Preregistration,
    on_saved: Callback<Preregistration>,
    on_back: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let kept = draft.additional.clone().unwrap_or_default();
    let origin_contact_name = RwSignal::new(kept.origin_contact_name.clone());
    let origin_contact_phone_country_code =
        RwSignal::new(if kept.origin_contact_phone_country_code.is_empty() {
            "+57".to_owned()
        } else {
            kept.origin_contact_phone_country_code.clone()
        });
    let origin_contact_phone = RwSignal::new(kept.origin_contact_phone.clone());
    let mexico_contact_name = RwSignal::new(kept.mexico_contact_name.clone());
    let mexico_contact_phone = RwSignal::new(kept.mexico_contact_phone.clone());
    let resident_card_number = RwSignal::new(kept.resident_card_number.clone());
    let resident_card_expiry = RwSignal::new(
        kept.resident_card_expiry
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let exit_type = RwSignal::new(kept.exit_type.as_str().to_owned());
    let variant = StoredValue::new(draft.variant);
    let draft_id = StoredValue::new(draft.id.clone());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let request = move || AdditionalInformation {
        exit_type: exit_type.get().as_str().into(),
        origin_contact_name: origin_contact_name.get(),
        origin_contact_phone_country_code: origin_contact_phone_country_code.get(),
        origin_contact_phone: origin_contact_phone.get(),
        mexico_contact_name: mexico_contact_name.get(),
        mexico_contact_phone: mexico_contact_phone.get(),
        resident_card_number: resident_card_number.get(),
        resident_card_expiry: date(&resident_card_expiry.get()),
    };
    let form = FormState::new(move || {
        request()
            .check(variant.get_value(), today_in_mexico())
            .err()
            .unwrap_or_default()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        let body = untrack(request);
        let id = draft_id.get_value();
        save_step(session, form, busy, message, on_saved, move |token| {
            let (body, id) = (body.clone(), id.clone());
            async move { api::save_additional(&token, &id, &body).await }
        });
    };
    let calling_codes = calling_code_options();
    let is_resident = variant.get_value() == Variant::Nue;
    view! {
        <h2>{move || i.t("2. Información Adicional", "2. Additional information")}</h2>
        <p class="lead">{move || i.t(
            "Indique a quién podemos contactar en su país de origen y en México.",
            "Tell us whom we can reach in your country of origin and in Mexico.",
        )}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <div class="grid">
                <TextField form=form field="origin_contact_name" label_es="Contacto en su país de origen" label_en="Contact in your country of origin" value=origin_contact_name max_length=100/>
                <SelectField form=form field="origin_contact_phone_country_code" label_es="Lada del contacto" label_en="Contact's calling code" value=origin_contact_phone_country_code options=calling_codes/>
                <TextField form=form field="origin_contact_phone" label_es="Teléfono del contacto" label_en="Contact's phone" value=origin_contact_phone input_type="tel" max_length=15
                    hint=("Solo dígitos.", "Digits only.")/>
                <TextField form=form field="mexico_contact_name" label_es="Contacto en México (persona u hotel)" label_en="Contact in Mexico (person or hotel)" value=mexico_contact_name max_length=100/>
                <TextField form=form field="mexico_contact_phone" label_es="Teléfono en México" label_en="Phone in Mexico" value=mexico_contact_phone input_type="tel" max_length=10
                    hint=("10 dígitos.", "10 digits.")/>
                <SelectField form=form field="exit_type" label_es="Tipo de salida" label_en="Exit type" value=exit_type options=code_options(&EXIT_TYPES)/>
                {is_resident.then(|| view! {
                    <TextField form=form field="resident_card_number" label_es="Número de tarjeta de residente" label_en="Resident card number" value=resident_card_number max_length=20/>
                    <TextField form=form field="resident_card_expiry" label_es="Vigencia de la tarjeta de residente" label_en="Resident card expiry" value=resident_card_expiry input_type="date"/>
                })}
            </div>
            <StepActions busy=busy on_back=on_back/>
        </form>
    }
}

#[component]
fn ControlStep(
    draft: Preregistration,
    on_saved: Callback<Preregistration>,
    on_back: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let answers = RwSignal::new(draft.control.clone().unwrap_or_default().answers);
    let draft_id = StoredValue::new(draft.id.clone());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let request = move || MigrationControl {
        answers: answers.get(),
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        let body = untrack(request);
        let id = draft_id.get_value();
        save_step(session, form, busy, message, on_saved, move |token| {
            let (body, id) = (body.clone(), id.clone());
            async move { api::save_control(&token, &id, &body).await }
        });
    };
    let choose = move |code: &'static str, yes: bool| {
        answers.update(|all| {
            all.insert(code.to_owned(), yes);
        });
    };
    view! {
        <h2>{move || i.t("3. Control Migratorio", "3. Migration control")}</h2>
        <p class="lead">{move || i.t(
            "Responda todas las preguntas.",
            "Answer every question.",
        )}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            {control_questions()
                .iter()
                .map(|question| {
                    let code: &'static str = &question.code;
                    let (es, en): (&'static str, &'static str) = (&question.name_es, &question.name_en);
                    let field = format!("answers.{code}");
                    let errors = form.errors_for_name(field.clone());
                    let answer = move || answers.with(|all| all.get(code).copied());
                    view! {
                        <fieldset class="field question" id=crate::components::form::input_id(&field)
                            class:field-invalid=move || !errors.get().is_empty()
                            class:field-valid=move || answer().is_some()>
                            <legend>{move || i.t(es, en)}<span class="required-mark" aria-hidden="true">" *"</span></legend>
                            <div class="yes-no">
                                <label class="choice">
                                    <input type="radio" name=format!("control-{code}") prop:checked=move || answer() == Some(true) on:change=move |_| choose(code, true)/>
                                    {move || i.t("Sí", "Yes")}
                                </label>
                                <label class="choice">
                                    <input type="radio" name=format!("control-{code}") prop:checked=move || answer() == Some(false) on:change=move |_| choose(code, false)/>
                                    {move || i.t("No", "No")}
                                </label>
                            </div>
                            {move || errors.get().into_iter().map(|e| view! { <p class="field-error">{i.pick(&e.message, &e.message_en)}</p> }).collect_view()}
                        </fieldset>
                    }
                })
                .collect_view()}
            <StepActions busy=busy on_back=on_back/>
        </form>
    }
}

#[component]
fn AttachmentsStep(
    draft: Preregistration,
    on_back: Callback<()>,
    on_review: Callback<Vec<portal_shared::preregistrations::Attachment>>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let attachments = RwSignal::new(draft.attachments.clone());
    let accepted = RwSignal::new(false);
    let terms_error = RwSignal::new(false);
    let required_kinds: Vec<AttachmentKind> = ATTACHMENT_KINDS
        .iter()
        .filter(|kind| kind.variant == draft.variant && kind.required)
        .map(|kind| kind.code)
        .collect();
    let uploading = RwSignal::new(None::<AttachmentKind>);
    let message = RwSignal::new(None::<(String, String)>);
    let draft_id = StoredValue::new(draft.id.clone());
    let kinds: Vec<_> = ATTACHMENT_KINDS
        .iter()
        .filter(|kind| kind.variant == draft.variant)
        .collect();
    let upload = move |kind: AttachmentKind, input: web_sys::HtmlInputElement| {
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        message.set(None);
        if file.size() > MAX_ATTACHMENT_BYTES as f64 {
            message.set(Some((
                "El archivo pesa más de 2 MB. Elija uno más ligero.".into(),
                "The file is larger than 2 MB. Choose a lighter one.".into(),
            )));
            return;
        }
        uploading.set(Some(kind));
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let file = file.clone();
                    let id = draft_id.get_value();
                    async move { api::attach_file(&token, &id, kind.as_str(), &file).await }
                })
                .await;
            uploading.set(None);
            match result {
                Ok(draft) => attachments.set(draft.attachments),
                Err(error) => {
                    let body = error.body();
                    let (es, en) = body
                        .fields
                        .first()
                        .map(|f| (f.message.clone(), f.message_en.clone()))
                        .unwrap_or((body.message, body.message_en));
                    message.set(Some((es, en)));
                }
            }
        });
    };
    view! {
        <h2>{move || i.t("4. Terminar Registro", "4. Finish registration")}</h2>
        <p class="lead">{move || i.t(
            "Adjunte cada archivo por separado con su botón (📎). Formatos PDF, JPG, JPEG o PNG, máximo 2 MB. ❌ indica que falta el archivo; ✅ que ya se adjuntó.",
            "Attach each file separately with its button (📎). PDF, JPG, JPEG or PNG, at most 2 MB. ❌ means the file is missing; ✅ that it is attached.",
        )}</p>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <ul class="attachments">
            {kinds
                .into_iter()
                .map(|kind| {
                    let code = kind.code;
                    let input_id = format!("attachment-{}", code.as_str().replace('_', "-"));
                    let attached = move || attachments.with(|all| all.iter().find(|a| a.kind == code).map(|a| a.file_name.clone()));
                    let input: NodeRef<leptos::html::Input> = NodeRef::new();
                    view! {
                        <li class="attachment" data-kind=code.as_str()>
                            <span class="attachment-state" aria-hidden="true">{move || if attached().is_some() { "✅" } else { "❌" }}</span>
                            <span class="attachment-name">
                                {move || i.t(kind.name_es, kind.name_en)}
                                {kind.required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                                {(!kind.required).then(|| view! { <span class="hint">{move || i.t(" (opcional)", " (optional)")}</span> })}
                                <span class="visually-hidden">{move || if attached().is_some() { i.t("Adjuntado", "Attached") } else { i.t("Falta el archivo", "File missing") }}</span>
                            </span>
                            <span class="file-name">{move || attached().unwrap_or_default()}</span>
                            <label class="button secondary small" for=input_id.clone()>{move || i.t("📎 ADJUNTAR", "📎 ATTACH")}</label>
                            <input
                                id=input_id
                                class="visually-hidden"
                                type="file"
                                accept="application/pdf,image/png,image/jpeg"
                                node_ref=input
                                disabled=move || uploading.get().is_some()
                                on:change=move |_| {
                                    if let Some(element) = input.get_untracked() {
                                        upload(code, element);
                                    }
                                }
                            />
                            {move || (uploading.get() == Some(code)).then(|| view! {
                                <progress class="capture-progress" aria-label=move || i.t("Subiendo el archivo", "Uploading the file")></progress>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <div class="terms">
            <h3>{move || i.t("Términos y condiciones", "Terms and conditions")}</h3>
            <p class="hint">{move || i.t(
                "Declaro bajo protesta de decir verdad que la información proporcionada es correcta y completa. El Pre-Registro no garantiza la internación a México: la autoriza el agente federal de migración en el punto de internación. Mis datos se tratan conforme al Aviso de Privacidad Integral.",
                "I declare under penalty of perjury that the information provided is correct and complete. The pre-registration does not guarantee entry into Mexico: the federal migration officer authorises it at the port of entry. My data are handled under the Privacy Notice.",
            )}</p>
            <label class="checkbox">
                <input id="accept-terms" type="checkbox"
                    aria-describedby="accept-terms-error"
                    prop:checked=move || accepted.get()
                    on:change=move |ev| accepted.set(event_target_checked(&ev))/>
                " "{move || i.t("He leído y acepto los términos y condiciones", "I have read and accept the terms and conditions")}
            </label>
            <p id="accept-terms-error" class="field-error">{move || terms_error.get().then(|| i.t(
                "Lea y acepte los términos y condiciones para enviar la información.",
                "Read and accept the terms and conditions to send the information.",
            ))}</p>
        </div>
        <div class="actions">
            <button type="button" class="button secondary" on:click=move |_| on_back.run(())>
                {move || i.t("ANTERIOR", "BACK")}
            </button>
            <A href="/documentos" attr:class="button cancel">{move || i.t("SALIR", "LEAVE")}</A>
            <button type="button" class="button primary" on:click=move |_| {
                let missing: Vec<AttachmentKind> = required_kinds
                    .iter()
                    .filter(|code| attachments.with(|all| !all.iter().any(|a| a.kind == **code)))
                    .copied()
                    .collect();
                terms_error.set(!accepted.get_untracked());
                if !missing.is_empty() {
                    message.set(Some((
                        "Adjunte los archivos obligatorios (marcados con *) antes de continuar.".into(),
                        "Attach the required files (marked with *) before continuing.".into(),
                    )));
                    return;
                }
                if accepted.get_untracked() {
                    on_review.run(attachments.get_untracked());
                }
            }>
                {move || i.t("REVISAR Y ENVIAR", "REVIEW AND SEND")}
            </button>
        </div>
    }
}
