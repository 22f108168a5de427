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
use portal_shared::sessions::{LoginRequest, SecondFactorChallenge, SecondFactorRequest};
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
    // Staff: the second step after a right password, then (once) the recovery codes.
    let challenge = RwSignal::new(None::<SecondFactorChallenge>);
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
                Ok(api::LoginOutcome::Session(token)) => {
                    session.start(token.access_token).await;
                    navigate(session.home_path(), Default::default());
                }
                Ok(api::LoginOutcome::SecondFactor(next)) => {
                    password.set(String::new());
                    challenge.set(Some(next));
                }
                Err(error) => {
                    not_activated.set(error.code() == Some(ErrorCode::AccountNotActivated));
                    show_error(&error, form, message, None);
                }
            }
            busy.set(false);
        });
    };

    let password_step = move || {
        let on_submit = on_submit.clone();
        view! {
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
        }
    };

    view! {
        <Page title=web::log_in_2>
            {move || match challenge.get() {
                None => password_step().into_any(),
                Some(open) => view! {
                    <SecondFactorStep
                        open=open
                        on_restart=move |said| {
                            message.set(said);
                            challenge.set(None);
                        }
                    />
                }
                .into_any(),
            }}
        </Page>
    }
}

/// The staff's second step: set up the authenticator app (first login) and type its
/// code, or a recovery code; after a first set-up, the recovery codes, shown once.
#[component]
fn SecondFactorStep(
    open: SecondFactorChallenge,
    /// Back to the password, with what to tell (the challenge expired).
    on_restart: impl Fn(Option<crate::i18n::Said>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let recovery_codes = RwSignal::new(Vec::<String>::new());
    let form = FormState::new(move || {
        let mut errors = FieldErrors::new();
        errors.check_required("code", &code.get());
        errors.into_vec()
    });
    let enrollment = open.enrollment.clone();
    let challenge = open.challenge.clone();
    let finish = {
        let navigate = navigate.clone();
        move || navigate(session.home_path(), Default::default())
    };
    let on_submit = {
        let finish = finish.clone();
        move |ev: leptos::ev::SubmitEvent| {
            if !form.try_submit(&ev, busy) {
                return;
            }
            busy.set(true);
            message.set(None);
            let request = SecondFactorRequest {
                challenge: challenge.clone(),
                code: code.get_untracked(),
            };
            let finish = finish.clone();
            spawn_local(async move {
                match api::second_factor(&request).await {
                    Ok(staff) => {
                        session.start(staff.access_token).await;
                        if staff.recovery_codes.is_empty() {
                            finish();
                        } else {
                            recovery_codes.set(staff.recovery_codes);
                        }
                    }
                    Err(error) if error.code() == Some(ErrorCode::LoginChallengeExpired) => {
                        on_restart(Some(error.said()));
                    }
                    Err(error) => {
                        code.set(String::new());
                        show_error(&error, form, message, None);
                    }
                }
                busy.set(false);
            });
        }
    };

    let code_step = move || {
        let enrollment = enrollment.clone();
        let on_submit = on_submit.clone();
        view! {
            <h2>{move || i.text(web::two_step_verification)}</h2>
            {enrollment.map(|enrollment| view! {
                <div class="enrollment">
                    <p>{move || i.text(web::set_up_your_authenticator_app)}</p>
                    <img class="enrollment-qr" src=enrollment.qr_code alt=move || i.text(web::qr_code_for_your_authenticator_app) width="200" height="200"/>
                    <p>
                        {move || i.text(web::or_type_this_key)}" "
                        <code id="authenticator-key" class="authenticator-key">{enrollment.secret}</code>
                    </p>
                </div>
            })}
            <p class="lead">{move || i.text(web::type_the_code_your_authenticator_app_shows)}</p>
            <ErrorSummary errors=form.summary()/>
            {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
            <form class="form narrow" novalidate=true on:submit=on_submit>
                <TextField form=form field="code" label=web::verification_code value=code autocomplete="one-time-code" max_length=20/>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {move || if busy.get() { i.text(web::working) } else { i.text(web::verify) }}
                    </button>
                    <button type="button" class="button" on:click=move |_| on_restart(None)>
                        {move || i.text(web::type_the_password_again)}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        {move || if recovery_codes.get().is_empty() {
            code_step().into_any()
        } else {
            let finish = finish.clone();
            view! {
                <h2>{move || i.text(web::save_your_recovery_codes)}</h2>
                <Notice kind="info"><p>{move || i.text(web::recovery_codes_explained)}</p></Notice>
                <ol class="recovery-codes" id="recovery-codes">
                    {recovery_codes.get().into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ol>
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| finish()>
                        {move || i.text(web::i_saved_them_continue)}
                    </button>
                </div>
            }
            .into_any()
        }}
    }
}
