//! CAPTURAR DOCUMENTO: choose a photo of the passport page (CARGAR IMAGEN), send it to be
//! read (VALIDAR DOCUMENTO), and hand what was read to the form.

use crate::api;
use crate::components::form::Notice;
use crate::i18n::use_i18n;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::documents::{MAX_SCAN_BYTES, ScanResult};
use wasm_bindgen::JsCast;

#[component]
pub fn PassportCapture(on_read: Callback<ScanResult>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let chosen = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<(String, String, &'static str)>);

    let selected_file = move || -> Option<web_sys::File> {
        let input: web_sys::HtmlInputElement = file_input.get_untracked()?.dyn_into().ok()?;
        input.files()?.get(0)
    };
    let on_change = move |_| {
        message.set(None);
        chosen.set(selected_file().map(|f| f.name()));
    };
    let validate = move |_| {
        let Some(file) = selected_file() else {
            message.set(Some((
                "Primero elija una imagen del pasaporte.".into(),
                "First choose a picture of the passport.".into(),
                "error",
            )));
            return;
        };
        if file.size() > MAX_SCAN_BYTES as f64 {
            message.set(Some((
                "La imagen pesa más de 2 MB. Elija una más ligera.".into(),
                "The image is larger than 2 MB. Choose a lighter one.".into(),
                "error",
            )));
            return;
        }
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let file = file.clone();
                    async move { api::scan_document(&token, &file).await }
                })
                .await;
            match result {
                Ok(read) => {
                    let complete = read.fully_valid;
                    on_read.run(read);
                    message.set(Some(if complete {
                        (
                            "Se leyeron los datos del pasaporte. Revíselos, complete los faltantes y confirme.".into(),
                            "The passport data was read. Check it, fill in what is missing and confirm.".into(),
                            "success",
                        )
                    } else {
                        (
                            "Se leyó parte de los datos. Revise con cuidado los campos marcados ⚠ y escriba los faltantes.".into(),
                            "Part of the data was read. Check the fields marked ⚠ carefully and type what is missing.".into(),
                            "info",
                        )
                    }));
                }
                Err(error) => {
                    let body = error.body();
                    let (es, en) = body
                        .fields
                        .first()
                        .map(|f| (f.message.clone(), f.message_en.clone()))
                        .unwrap_or((body.message, body.message_en));
                    message.set(Some((es, en, "error")));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel capture" aria-labelledby="capture-heading">
            <h2 id="capture-heading">{move || i.t("Capturar documento", "Capture the document")}</h2>
            <p class="hint">{move || i.t(
                "Elija una foto de la página de datos del pasaporte (PNG, JPG o JPEG, máximo 2 MB) con las dos líneas de la zona de lectura mecánica visibles. Los datos leídos llenarán el formulario.",
                "Choose a photo of the passport's data page (PNG, JPG or JPEG, at most 2 MB) with the two lines of the machine readable zone visible. What is read fills the form.",
            )}</p>
            <div class="capture-actions">
                <label class="button secondary" for="passport-image">{move || i.t("CARGAR IMAGEN", "UPLOAD IMAGE")}</label>
                <input
                    id="passport-image"
                    class="visually-hidden"
                    type="file"
                    accept="image/png,image/jpeg"
                    node_ref=file_input
                    on:change=on_change
                />
                <span class="file-name">{move || chosen.get().unwrap_or_else(|| i.t("Ninguna imagen elegida", "No image chosen").to_owned())}</span>
                <button type="button" class="button primary" disabled=move || busy.get() on:click=validate>
                    {move || if busy.get() { i.t("LEYENDO EL PASAPORTE…", "READING THE PASSPORT…") } else { i.t("VALIDAR DOCUMENTO", "VALIDATE DOCUMENT") }}
                </button>
            </div>
            {move || message.get().map(|(es, en, kind)| view! { <Notice kind=kind><p>{i.pick(&es, &en)}</p></Notice> })}
        </section>
    }
}
