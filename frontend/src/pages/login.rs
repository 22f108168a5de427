use crate::api;
use crate::components::form::{ErrorSummary, FormState, Notice, TextField};
use crate::components::layout::Page;
use crate::i18n::use_i18n;
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_shared::ErrorCode;
use portal_shared::i18n::web;
use portal_shared::sessions::LoginRequest;
use portal_shared::validation::FieldErrors;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let not_activated = RwSignal::new(false);
    let form = FormState::new(move || {
        let mut errors = FieldErrors::new();
        errors.check_required("email", &email.get());
        errors.check_required("password", &password.get());
        errors.into_vec()
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        message.set(None);
        not_activated.set(false);
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&request).await {
                Ok(token) => {
                    session.start(token.access_token).await;
                    navigate(session.home_path(), Default::default());
                }
                Err(error) => {
                    not_activated.set(error.code() == Some(ErrorCode::AccountNotActivated));
                    show_error(&error, form, message, None);
                }
            }
            busy.set(false);
        });
    };

    view! {
        <Page title=web::log_in_2>
            <p class="lead">
                {move || i.text(web::log_in_with_the_email_address)}
            </p>
            <ErrorSummary errors=form.summary()/>
            {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
            <Show when=move || not_activated.get()>
                <p class="resend">
                    <A href="/recuperar?tipo=activacion">
                        {move || i.text(web::send_the_activation_link_again)}
                    </A>
                </p>
            </Show>
            <form class="form narrow" novalidate=true on:submit=on_submit>
                <TextField form=form field="email" label=web::email value=email input_type="email" autocomplete="username"/>
                <TextField form=form field="password" label=web::password value=password input_type="password" autocomplete="current-password"/>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {move || if busy.get() { i.text(web::working) } else { i.text(web::log_in) }}
                    </button>
                </div>
            </form>
            <ul class="links">
                <li><A href="/crear-cuenta">{move || i.text(web::no_account_yet_create_one)}</A></li>
                <li><A href="/recuperar">{move || i.text(web::forgot_your_password_recover_your_account)}</A></li>
            </ul>
        </Page>
    }
}
