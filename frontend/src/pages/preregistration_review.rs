//! "Check your answers" before ENVIAR INFORMACIÓN, the submission and its outcome.

use crate::api;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::Notice;
use crate::i18n::{Lang, Said, use_i18n};
use crate::pages::history::download_pdf;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_shared::i18n::web;
use portal_shared::preregistrations::{
    AdditionalInformation, AttachmentKind, MigrationControl, NamedCatalog, Preregistration,
    PreregistrationStatus, SubmitPreregistrationRequest, TripInformation, carrier_names,
    control_questions, entry_point, names_of,
};

/// A summary line: the question in Spanish and English, the answer in both.
pub type Row = (fn(Lang) -> &'static str, DataName);

/// A value as the data files name it, in Spanish and English (catalog entries carry both;
/// typed values are the same in every language).
pub type DataName = (String, String);

/// A key for one submission, kept for its retries.
fn new_idempotency_key() -> String {
    let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!(
        "{:08x}-{:08x}-{:08x}-{:08x}",
        part(),
        part(),
        part(),
        part()
    )
}

#[component]
pub fn CheckAnswers(draft: Preregistration, on_change: Callback<usize>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let confirm = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Preregistration>);
    let error = RwSignal::new(None::<Said>);
    let download_message = RwSignal::new(None::<Said>);
    let key = StoredValue::new(new_idempotency_key());
    let id = StoredValue::new(draft.id.clone());
    let send = Callback::new(move |()| {
        sending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = session
                .call(|token| async move {
                    api::submit_preregistration(
                        &token,
                        &id.get_value(),
                        &key.get_value(),
                        &SubmitPreregistrationRequest { accept_terms: true },
                    )
                    .await
                })
                .await;
            sending.set(false);
            match result {
                Ok(decided) => outcome.set(Some(decided)),
                Err(failure) => {
                    error.set(Some(failure.first_said()));
                }
            }
        });
    });

    let trip = draft.trip.clone().unwrap_or_default();
    let additional = draft.additional.clone().unwrap_or_default();
    let control = draft.control.clone().unwrap_or_default();
    let trip_rows = trip_rows(&trip);
    let additional_rows = additional_rows(&additional);
    let rows = summary_rows;
    let files: Vec<(AttachmentKind, String)> = draft
        .attachments
        .iter()
        .map(|a| (a.kind, a.file_name.clone()))
        .collect();
    let file_rows = move |files: Vec<(AttachmentKind, String)>| {
        files
            .into_iter()
            .map(|(kind, name)| view! { <div class="summary-row"><dt>{move || kind.label(i.locale())}</dt><dd>"✅ "{name}</dd></div> })
            .collect_view()
    };
    let change = move |step: usize| {
        view! {
            <button type="button" class="link-button" on:click=move |_| on_change.run(step)>
                {move || i.text(web::change)}
            </button>
        }
    };

    view! {
        {move || match outcome.get() {
            Some(decided) => {
                let approved = decided.status == PreregistrationStatus::Approved;
                let decision = decided.decision.clone();
                let said = decision.map(|d| Said::Decision(d.outcome));
                let folio = decided.folio.clone();
                let decided_id = decided.id.clone();
                view! {
                    <h2>{move || i.text(web::pre_registration_result)}</h2>
                    {if approved {
                        let (receipt_id, receipt_folio) = (decided_id.clone(), folio.clone());
                        let (fmm_id, fmm_folio) = (decided_id.clone(), folio.clone());
                        view! {
                            <Notice kind="success"><p>{said.map(|said| i.say(said))}</p><p>{move || i.text(web::reference)}<strong>{folio.clone()}</strong></p></Notice>
                            {move || download_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                            <div class="actions">
                                <button type="button" class="button primary" on:click=move |_| download_pdf(session, receipt_id.clone(), receipt_folio.clone(), "receipt", download_message)>
                                    {move || i.text(web::download_receipt_qr)}
                                </button>
                                <button type="button" class="button secondary" on:click=move |_| download_pdf(session, fmm_id.clone(), fmm_folio.clone(), "fmm", download_message)>
                                    {move || i.text(web::download_fmm)}
                                </button>
                                <A href="/pre-registro/historial" attr:class="button secondary">{move || i.text(web::registration_history)}</A>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <Notice kind="error"><p>{said.map(|said| i.say(said))}</p></Notice>
                            <p>{move || i.text(web::no_receipt_and_no_multiple_migration)}</p>
                            <div class="actions"><A href="/pre-registro/historial" attr:class="button secondary">{move || i.text(web::registration_history)}</A></div>
                        }.into_any()
                    }}
                }.into_any()
            }
            None => view! {
                <h2>{move || i.text(web::check_your_answers_before_sending)}</h2>
                {move || error.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
                <section class="summary">
                    <h3>{move || i.text(web::n_1_trip_information)}" "{change(1)}</h3>
                    <dl>{rows(trip_rows.clone())}</dl>
                    <h3>{move || i.text(web::n_2_additional_information)}" "{change(2)}</h3>
                    <dl>{rows(additional_rows.clone())}</dl>
                    <h3>{move || i.text(web::n_3_migration_control)}" "{change(3)}</h3>
                    <dl>{control_answers(&control)}</dl>
                    <h3>{move || i.text(web::n_4_attached_files)}" "{change(4)}</h3>
                    <dl>{file_rows(files.clone())}</dl>
                </section>
                {move || sending.get().then(|| view! {
                    <p role="status"><progress class="capture-progress"></progress>" "{move || i.text(web::sending)}</p>
                })}
                <div class="actions">
                    <button type="button" class="button secondary" on:click=move |_| on_change.run(4)>{move || i.text(web::back)}</button>
                    <button type="button" class="button primary" disabled=move || sending.get() on:click=move |_| confirm.set(true)>
                        {move || i.text(web::send_information)}
                    </button>
                </div>
            }.into_any(),
        }}
        <ConfirmDialog
            open=confirm
            title=web::send_information_2
            text=web::do_you_want_to_send_your
            confirm=web::yes_send
            on_confirm=send
        />
    }
}

/// Step 1's answers as labelled rows (Spanish and English).
pub fn trip_rows(trip: &TripInformation) -> Vec<Row> {
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(portal_shared::dates::display_date)
            .unwrap_or_default()
    };
    let same = |text: String| (text.clone(), text);
    vec![
        (
            web::entering_by,
            names_of(NamedCatalog::EntryModes, trip.entry_mode.as_str()),
        ),
        (
            web::port_of_entry,
            same(
                entry_point(&trip.entry_point)
                    .map_or_else(|| trip.entry_point.clone(), |p| p.name.to_owned()),
            ),
        ),
        (web::airline_or_vessel, carrier_names(trip)),
        (web::flight_number, same(trip.flight_number.clone())),
        (web::arrival_date_in_mexico, same(date(trip.arrival_date))),
        (
            web::purpose_of_trip,
            names_of(NamedCatalog::TripReasons, &trip.trip_reason),
        ),
        (
            web::trip_detail,
            names_of(NamedCatalog::TripSpecifications, &trip.trip_specification),
        ),
        (
            web::state,
            names_of(NamedCatalog::States, &trip.destination_state),
        ),
        (web::address_in_mexico, same(trip.address_in_mexico.clone())),
        (web::departure_date, same(date(trip.departure_date))),
    ]
}

