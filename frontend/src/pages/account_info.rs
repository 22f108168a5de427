use crate::components::layout::{Page, RequireLogin};
use crate::i18n::{Lang, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use portal_shared::catalogs;
use portal_shared::i18n::web;

#[component]
pub fn AccountInfoPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let rows = move || {
        let Some(account) = session.account.get() else {
            return Vec::new();
        };
        let en = i.lang() == Lang::En;
        let nationality = catalogs::country(&account.nationality)
            .map(|c| {
                if en {
                    c.name_en.clone()
                } else {
                    c.name_es.clone()
                }
            })
            .unwrap_or(account.nationality.clone());
        let sex = account.sex.label(i.locale()).to_owned();
        vec![
            (i.text(web::email), account.email),
            (i.text(web::given_name_s), account.given_names),
            (i.text(web::surname_s), account.surnames),
            (i.text(web::nationality), nationality),
            (
                i.text(web::date_of_birth),
                portal_shared::dates::display_date(account.birth_date),
            ),
            (i.text(web::sex), sex),
            (
                i.text(web::phone),
                format!("{} {}", account.phone_country_code, account.phone),
            ),
        ]
    };
    view! {
        <RequireLogin>
            <Page title=web::account_information>
                <dl class="summary-list">
                    {move || rows()
                        .into_iter()
                        .map(|(label, value)| view! { <div class="row"><dt>{label}</dt><dd>{value}</dd></div> })
                        .collect_view()}
                </dl>
                <p class="hint">{move || i.text(web::personal_details_cannot_be_changed_only)}</p>
                <crate::pages::privacy_rights::PrivacyRights/>
            </Page>
        </RequireLogin>
    }
}
