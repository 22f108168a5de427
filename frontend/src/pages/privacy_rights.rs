//! Derechos ARCO from the account: download the data, delete the account.

use crate::api;
use crate::components::captcha::{Captcha, CaptchaField};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, Notice, TextField};
use crate::i18n::Said;
use crate::i18n::use_i18n;
use crate::pages::{FormMessage, show_error};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use portal_shared::accounts::DeleteAccountRequest;
use portal_shared::i18n::web;
use wasm_bindgen::JsCast;

/// Hands `text` to the browser as a file download.
fn save_file(name: &str, text: &str) -> Option<()> {
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

#[component]
pub fn PrivacyRights() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let downloading = RwSignal::new(false);
    let download_message: FormMessage = RwSignal::new(None);
    let download = move |_| {
        downloading.set(true);
        download_message.set(None);
        spawn_local(async move {
            match session
                .call(|token| async move { api::export_account(&token).await })
                .await
            {
                Ok(text) => {
                    if save_file("mis-datos.json", &text).is_none() {
                        download_message
                            .set(Some(Said::Text(web::the_browser_did_not_allow_saving)));
                    }
                }
                Err(error) => {
                    download_message.set(Some(error.said()));
                }
            }
            downloading.set(false);
        });
    };

    let password = RwSignal::new(String::new());
    let captcha = Captcha::new();
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let request = move || DeleteAccountRequest {
        password: password.get(),
        captcha: portal_shared::captcha::CaptchaAnswer {
            id: captcha.id.get(),
            answer: captcha.answer.get(),
        },
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let delete = Callback::new(move |()| {
        busy.set(true);
        let body = untrack(request);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::delete_account(&token, &body).await }
                })
                .await;
            match result {
                Ok(()) => {
                    session.clear();
                    navigate("/acceso", Default::default());
                }
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
    view! {
        <section class="panel" aria-labelledby="arco-heading">
            <h2 id="arco-heading">{move || i.text(web::your_personal_data)}</h2>
            <p>{move || i.text(web::you_can_download_all_the_data)}</p>
            {move || download_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
            <p>
                <button type="button" class="button primary" disabled=move || downloading.get() on:click=download>
                    {move || if downloading.get() { i.text(web::preparing) } else { i.text(web::download_my_data) }}
                </button>
            </p>
            <h3>{move || i.text(web::delete_my_account)}</h3>
            <p>{move || i.text(web::your_account_your_registered_documents_and)}</p>
            <ErrorSummary errors=form.summary()/>
            {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
            <form class="form narrow" novalidate=true on:submit=on_submit>
                <TextField form=form field="password" label=web::current_password value=password input_type="password" autocomplete="current-password"/>
                <CaptchaField form=form captcha=captcha/>
                <div class="actions">
                    <button type="submit" class="button cancel" disabled=move || busy.get()>
                        {move || if busy.get() { i.text(web::working) } else { i.text(web::delete_my_account_2) }}
                    </button>
                </div>
            </form>
            <ConfirmDialog
                open=confirm
                title=web::delete_account
                text=web::do_you_want_to_delete_your
                confirm=web::yes_delete
                on_confirm=delete
            />
        </section>
    }
}
