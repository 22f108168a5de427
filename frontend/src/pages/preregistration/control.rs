//! Step 3, Control Migratorio.

use super::*;
use portal_shared::i18n::web;

#[component]
pub(super) fn ControlStep(
    draft: Preregistration,
    on_saved: Callback<Preregistration>,
    on_back: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let answers = RwSignal::new(draft.control.clone().unwrap_or_default().answers);
    let draft_id = StoredValue::new(draft.id.clone());
    let busy = RwSignal::new(false);
    let message: FormMessage = RwSignal::new(None);
    let request = move || MigrationControl {
        answers: answers.get(),
    };
    let form = FormState::new(move || request().check().err().unwrap_or_default());
    let step = Step {
        session,
        form,
        busy,
        message,
        draft_id,
        on_saved,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        submit_step(&ev, step, request, |token, id, body| async move {
            api::save_control(&token, &id, &body).await
        });
    };
    let choose = move |code: &'static str, yes: bool| {
        answers.update(|all| {
            all.insert(code.to_owned(), yes);
        });
    };
    view! {
        <h2>{move || i.text(web::n_3_migration_control)}</h2>
        <p class="lead">{move || i.text(web::answer_every_question)}</p>
        <ErrorSummary errors=form.summary()/>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form" novalidate=true on:submit=on_submit>
            {control_questions()
                .iter()
                .map(|question| {
                    let code: &'static str = &question.code;
                    let (es, en): (&'static str, &'static str) = (&question.name_es, &question.name_en);
                    let field = format!("answers.{code}");
                    let errors = form.errors_for_name(field.clone());
                    let answer = move || answers.with(|all| all.get(code).copied());
                    view! {
                        <fieldset class="field question" id=crate::components::form::input_id(&field)
                            class:field-invalid=move || !errors.get().is_empty()
                            class:field-valid=move || answer().is_some()>
                            <legend>{move || i.data_name(es, en)}<span class="required-mark" aria-hidden="true">" *"</span></legend>
                            <div class="yes-no">
                                <label class="choice">
                                    <input type="radio" name=format!("control-{code}") prop:checked=move || answer() == Some(true) on:change=move |_| choose(code, true)/>
                                    {move || i.text(web::yes)}
                                </label>
                                <label class="choice">
                                    <input type="radio" name=format!("control-{code}") prop:checked=move || answer() == Some(false) on:change=move |_| choose(code, false)/>
                                    {move || i.text(web::no_2)}
                                </label>
                            </div>
                            {move || errors.get().into_iter().map(|e| view! { <p class="field-error">{e.code.message(i.locale())}</p> }).collect_view()}
                        </fieldset>
                    }
                })
                .collect_view()}
            <StepActions busy=busy on_back=on_back/>
        </form>
    }
}
