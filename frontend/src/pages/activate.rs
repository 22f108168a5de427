use crate::api;
use crate::components::form::Notice;
use crate::components::layout::Page;
use crate::i18n::Said;
use crate::i18n::use_i18n;
use crate::pages::fragment_param;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::i18n::web;

#[derive(Clone, Copy)]
enum Outcome {
    Working,
    Done(Said),
    Failed(Said),
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    let i = use_i18n();
    let outcome = RwSignal::new(Outcome::Working);
    match fragment_param("token") {
        None => outcome.set(Outcome::Failed(Said::Text(
            web::activation_link_without_code,
        ))),
        Some(token) => spawn_local(async move {
            match api::activate_account(token).await {
                Ok(done) => outcome.set(Outcome::Done(Said::Accepted(done.code))),
                Err(error) => outcome.set(Outcome::Failed(error.said())),
            }
        }),
    }
    view! {
        <Page title=web::account_activation>
            {move || match outcome.get() {
                Outcome::Working => view! {
                    <p class="loading" role="status">{move || i.text(web::activating_your_account)}</p>
                }.into_any(),
                Outcome::Done(said) => view! {
                    <Notice kind="success"><p>{i.say(said)}</p></Notice>
                    <p><A href="/acceso" attr:class="button primary">{move || i.text(web::log_in)}</A></p>
                }.into_any(),
                Outcome::Failed(said) => view! {
                    <Notice kind="error"><p>{i.say(said)}</p></Notice>
                    <p>
                        <A href="/recuperar?tipo=activacion">
                            {move || i.text(web::ask_for_a_new_activation_link)}
                        </A>
                    </p>
                }.into_any(),
            }}
        </Page>
    }
}
