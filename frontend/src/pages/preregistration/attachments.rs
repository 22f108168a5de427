//! Step 4, Terminar Registro: the attachments and the terms.

use super::*;

#[component]
pub(super) fn AttachmentsStep(
    draft: Preregistration,
    on_back: Callback<()>,
    on_review: Callback<Vec<portal_shared::preregistrations::Attachment>>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let attachments = RwSignal::new(draft.attachments.clone());
    let accepted = RwSignal::new(false);
    let terms_error = RwSignal::new(false);
    let required_kinds: Vec<AttachmentKind> = ATTACHMENT_KINDS
        .iter()
        .filter(|kind| kind.variant == draft.variant && kind.required)
        .map(|kind| kind.code)
        .collect();
    let uploading = RwSignal::new(None::<AttachmentKind>);
    let message = RwSignal::new(None::<(String, String)>);
    let draft_id = StoredValue::new(draft.id.clone());
    let kinds: Vec<_> = ATTACHMENT_KINDS
        .iter()
        .filter(|kind| kind.variant == draft.variant)
        .collect();
    let upload = move |kind: AttachmentKind, input: web_sys::HtmlInputElement| {
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        message.set(None);
        if file.size() > MAX_ATTACHMENT_BYTES as f64 {
            message.set(Some((
                "El archivo pesa más de 2 MB. Elija uno más ligero.".into(),
                "The file is larger than 2 MB. Choose a lighter one.".into(),
            )));
            return;
        }
        uploading.set(Some(kind));
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let file = file.clone();
                    let id = draft_id.get_value();
                    async move { api::attach_file(&token, &id, kind.as_str(), &file).await }
                })
                .await;
            uploading.set(None);
            match result {
                Ok(draft) => attachments.set(draft.attachments),
                Err(error) => {
                    let body = error.body();
                    let (es, en) = body
                        .fields
                        .first()
                        .map(|f| (f.message.clone(), f.message_en.clone()))
                        .unwrap_or((body.message, body.message_en));
                    message.set(Some((es, en)));
                }
            }
        });
    };
    view! {
        <h2>{move || i.t("4. Terminar Registro", "4. Finish registration")}</h2>
        <p class="lead">{move || i.t(
            "Adjunte cada archivo por separado con su botón (📎). Formatos PDF, JPG, JPEG o PNG, máximo 2 MB. ❌ indica que falta el archivo; ✅ que ya se adjuntó.",
            "Attach each file separately with its button (📎). PDF, JPG, JPEG or PNG, at most 2 MB. ❌ means the file is missing; ✅ that it is attached.",
        )}</p>
        {move || message.get().map(|(es, en)| view! { <Notice kind="error"><p>{i.pick(&es, &en)}</p></Notice> })}
        <ul class="attachments">
            {kinds
                .into_iter()
                .map(|kind| {
                    let code = kind.code;
                    let input_id = format!("attachment-{}", code.as_str().replace('_', "-"));
                    let attached = move || attachments.with(|all| all.iter().find(|a| a.kind == code).map(|a| a.file_name.clone()));
                    let input: NodeRef<leptos::html::Input> = NodeRef::new();
                    view! {
                        <li class="attachment" data-kind=code.as_str()>
                            <span class="attachment-state" aria-hidden="true">{move || if attached().is_some() { "✅" } else { "❌" }}</span>
                            <span class="attachment-name">
                                {move || kind.code.label(i.locale())}
                                {kind.required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                                {(!kind.required).then(|| view! { <span class="hint">{move || i.t(" (opcional)", " (optional)")}</span> })}
                                <span class="visually-hidden">{move || if attached().is_some() { i.t("Adjuntado", "Attached") } else { i.t("Falta el archivo", "File missing") }}</span>
                            </span>
                            <span class="file-name">{move || attached().unwrap_or_default()}</span>
                            <label class="button secondary small" for=input_id.clone()>{move || i.t("📎 ADJUNTAR", "📎 ATTACH")}</label>
                            <input
                                id=input_id
                                class="visually-hidden"
                                type="file"
                                accept="application/pdf,image/png,image/jpeg"
                                node_ref=input
                                disabled=move || uploading.get().is_some()
                                on:change=move |_| {
                                    if let Some(element) = input.get_untracked() {
                                        upload(code, element);
                                    }
                                }
                            />
                            {move || (uploading.get() == Some(code)).then(|| view! {
                                <progress class="capture-progress" aria-label=move || i.t("Subiendo el archivo", "Uploading the file")></progress>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <div class="terms">
            <h3>{move || i.t("Términos y condiciones", "Terms and conditions")}</h3>
            <p class="hint">{move || i.t(
                "Declaro bajo protesta de decir verdad que la información proporcionada es correcta y completa. El Pre-Registro no garantiza la internación a México: la autoriza el agente federal de migración en el punto de internación. Mis datos se tratan conforme al Aviso de Privacidad Integral.",
                "I declare under penalty of perjury that the information provided is correct and complete. The pre-registration does not guarantee entry into Mexico: the federal migration officer authorises it at the port of entry. My data are handled under the Privacy Notice.",
            )}</p>
            <label class="checkbox">
                <input id="accept-terms" type="checkbox"
                    aria-describedby="accept-terms-error"
                    prop:checked=move || accepted.get()
                    on:change=move |ev| accepted.set(event_target_checked(&ev))/>
                " "{move || i.t("He leído y acepto los términos y condiciones", "I have read and accept the terms and conditions")}
            </label>
            <p id="accept-terms-error" class="field-error">{move || terms_error.get().then(|| i.t(
                "Lea y acepte los términos y condiciones para enviar la información.",
                "Read and accept the terms and conditions to send the information.",
            ))}</p>
        </div>
        <div class="actions">
            <button type="button" class="button secondary" on:click=move |_| on_back.run(())>
                {move || i.t("ANTERIOR", "BACK")}
            </button>
            <A href="/documentos" attr:class="button cancel">{move || i.t("SALIR", "LEAVE")}</A>
            <button type="button" class="button primary" on:click=move |_| {
                let missing: Vec<AttachmentKind> = required_kinds
                    .iter()
                    .filter(|code| attachments.with(|all| !all.iter().any(|a| a.kind == **code)))
                    .copied()
                    .collect();
                terms_error.set(!accepted.get_untracked());
                if !missing.is_empty() {
                    message.set(Some((
                        "Adjunte los archivos obligatorios (marcados con *) antes de continuar.".into(),
                        "Attach the required files (marked with *) before continuing.".into(),
                    )));
                    return;
                }
                if accepted.get_untracked() {
                    on_review.run(attachments.get_untracked());
                }
            }>
                {move || i.t("REVISAR Y ENVIAR", "REVIEW AND SEND")}
            </button>
        </div>
    }
}
