use crate::components::layout::Page;
use crate::i18n::{Lang, use_i18n};
use leptos::prelude::*;
use portal_shared::i18n::{help, web};

/// A text of the catalogs, in the language asked for.
type Text = fn(Lang) -> &'static str;

const QUESTIONS: [(Text, Text); 6] = [
    (help::question_1, help::answer_1),
    (help::question_2, help::answer_2),
    (help::question_3, help::answer_3),
    (help::question_4, help::answer_4),
    (help::question_5, help::answer_5),
    (help::question_6, help::answer_6),
];

#[component]
pub fn HelpPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Page title=web::help>
            <h2>{move || i.text(web::frequently_asked_questions)}</h2>
            {QUESTIONS
                .into_iter()
                .map(|(question, answer)| view! {
                    <details class="faq">
                        <summary>{move || i.text(question)}</summary>
                        <p>{move || i.text(answer)}</p>
                    </details>
                })
                .collect_view()}
        </Page>
    }
}
