//! Confirmation before an irreversible step.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portal_shared::i18n::web;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title_es: &'static str,
    title_en: &'static str,
    text_es: &'static str,
    text_en: &'static str,
    confirm_es: &'static str,
    confirm_en: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <h2 id="dialog-title">{move || i.t(title_es, title_en)}</h2>
                    <p>{move || i.t(text_es, text_en)}</p>
                    <div class="actions">
                        <button
                            type="button"
                            class="button primary"
                            autofocus=true
                            on:click=move |_| {
                                open.set(false);
                                on_confirm.run(());
                            }
                        >
                            {move || i.t(confirm_es, confirm_en)}
                        </button>
                        <button type="button" class="button cancel" on:click=move |_| open.set(false)>
                            {move || i.text(web::cancel)}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
