//! Pre-Registro of one document: the variant asked the first time, the stepper, step 1
//! (Información del Viaje), step 2 (Información Adicional), step 3 (Control Migratorio) and
//! step 4's attachments, each saved on the server so a reload resumes where the traveler
//! left off.

use crate::api;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, SelectOption, TextField, calling_code_options,
    code_options,
};
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Said, use_i18n};
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_shared::dates::mexico_today;
use portal_shared::i18n::web;
use portal_shared::preregistrations::{
    ATTACHMENT_KINDS, AdditionalInformation, AttachmentKind, EntryMode, ExitType,
    MAX_ATTACHMENT_BYTES, MigrationControl, Preregistration, StartPreregistrationRequest,
    TripInformation, Variant, airlines, control_questions, entry_points, mexican_states,
    short_notice, trip_reasons, trip_specifications,
};

use portal_shared::dates::parse_form_date as date;
use portal_shared::{Choice, FieldErrorCode};

mod additional;
mod attachments;
mod control;
mod trip;
mod variant;

use additional::AdditionalStep;
use attachments::AttachmentsStep;
use control::ControlStep;
use trip::TripStep;
use variant::VariantChoice;

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
    Failed(Said),
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
                    if error.fields().iter().any(|f| f.field == "variant") {
                        Loaded::NeedsVariant
                    } else {
                        Loaded::Failed(error.first_said())
                    }
                }
            });
        });
    }
    let document_id = StoredValue::new(document_id);
    view! {
        <Page title=web::pre_registro_pre_registration>
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Loaded::Failed(said) => view! {
                    <Notice kind="error"><p>{i.say(said)}</p></Notice>
                    <p><A href="/documentos">{move || i.text(web::back_to_my_documents)}</A></p>
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
        web::trip_information_2,
        web::additional_information_2,
        web::step_migration_control,
        web::step_finish_registration,
        web::registration_history_2,
    ];
    view! {
        <ol class="stepper" aria-label=move || i.text(web::pre_registro_steps)>
            {steps
                .into_iter()
                .enumerate()
                .map(|(index, name)| {
                    let is_current = move || current.get() == index + 1;
                    view! {
                        <li class:step-current=is_current aria-current=move || is_current().then_some("step")>
                            <span class="step-number">{index + 1}</span>
                            <span class="step-name">{move || i.text(name)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
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
                {move || if busy.get() { i.text(web::saving) } else { i.text(web::next) }}
            </button>
            {on_back.map(|back| view! {
                <button type="button" class="button secondary" on:click=move |_| back.run(())>
                    {move || i.text(web::back)}
                </button>
            })}
            <A href="/documentos" attr:class="button cancel">{move || i.text(web::cancel)}</A>
        </div>
    }
}

/// What every step of the wizard saves with: its session, form, busy flag, message line,
/// draft and where the saved draft goes.
#[derive(Clone, Copy)]
struct Step {
    session: crate::session::Session,
    form: FormState,
    busy: RwSignal<bool>,
    message: FormMessage,
    draft_id: StoredValue<String>,
    on_saved: Callback<Preregistration>,
}

/// Submits a step's form: checked in the browser first (errors shown, nothing sent), then
/// `request()` is saved with `send(token, draft id, body)`. The saved draft goes to
/// `on_saved`, field errors next to their fields, anything else above the form.
fn submit_step<T, F, Fut>(
    ev: &leptos::ev::SubmitEvent,
    step: Step,
    request: impl Fn() -> T,
    send: F,
) where
    T: Clone + 'static,
    F: Fn(String, String, T) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Preregistration, crate::api::ApiError>>,
{
    if !step.form.try_submit(ev, step.busy) {
        return;
    }
    let body = untrack(request);
    let id = step.draft_id.get_value();
    step.busy.set(true);
    step.message.set(None);
    spawn_local(async move {
        let result = step
            .session
            .call(|token| send(token, id.clone(), body.clone()))
            .await;
        step.busy.set(false);
        match result {
            Ok(draft) => {
                step.form.server.set(Vec::new());
                step.on_saved.run(draft);
            }
            Err(error) => show_error(&error, step.form, step.message, None),
        }
    });
}
