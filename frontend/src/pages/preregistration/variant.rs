//! The variant (I NUE, II diplomatic, III neither), asked once per document.

use super::*;
use portal_shared::i18n::web;

#[component]
pub(super) fn VariantChoice(
    document_id: String,
    on_started: Callback<Preregistration>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let variant = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let document_id = StoredValue::new(document_id);
    let request = move || StartPreregistrationRequest {
        document_id: document_id.get_value(),
        variant: Some(variant.get())
            .filter(|v| !v.is_empty())
            .map(|v| Choice::from_code(&v)),
        reference: Some(reference.get()).filter(|r| !r.is_empty()),
    };
    let form = FormState::new(move || {
        let mut errors = request().check().err().unwrap_or_default();
        if variant.get().is_empty() {
            errors.push(portal_shared::validation::field_error(
                "variant",
                FieldErrorCode::Required,
            ));
        }
        errors
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if !form.try_submit(&ev, busy) {
            return;
        }
        busy.set(true);
        let body = untrack(request);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let body = body.clone();
                    async move { api::start_preregistration(&token, &body).await }
                })
                .await;
            match result {
                Ok(draft) => on_started.run(draft),
                Err(error) => show_error(&error, form, message, None),
            }
            busy.set(false);
        });
    };
    let needs_reference = move || {
        matches!(
            Variant::parse(&variant.get()),
            Some(Variant::Nue | Variant::Diplomatic)
        )
    };
    let variant_errors = form.errors_for("variant");
    view! {
        <p class="lead">{move || i.text(web::before_your_first_pre_registro_with)}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            <fieldset class="field" id="variant">
                <legend>{move || i.text(web::your_case)}<span class="required-mark" aria-hidden="true">" *"</span></legend>
                {Variant::ALL
                    .iter()
                    .map(|code| {
                        let code = *code;
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="variant"
                                    value=code.as_str()
                                    prop:checked=move || variant.get() == code.as_str()
                                    on:change=move |_| variant.set(code.as_str().to_owned())
                                />
                                {move || code.label(i.locale())}
                            </label>
                        }
                    })
                    .collect_view()}
                {move || variant_errors.get().into_iter().map(|e| view! { <p class="field-error">{e.code.message(i.locale())}</p> }).collect_view()}
            </fieldset>
            {move || needs_reference().then(|| view! {
                <TextField form=form field="reference"
                    label=web::number_nue_or_sre_card_folio
                    value=reference max_length=20/>
            })}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.text(web::working) } else { i.text(web::continue_text) }}
                </button>
                <A href="/documentos" attr:class="button cancel">{move || i.text(web::cancel)}</A>
            </div>
        </form>
    }
}
