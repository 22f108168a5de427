//! The application (solicitud) of a procedure with appointment for the person of a
//! document: it gets its folio (número de pieza), then a time is chosen.

use crate::api;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, SelectOption, TextField, code_options,
};
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_shared::citas::{MexicanAddress, MigratoryStatus, StartApplicationRequest};
use portal_shared::codes::Choice;
use portal_shared::i18n::web;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Page title=web::request_an_appointment>
                <ApplicationForm/>
            </Page>
        </RequireLogin>
    }
}

fn migratory_status_label(
    status: MigratoryStatus,
    locale: portal_shared::i18n::Locale,
) -> &'static str {
    match status {
        MigratoryStatus::Visitor => web::status_visitor(locale),
        MigratoryStatus::TemporaryResident => web::status_temporary_resident(locale),
        MigratoryStatus::TemporaryResidentStudent => web::status_temporary_resident_student(locale),
        MigratoryStatus::PermanentResident => web::status_permanent_resident(locale),
    }
}

#[component]
fn ApplicationForm() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let document_id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let procedure = RwSignal::new(String::new());
    let migratory_status = RwSignal::new(String::new());
    let nue = RwSignal::new(String::new());
    let street = RwSignal::new(String::new());
    let exterior_number = RwSignal::new(String::new());
    let interior_number = RwSignal::new(String::new());
    let colonia = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(
        session
            .account
            .get_untracked()
            .map(|account| account.email)
            .unwrap_or_default(),
    );
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let document = StoredValue::new(document_id.clone());
    let request = move || StartApplicationRequest {
        document_id: document.get_value(),
        procedure: procedure.get(),
        migratory_status: Choice::from_code(&migratory_status.get()),
        nue: nue.get(),
        address: MexicanAddress {
            street: street.get(),
            exterior_number: exterior_number.get(),
            interior_number: interior_number.get(),
            colonia: colonia.get(),
            municipality: municipality.get(),
            state: state.get(),
            postal_code: postal_code.get(),
        },
        phone: phone.get(),
        email: email.get(),
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let catalog = portal_shared::citas::procedures();
    let procedure_options: Vec<SelectOption> = catalog
        .with_appointment
        .iter()
        .map(|p| SelectOption::data(p.code.clone(), p.name_es.clone(), p.name_en.clone()))
        .collect();
    let state_options: Vec<SelectOption> = portal_shared::catalogs::mexican_states()
        .iter()
        .map(|s| SelectOption::data(s.code.clone(), s.name.clone(), s.name.clone()))
        .collect();
    let chosen = move || portal_shared::citas::procedure(&procedure.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        let body = untrack(request);
        busy.set(true);
        message.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::start_application(&token, &body).await }
                })
                .await;
            busy.set(false);
            match result {
                Ok(application) => navigate(
                    &format!("/citas/solicitudes/{}/agendar", application.id),
                    Default::default(),
                ),
                Err(error) => show_error(&error, form, message, None),
            }
        });
    };
    view! {
        <p class="lead">{move || i.text(web::fill_the_application_of_the_procedure)}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <fieldset>
                <legend>{move || i.text(web::procedure)}</legend>
                <SelectField form=form field="procedure" label=web::procedure value=procedure options=procedure_options/>
                {move || chosen().map(|p| {
                    let lang = i.lang();
                    let bring = if lang == crate::i18n::Lang::En { p.bring_en.clone() } else { p.bring_es.clone() };
                    view! {
                        <div class="notice notice-info" role="status">
                            <p><strong>{i.text(web::what_to_bring)}</strong></p>
                            <ul>{bring.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
                <SelectField form=form field="migratory_status" label=web::current_migratory_status value=migratory_status options=code_options(MigratoryStatus::ALL, migratory_status_label)/>
                <TextField form=form field="nue" label=web::nue value=nue required=false hint=web::nue_hint max_length=10/>
            </fieldset>
            <fieldset>
                <legend>{move || i.text(web::address_in_mexico)}</legend>
                <div class="grid">
                    <TextField form=form field="address.street" label=web::street value=street autocomplete="address-line1" max_length=120/>
                    <TextField form=form field="address.exterior_number" label=web::exterior_number value=exterior_number max_length=20/>
                    <TextField form=form field="address.interior_number" label=web::interior_number value=interior_number required=false max_length=20/>
                    <TextField form=form field="address.colonia" label=web::colonia value=colonia max_length=120/>
                    <TextField form=form field="address.municipality" label=web::municipality value=municipality max_length=120/>
                    <SelectField form=form field="address.state" label=web::state value=state options=state_options/>
                    <TextField form=form field="address.postal_code" label=web::postal_code value=postal_code autocomplete="postal-code" max_length=5/>
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || i.text(web::contact)}</legend>
                <div class="grid">
                    <TextField form=form field="phone" label=web::phone_in_mexico value=phone input_type="tel" autocomplete="tel-national" max_length=10/>
                    <TextField form=form field="email" label=web::email value=email input_type="email" autocomplete="email" max_length=254/>
                </div>
            </fieldset>
            <details class="walk-in">
                <summary>{move || i.text(web::procedures_without_appointment)}</summary>
                <ul>
                    {move || {
                        let lang = i.lang();
                        catalog
                            .without_appointment
                            .iter()
                            .map(|p| view! { <li>{super::procedure_name(lang, &p.name_es, &p.name_en)}</li> })
                            .collect_view()
                    }}
                </ul>
            </details>
            <div class="actions">
                <A href=format!("/documentos/{document_id}/servicios") attr:class="button cancel">{move || i.text(web::cancel)}</A>
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.text(web::saving) } else { i.text(web::get_the_folio_and_choose_a_time) }}
                </button>
            </div>
        </form>
    }
}
