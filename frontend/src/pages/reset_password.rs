use crate::api;
use crate::components::form::{ErrorSummary, FormState, Notice, PasswordRules, TextField};
use crate::components::layout::Page;
use crate::i18n::{Said, use_i18n};
use crate::pages::{FormMessage, fragment_param, show_error};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::accounts::PasswordResetRequest;
use portal_shared::i18n::web;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i = use_i18n();
    let token = fragment_param("token").unwrap_or_default();
    let has_token = !token.is_empty();
    let token = StoredValue::new(token);
    let password = RwSignal::new(String::new());
    let password_confirmation = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let done: FormMessage = RwSignal::new(None);
    let request = move || PasswordResetRequest {
        token: token.get_value(),
        password: password.get(),
        password_confirmation: password_confirmation.get(),
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        let body = untrack(request);
        spawn_local(async move {
            match api::reset_password(&body).await {
                Ok(accepted) => done.set(Some(Said::Accepted(accepted.code))),
                Err(error) => show_error(&error, form, message, None),
            }
            busy.set(false);
        });
    };
    view! {
        <Page title=web::new_password>
            <Show
                when=move || has_token
                fallback=move || view! {
                    <Notice kind="error">
                        <p>{move || i.text(web::the_link_has_no_code_copy)}</p>
                    </Notice>
                    <p><A href="/recuperar">{move || i.text(web::recover_your_account)}</A></p>
                }
            >
                <Show
                    when=move || done.get().is_none()
                    fallback=move || view! {
                        <Notice kind="success"><p>{move || done.get().map(|said| i.say(said))}</p></Notice>
                        <p><A href="/acceso" attr:class="button primary">{move || i.text(web::log_in)}</A></p>
                    }
                >
                    <ErrorSummary errors=form.summary()/>
                    {move || message.get().map(|said| view! {
                        <Notice kind="error">
                            <p>{i.say(said)}</p>
                            <p><A href="/recuperar">{move || i.text(web::ask_for_a_new_link)}</A></p>
                        </Notice>
                    })}
                    <form class="form narrow" novalidate=true on:submit=on_submit>
                        <TextField form=form field="password" label=web::new_password value=password input_type="password" autocomplete="new-password"/>
                        <PasswordRules value=password/>
                        <TextField form=form field="password_confirmation" label=web::confirm_the_new_password value=password_confirmation input_type="password" autocomplete="new-password"/>
                        <div class="actions">
                            <button type="submit" class="button primary" disabled=move || busy.get()>
                                {move || if busy.get() { i.text(web::working) } else { i.text(web::save_password) }}
                            </button>
                        </div>
                    </form>
                </Show>
            </Show>
        </Page>
    }
}
