//! Step 4, Terminar Registro: the attachments and the terms.

use super::*;
use crate::i18n::Said;
use portal_shared::i18n::web;

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
    let message = RwSignal::new(None::<Said>);
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
            message.set(Some(Said::Text(web::the_file_is_larger_than_2)));
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
                    message.set(Some(error.first_said()));
                }
            }
        });
    };
    view! {
        <h2>{move || i.text(web::n_4_finish_registration)}</h2>
        <p class="lead">{move || i.text(web::attach_each_file_separately_with_its)}</p>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
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
                                {(!kind.required).then(|| view! { <span class="hint">{move || i.text(web::optional)}</span> })}
                                <span class="visually-hidden">{move || if attached().is_some() { i.text(web::attached) } else { i.text(web::file_missing) }}</span>
                            </span>
                            <span class="file-name">{move || attached().unwrap_or_default()}</span>
                            <label class="button secondary small" for=input_id.clone()>{move || i.text(web::attach)}</label>
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
                                <progress class="capture-progress" aria-label=move || i.text(web::uploading_the_file)></progress>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <div class="terms">
            <h3>{move || i.text(web::terms_and_conditions)}</h3>
            <p class="hint">{move || i.text(web::i_declare_under_penalty_of_perjury)}</p>
            <label class="checkbox">
                <input id="accept-terms" type="checkbox"
                    aria-describedby="accept-terms-error"
                    prop:checked=move || accepted.get()
                    on:change=move |ev| accepted.set(event_target_checked(&ev))/>
                " "{move || i.text(web::i_have_read_and_accept_the)}
            </label>
            <p id="accept-terms-error" class="field-error">{move || terms_error.get().then(|| i.text(web::read_and_accept_the_terms_and))}</p>
        </div>
        <div class="actions">
            <button type="button" class="button secondary" on:click=move |_| on_back.run(())>
                {move || i.text(web::back)}
            </button>
            <A href="/documentos" attr:class="button cancel">{move || i.text(web::leave)}</A>
            <button type="button" class="button primary" on:click=move |_| {
                let missing: Vec<AttachmentKind> = required_kinds
                    .iter()
                    .filter(|code| attachments.with(|all| !all.iter().any(|a| a.kind == **code)))
                    .copied()
                    .collect();
                terms_error.set(!accepted.get_untracked());
                if !missing.is_empty() {
                    message.set(Some(Said::Text(web::attach_the_required_files_marked_with)));
                    return;
                }
                if accepted.get_untracked() {
                    on_review.run(attachments.get_untracked());
                }
            }>
                {move || i.text(web::review_and_send)}
            </button>
        </div>
    }
}
