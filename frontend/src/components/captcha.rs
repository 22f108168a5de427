//! The captcha image with its refresh button and answer field.

use crate::api;
use crate::components::form::{FormState, TextField};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::i18n::web;

/// The current challenge and what was typed.
#[derive(Clone, Copy)]
pub struct Captcha {
    pub id: RwSignal<String>,
    pub image: RwSignal<Option<String>>,
    pub answer: RwSignal<String>,
    pub failed: RwSignal<bool>,
}

impl Captcha {
    pub fn new() -> Self {
        let captcha = Self {
            id: RwSignal::new(String::new()),
            image: RwSignal::new(None),
            answer: RwSignal::new(String::new()),
            failed: RwSignal::new(false),
        };
        captcha.reload();
        captcha
    }

    /// Fetches a new challenge and clears the answer.
    pub fn reload(self) {
        self.answer.set(String::new());
        self.image.set(None);
        spawn_local(async move {
            match api::captcha().await {
                Ok(challenge) => {
                    self.failed.set(false);
                    self.id.set(challenge.id);
                    self.image.set(Some(challenge.image_png_base64));
                }
                Err(_) => self.failed.set(true),
            }
        });
    }
}

#[component]
pub fn CaptchaField(form: FormState, captcha: Captcha) -> impl IntoView {
    let i = use_i18n();
    view! {
        <fieldset class="captcha">
            <legend>{move || i.text(web::verification)}</legend>
            <div class="captcha-image">
                {move || match captcha.image.get() {
                    Some(png) => view! {
                        <img
                            src=format!("data:image/png;base64,{png}")
                            alt=move || i.text(web::image_with_the_text_to_type)
                            width="200"
                            height="70"
                        />
                    }.into_any(),
                    None => view! {
                        <span class="captcha-loading">
                            {move || if captcha.failed.get() {
                                i.text(web::the_image_could_not_be_loaded)
                            } else {
                                i.text(web::loading)
                            }}
                        </span>
                    }.into_any(),
                }}
                <button
                    type="button"
                    class="icon-button"
                    on:click=move |_| captcha.reload()
                    title=move || i.text(web::show_another_image)
                    aria-label=move || i.text(web::show_another_image)
                >
                    "⟳"
                </button>
            </div>
            <TextField
                form=form
                field="captcha.answer"
                label=web::type_the_text_in_the_image
                value=captcha.answer
                max_length=16
            />
        </fieldset>
    }
}
