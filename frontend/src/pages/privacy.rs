use crate::components::layout::Page;
use crate::i18n::{Lang, use_i18n};
use leptos::prelude::*;
use portal_shared::i18n::{privacy, web};

/// A text of the catalogs, in the language asked for.
type Text = fn(Lang) -> &'static str;

const SECTIONS: [(Text, Text); 5] = [
    (privacy::heading_1, privacy::body_1),
    (privacy::heading_2, privacy::body_2),
    (privacy::heading_3, privacy::body_3),
    (privacy::heading_4, privacy::body_4),
    (privacy::heading_5, privacy::body_5),
];

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Page title=web::full_privacy_notice_2>
            <p class="lead">{move || i.text(web::the_portal_de_servicios_processes_your)}</p>
            {SECTIONS
                .into_iter()
                .map(|(heading, body)| view! {
                    <section>
                        <h2>{move || i.text(heading)}</h2>
                        <p>{move || i.text(body)}</p>
                    </section>
                })
                .collect_view()}
        </Page>
    }
}
