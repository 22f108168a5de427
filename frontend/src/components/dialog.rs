//! Confirmation before an irreversible step.

use crate::i18n::{Lang, use_i18n};
use leptos::prelude::*;
use portal_shared::i18n::web;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: fn(Lang) -> &'static str,
    text: fn(Lang) -> &'static str,
    confirm: fn(Lang) -> &'static str,
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
                    <h2 id="dialog-title">{move || i.text(title)}</h2>
                    <p>{move || i.text(text)}</p>
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
                            {move || i.text(confirm)}
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
