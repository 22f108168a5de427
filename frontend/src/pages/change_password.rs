use crate::api;
use crate::components::captcha::{Captcha, CaptchaField};
use crate::components::form::{ErrorSummary, FormState, Notice, PasswordRules, TextField};
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Said, use_i18n};
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::accounts::ChangePasswordRequest;
use portal_shared::i18n::web;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let current_password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let new_password_confirmation = RwSignal::new(String::new());
    let captcha = Captcha::new();
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let done: FormMessage = RwSignal::new(None);
    let request = move || ChangePasswordRequest {
        current_password: current_password.get(),
        new_password: new_password.get(),
        new_password_confirmation: new_password_confirmation.get(),
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
        done.set(None);
        let body = untrack(request);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::change_password(&token, &body).await }
                })
                .await;
            match result {
                Ok(accepted) => {
                    done.set(Some(Said::Accepted(accepted.code)));
                    current_password.set(String::new());
                    new_password.set(String::new());
                    new_password_confirmation.set(String::new());
                    form.submitted.set(false);
                    captcha.reload();
                }
                Err(error) => show_error(&error, form, message, Some(captcha)),
            }
            busy.set(false);
        });
    };
    view! {
        <RequireLogin>
            <Page title=web::change_password_2>
                {move || done.get().map(|said| view! { <Notice kind="success"><p>{i.say(said)}</p></Notice> })}
                <ErrorSummary errors=form.summary()/>
                {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <form class="form narrow" novalidate=true on:submit=on_submit>
                    <TextField form=form field="current_password" label=web::current_password value=current_password input_type="password" autocomplete="current-password"/>
                    <TextField form=form field="new_password" label=web::new_password value=new_password input_type="password" autocomplete="new-password"/>
                    <PasswordRules value=new_password/>
                    <TextField form=form field="new_password_confirmation" label=web::confirm_the_new_password value=new_password_confirmation input_type="password" autocomplete="new-password"/>
                    <CaptchaField form=form captcha=captcha/>
                    <div class="actions">
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            {move || if busy.get() { i.text(web::working) } else { i.text(web::change_password) }}
                        </button>
                    </div>
                </form>
            </Page>
        </RequireLogin>
    }
}
