use crate::api;
use crate::components::captcha::{Captcha, CaptchaField};
use crate::components::form::{ErrorSummary, FormState, Notice, TextField};
use crate::components::layout::Page;
use crate::i18n::use_i18n;
use crate::i18n::{Lang, Said};
use crate::pages::{FormMessage, show_error};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_shared::accounts::{RecoveryKind, RecoveryRequest};
use portal_shared::i18n::web;

#[component]
pub fn RecoverPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let initial = if query.read_untracked().get("tipo").as_deref() == Some("activacion") {
        RecoveryKind::ResendActivation
    } else {
        RecoveryKind::PasswordReset
    };
    let kind = RwSignal::new(initial);
    let email = RwSignal::new(String::new());
    let captcha = Captcha::new();
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let done: FormMessage = RwSignal::new(None);
    let request = move || RecoveryRequest {
        kind: kind.get(),
        email: email.get(),
        captcha: portal_shared::captcha::CaptchaAnswer {
            id: captcha.id.get(),
            answer: captcha.answer.get(),
        },
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        message.set(None);
        let body = untrack(request);
        spawn_local(async move {
            match api::request_recovery(&body).await {
                Ok(accepted) => done.set(Some(Said::Accepted(accepted.code))),
                Err(error) => show_error(&error, form, message, Some(captcha)),
            }
            busy.set(false);
        });
    };
    let option = move |value: RecoveryKind, id: &'static str, label: fn(Lang) -> &'static str| {
        view! {
            <div class="radio">
                <input
                    type="radio"
                    id=id
                    name="kind"
                    prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value)
                />
                <label for=id>{move || i.text(label)}</label>
            </div>
        }
    };
    view! {
        <Page title=web::recover_your_account>
            <Show
                when=move || done.get().is_none()
                fallback=move || view! {
                    <Notice kind="success"><p>{move || done.get().map(|said| i.say(said))}</p></Notice>
                    <p><A href="/acceso">{move || i.text(web::go_to_log_in)}</A></p>
                }
            >
                <ErrorSummary errors=form.summary()/>
                {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <form class="form narrow" novalidate=true on:submit=on_submit>
                    <fieldset>
                        <legend>{move || i.text(web::what_do_you_need)}</legend>
                        {option(RecoveryKind::PasswordReset, "kind-reset", web::reset_my_password)}
                        {option(RecoveryKind::ResendActivation, "kind-activation", web::receive_the_activation_link_again)}
                    </fieldset>
                    <TextField form=form field="email" label=web::email_of_the_account value=email input_type="email" autocomplete="email"/>
                    <CaptchaField form=form captcha=captcha/>
                    <div class="actions">
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            {move || if busy.get() { i.text(web::working) } else { i.text(web::send) }}
                        </button>
                        <A href="/acceso" attr:class="button cancel">{move || i.text(web::cancel)}</A>
                    </div>
                </form>
            </Show>
        </Page>
    }
}
