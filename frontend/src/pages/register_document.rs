//! Registro de Documento de Viaje (typed by the traveler).

use crate::api;
use crate::components::captcha::{Captcha, CaptchaField};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{
    ErrorSummary, FormState, Notice, SelectField, TextField, code_options, country_options,
};
use crate::components::layout::{Page, RequireLogin};
use crate::components::passport_capture::PassportCapture;
use crate::i18n::Lang;
use crate::i18n::use_i18n;
use crate::pages::{FormMessage, show_error, today};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::catalogs::Sex;
use portal_shared::documents::{
    Classification, DocumentType, RegisterDocumentRequest, Relationship, ScanResult, ScannedField,
};
use portal_shared::i18n::web;

use portal_shared::dates::parse_form_date as date;

#[component]
pub fn RegisterDocumentPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <RegisterDocumentForm/>
        </RequireLogin>
    }
}

#[component]
fn RegisterDocumentForm() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let relationship = RwSignal::new(String::new());
    let given_names = RwSignal::new(String::new());
    let surnames = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let birth_country = RwSignal::new(String::new());
    let sex = RwSignal::new(String::new());
    let nationality = RwSignal::new(String::new());
    let document_type = RwSignal::new("passport".to_owned());
    let classification = RwSignal::new(String::new());
    let issuing_country = RwSignal::new(String::new());
    let document_number = RwSignal::new(String::new());
    let document_number_confirmation = RwSignal::new(String::new());
    let issue_date = RwSignal::new(String::new());
    let issue_date_confirmation = RwSignal::new(String::new());
    let expiry_date = RwSignal::new(String::new());
    let expiry_date_confirmation = RwSignal::new(String::new());
    let captcha = Captcha::new();
    let scan_id: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);

    let request = move || RegisterDocumentRequest {
        relationship: relationship.get().as_str().into(),
        given_names: given_names.get(),
        surnames: surnames.get(),
        birth_date: date(&birth_date.get()),
        birth_country: birth_country.get(),
        sex: sex.get().as_str().into(),
        nationality: nationality.get(),
        document_type: document_type.get().as_str().into(),
        classification: classification.get().as_str().into(),
        issuing_country: issuing_country.get(),
        document_number: document_number.get(),
        document_number_confirmation: document_number_confirmation.get(),
        issue_date: date(&issue_date.get()),
        issue_date_confirmation: date(&issue_date_confirmation.get()),
        expiry_date: date(&expiry_date.get()),
        expiry_date_confirmation: date(&expiry_date_confirmation.get()),
        scan_id: scan_id.get(),
        captcha: portal_shared::captcha::CaptchaAnswer {
            id: captcha.id.get(),
            answer: captcha.answer.get(),
        },
    };
    let form = FormState::new(move || request().check(today()).err().unwrap_or_default());
    // Fields the scan could not confirm with a check digit, named for the traveler.
    let to_verify: RwSignal<Vec<&'static str>> = RwSignal::new(Vec::new());
    let fill_from_scan = Callback::new(move |read: ScanResult| {
        scan_id.set(Some(read.scan_id.clone()));
        let mut doubtful = Vec::new();
        let mut apply = |field: &ScannedField, target: RwSignal<String>, label: &'static str| {
            if let Some(value) = &field.value {
                target.set(value.clone());
                form.touch(label);
            }
            if field.value.is_none() || field.check_digit_passed == Some(false) || field.corrected {
                doubtful.push(label);
            }
        };
        apply(&read.surnames, surnames, "surnames");
        apply(&read.given_names, given_names, "given_names");
        apply(&read.birth_date, birth_date, "birth_date");
        apply(&read.sex, sex, "sex");
        apply(&read.nationality, nationality, "nationality");
        apply(&read.issuing_country, issuing_country, "issuing_country");
        apply(&read.document_number, document_number, "document_number");
        apply(&read.expiry_date, expiry_date, "expiry_date");
        apply(&read.classification, classification, "classification");
        let labels: Vec<&'static str> = doubtful
            .into_iter()
            .map(|field| {
                let label: fn(Lang) -> &'static str = match field {
                    "surnames" => web::field_surnames,
                    "given_names" => web::field_given_names,
                    "birth_date" => web::field_birth_date,
                    "sex" => web::field_sex,
                    "nationality" => web::field_nationality,
                    "issuing_country" => web::field_issuing_country,
                    "document_number" => web::field_document_number,
                    "expiry_date" => web::field_expiry_date,
                    _ => web::field_classification,
                };
                label(i.lang())
            })
            .collect();
        to_verify.set(labels);
    });
    let send = Callback::new(move |()| {
        busy.set(true);
        message.set(None);
        let body = untrack(request);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::register_document(&token, &body).await }
                })
                .await;
            match result {
                Ok(document) => done.set(Some(document.id)),
                Err(error) => show_error(&error, form, message, Some(captcha)),
            }
            busy.set(false);
        });
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if form.try_submit(&ev, busy) {
            confirm.set(true);
        }
    };
    let countries = country_options();
    let sexes = code_options(Sex::ALL, Sex::label);

    view! {
        <Page title=web::travel_document_registration>
            <Show
                when=move || done.get().is_none()
                fallback=move || view! {
                    <Notice kind="success">
                        <p>{move || i.text(web::the_document_has_been_registered)}</p>
                    </Notice>
                    <p class="actions">
                        <A href=move || format!("/documentos/{}/servicios", done.get().unwrap_or_default()) attr:class="button primary">
                            {move || i.text(web::start_services)}
                        </A>
                        <A href="/documentos">{move || i.text(web::see_my_documents)}</A>
                    </p>
                }
            >
                <p class="lead">{move || i.text(web::type_the_data_exactly_as_printed)}</p>
                <PassportCapture on_read=fill_from_scan/>
                {move || (!to_verify.get().is_empty()).then(|| view! {
                    <Notice kind="info">
                        <p>
                            {move || i.text(web::check_carefully)}
                            {move || to_verify.get().join(", ")}
                        </p>
                    </Notice>
                })}
                <ErrorSummary errors=form.summary()/>
                {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <form class="form" novalidate=true on:submit=on_submit>
                    <div class="grid">
                        <SelectField form=form field="relationship" label=web::relationship value=relationship options=code_options(Relationship::ALL, Relationship::label)/>
                        <SelectField form=form field="document_type" label=web::document_type value=document_type options=code_options(DocumentType::ALL, DocumentType::label)/>
                        <TextField form=form field="given_names" label=web::given_name_s value=given_names max_length=100/>
                        <TextField form=form field="surnames" label=web::surname_s value=surnames max_length=100/>
                        <TextField form=form field="birth_date" label=web::date_of_birth value=birth_date input_type="date"/>
                        <SelectField form=form field="birth_country" label=web::country_of_birth value=birth_country options=countries.clone()/>
                        <SelectField form=form field="sex" label=web::sex value=sex options=sexes.clone()/>
                        <SelectField form=form field="nationality" label=web::nationality value=nationality options=countries.clone()/>
                        <SelectField form=form field="classification" label=web::classification value=classification options=code_options(Classification::ALL, Classification::label)/>
                        <SelectField form=form field="issuing_country" label=web::issuing_country value=issuing_country options=countries.clone()/>
                        <TextField form=form field="document_number" label=web::document_number value=document_number max_length=20/>
                        <TextField form=form field="document_number_confirmation" label=web::confirm_the_document_number value=document_number_confirmation max_length=20/>
                        <TextField form=form field="issue_date" label=web::issue_date value=issue_date input_type="date"/>
                        <TextField form=form field="issue_date_confirmation" label=web::confirm_the_issue_date value=issue_date_confirmation input_type="date"/>
                        <TextField form=form field="expiry_date" label=web::expiry_date value=expiry_date input_type="date"
                            hint=web::must_remain_valid_for_at_least/>
                        <TextField form=form field="expiry_date_confirmation" label=web::confirm_the_expiry_date value=expiry_date_confirmation input_type="date"/>
                    </div>
                    <CaptchaField form=form captcha=captcha/>
                    <div class="actions">
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            {move || if busy.get() { i.text(web::working) } else { i.text(web::register) }}
                        </button>
                        <A href="/documentos" attr:class="button cancel">{move || i.text(web::cancel)}</A>
                    </div>
                </form>
                <ConfirmDialog
                    open=confirm
                    title=web::confirm_the_registration
                    text=web::the_document_data_cannot_be_changed
                    confirm=web::yes_register
                    on_confirm=send
                />
            </Show>
        </Page>
    }
}