/// Step 2's answers as labelled rows.
pub fn additional_rows(additional: &AdditionalInformation) -> Vec<Row> {
    let same = |text: String| (text.clone(), text);
    vec![
        (
            web::contact_in_the_country_of_origin,
            same(format!(
                "{} ({} {})",
                additional.origin_contact_name,
                additional.origin_contact_phone_country_code,
                additional.origin_contact_phone
            )),
        ),
        (
            web::contact_in_mexico,
            same(format!(
                "{} (+52 {})",
                additional.mexico_contact_name, additional.mexico_contact_phone
            )),
        ),
        (
            web::exit_type,
            names_of(NamedCatalog::ExitTypes, additional.exit_type.as_str()),
        ),
    ]
}

/// Step 3: each control question with its answer.
pub fn control_answers(control: &MigrationControl) -> impl IntoView + use<> {
    let i = use_i18n();
    control_questions()
        .iter()
        .map(|question| {
            let answer = control.answers.get(&question.code).copied();
            let (es, en): (&'static str, &'static str) = (&question.name_es, &question.name_en);
            view! {
                <div class="summary-row">
                    <dt>{move || i.data_name(es, en)}</dt>
                    <dd>{move || match answer { Some(true) => i.text(web::yes), Some(false) => i.text(web::no_2), None => "—" }}</dd>
                </div>
            }
        })
        .collect_view()
}

/// Labelled rows as a description list's items.
pub fn summary_rows(rows: Vec<Row>) -> impl IntoView {
    let i = use_i18n();
    rows.into_iter()
        .map(move |(label, (value_es, value_en))| view! {
            <div class="summary-row"><dt>{move || i.text(label)}</dt><dd>{move || i.data_name(&value_es, &value_en).to_owned()}</dd></div>
        })
        .collect_view()
}
