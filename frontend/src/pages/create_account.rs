use crate::api;
use crate::components::captcha::{Captcha, CaptchaField};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{
    ErrorSummary, FormState, Notice, PasswordRules, SelectField, TextField, calling_code_options,
    code_options, country_options,
};
use crate::components::layout::Page;
use crate::i18n::{Said, use_i18n};
use crate::pages::{FormMessage, show_error, today};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::accounts::CreateAccountRequest;
use portal_shared::catalogs::Sex;
use portal_shared::i18n::web;

#[component]
pub fn CreateAccountPage() -> impl IntoView {
    let i = use_i18n();
    let given_names = RwSignal::new(String::new());
    let surnames = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let nationality = RwSignal::new(String::new());
    let sex = RwSignal::new(String::new());
    let phone_country_code = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let email_confirmation = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let captcha = Captcha::new();
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let done: FormMessage = RwSignal::new(None);

    let request = move || CreateAccountRequest {
        given_names: given_names.get(),
        surnames: surnames.get(),
        birth_date: portal_shared::dates::parse_form_date(&birth_date.get()),
        nationality: nationality.get(),
        sex: sex.get().as_str().into(),
        phone_country_code: phone_country_code.get(),
        phone: phone.get(),
        email: email.get(),
        email_confirmation: email_confirmation.get(),
        password: password.get(),
        password_confirmation: password_confirmation.get(),
        captcha: portal_shared::captcha::CaptchaAnswer {
            id: captcha.id.get(),
            answer: captcha.answer.get(),
        },
    };
    let form = FormState::new(move || request().check(today()).err().unwrap_or_default());

    let send = Callback::new(move |()| {
        busy.set(true);
        message.set(None);
        let body = untrack(request);
        spawn_local(async move {
            match api::create_account(&body).await {
                Ok(accepted) => done.set(Some(Said::Accepted(accepted.code))),
                Err(error) => show_error(&error, form, message, Some(captcha)),
            }
            busy.set(false);
        });
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        confirm.set(true);
    };

    let countries = country_options();
    let calling_codes = calling_code_options();
    let sexes = code_options(Sex::ALL, Sex::label);

    view! {
        <Page title=web::create_an_account>
            <Show
                when=move || done.get().is_none()
                fallback=move || view! {
                    <Notice kind="success">
                        <p>{move || done.get().map(|said| i.say(said))}</p>
                    </Notice>
                    <p><A href="/acceso">{move || i.text(web::go_to_log_in)}</A></p>
                }
            >
                <p class="lead">
                    {move || i.text(web::fields_with_an_asterisk_are_required)}
                </p>
                <ErrorSummary errors=form.summary()/>
                {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <form class="form" novalidate=true on:submit=on_submit>
                    <div class="grid">
                        <TextField form=form field="given_names" label=web::given_name_s value=given_names autocomplete="given-name" max_length=100/>
                        <TextField form=form field="surnames" label=web::surname_s value=surnames autocomplete="family-name" max_length=100/>
                        <TextField form=form field="birth_date" label=web::date_of_birth value=birth_date input_type="date" autocomplete="bday"
                            hint=web::you_must_be_18_or_older/>
                        <SelectField form=form field="nationality" label=web::nationality value=nationality options=countries.clone()/>
                        <SelectField form=form field="sex" label=web::sex value=sex options=sexes.clone()/>
                        <SelectField form=form field="phone_country_code" label=web::country_calling_code value=phone_country_code options=calling_codes.clone()/>
                        <TextField form=form field="phone" label=web::phone_number value=phone input_type="tel" autocomplete="tel-national" max_length=15
                            hint=web::digits_only/>
                        <TextField form=form field="email" label=web::email value=email input_type="email" autocomplete="email"/>
                        <TextField form=form field="email_confirmation" label=web::confirm_your_email value=email_confirmation input_type="email" autocomplete="off"/>
                        <div class="field-group">
                            <TextField form=form field="password" label=web::password value=password input_type="password" autocomplete="new-password"/>
                            <PasswordRules value=password/>
                        </div>
                        <TextField form=form field="password_confirmation" label=web::confirm_your_password value=password_confirmation input_type="password" autocomplete="new-password"/>
                    </div>
                    <CaptchaField form=form captcha=captcha/>
                    <div class="actions">
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            {move || if busy.get() { i.text(web::working) } else { i.text(web::create_account) }}
                        </button>
                        <A href="/acceso" attr:class="button cancel">{move || i.text(web::cancel)}</A>
                    </div>
                </form>
                <ConfirmDialog
                    open=confirm
                    title=web::confirm_your_details
                    text=web::your_personal_details_cannot_be_changed
                    confirm=web::yes_create_account
                    on_confirm=send
                />
            </Show>
        </Page>
    }
}
