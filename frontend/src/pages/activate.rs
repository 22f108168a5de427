use crate::api;
use crate::components::form::Notice;
use crate::components::layout::Page;
use crate::i18n::Lang;
use crate::i18n::use_i18n;
use crate::pages::fragment_param;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::i18n::web;

#[derive(Clone, PartialEq)]
enum Outcome {
    Working,
    Done(String, String),
    Failed(String, String),
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    let i = use_i18n();
    let outcome = RwSignal::new(Outcome::Working);
    match fragment_param("token") {
        None => outcome.set(Outcome::Failed(
            web::activation_link_without_code(Lang::Es).into(),
            web::activation_link_without_code(Lang::En).into(),
        )),
        Some(token) => spawn_local(async move {
            match api::activate_account(token).await {
                Ok(done) => outcome.set(Outcome::Done(done.message, done.message_en)),
                Err(error) => {
                    let body = error.body();
                    outcome.set(Outcome::Failed(body.message, body.message_en));
                }
            }
        }),
    }
    view! {
        <Page title=web::account_activation>
            {move || match outcome.get() {
                Outcome::Working => view! {
                    <p class="loading" role="status">{move || i.text(web::activating_your_account)}</p>
                }.into_any(),
                Outcome::Done(es, en) => view! {
                    <Notice kind="success"><p>{i.pick(&es, &en)}</p></Notice>
                    <p><A href="/acceso" attr:class="button primary">{move || i.text(web::log_in)}</A></p>
                }.into_any(),
                Outcome::Failed(es, en) => view! {
                    <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice>
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
