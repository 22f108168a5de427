//! The officer's console at the port of entry: scan the traveler's QR with the camera or
//! paste its text; the signature, revocation and date are checked here in the browser
//! with the keys and revocation list kept from the last connection, so the check works
//! with no network; when online, the full pre-registration is loaded and ADMITIDO (with
//! the authorized stay) or RECHAZADO (with a reason) is recorded.

use crate::api::{self, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::components::qr_scanner::QrScanner;
use crate::components::timer::sleep;
use crate::i18n::{Lang, Said, storage, use_i18n};
use crate::pages::preregistration_review::{
    additional_rows, control_answers, summary_rows, trip_rows,
};
use crate::session::{Session, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_receipt_token::{Checked, TokenError, Verdict};
use portal_shared::Choice;
use portal_shared::accounts::Role;
use portal_shared::dates::mexico_today;
use portal_shared::i18n::web;
use portal_shared::officers::{
    EntryDecisionRequest, EntryOutcomeKind, Inspection, MAX_AUTHORIZED_DAYS, RefusalReason,
    Revocation, RevocationReason, VerificationSnapshot,
};
use portal_shared::preregistrations::{
    AttachmentContentType, AttachmentKind, PreregistrationStatus, entry_point,
};
use portal_shared::receipts::PublicKey;

/// What the device checks receipts with: the keys and revocations of the newest
/// verification snapshot it holds, whose signature by the trust root pinned in this page
/// was checked when it was taken and again whenever it is read back from storage.
#[derive(Debug, Clone, Default, PartialEq)]
struct VerificationCache {
    keys: Vec<PublicKey>,
    revocations: Vec<Revocation>,
    /// The snapshot's sequence: only a larger one replaces it.
    sequence: u64,
}

/// The signed snapshot, as received (checked again when read back).
const SNAPSHOT_KEY: &str = "portal.officer.snapshot";
/// Where earlier versions kept an unsigned copy: removed.
const UNSIGNED_CACHE_KEY: &str = "portal.officer.verification";
/// A full resynchronisation this often while the console is open (milliseconds).
const RESYNC_EVERY_MS: i32 = 5 * 60 * 1000;

/// The trust roots this page pins (`<meta name="portal-trust-root">`, put there by the
/// server that sent the page).
fn pinned_roots() -> Vec<PublicKey> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=portal-trust-root]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|x| portal_receipt_token::trust_root_from_x(&x))
        .into_iter()
        .collect()
}

impl VerificationCache {
    fn from_snapshot(snapshot: VerificationSnapshot) -> Self {
        Self {
            keys: snapshot.keys,
            revocations: snapshot.revocations,
            sequence: snapshot.sequence,
        }
    }

    /// The kept snapshot if its signature holds; a copy altered on the device is removed
    /// (the second value says so).
    fn load() -> (Self, bool) {
        let Some(storage) = storage() else {
            return (Self::default(), false);
        };
        let _ = storage.remove_item(UNSIGNED_CACHE_KEY);
        let Some(kept) = storage.get_item(SNAPSHOT_KEY).ok().flatten() else {
            return (Self::default(), false);
        };
        match portal_receipt_token::verify_snapshot(&kept, &pinned_roots()) {
            Ok(snapshot) => (Self::from_snapshot(snapshot), false),
            Err(_) => {
                let _ = storage.remove_item(SNAPSHOT_KEY);
                (Self::default(), true)
            }
        }
    }
}

/// What a resynchronisation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resync {
    /// A newer snapshot, now kept.
    Taken,
    /// Not newer than the one kept, which stays.
    NotNewer,
    /// Not signed by the pinned trust root: refused.
    BadSignature,
}

/// Asks for the whole current snapshot and keeps it if it is signed by the pinned root
/// and newer than the one kept.
async fn refresh_cache(
    session: Session,
    cache: RwSignal<VerificationCache>,
) -> Result<Resync, ApiError> {
    let signed = session
        .call(|token| async move { api::verification_snapshot(&token).await })
        .await?;
    let Ok(snapshot) = portal_receipt_token::verify_snapshot(&signed.snapshot, &pinned_roots())
    else {
        return Ok(Resync::BadSignature);
    };
    if snapshot.sequence <= cache.get_untracked().sequence {
        return Ok(Resync::NotNewer);
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item(SNAPSHOT_KEY, &signed.snapshot);
    }
    cache.set(VerificationCache::from_snapshot(snapshot));
    Ok(Resync::Taken)
}

use portal_shared::dates::display_date as date;

/// The verdict's code (for styles and tests) and the notice's kind.
fn verdict_style(checked: &Checked) -> (&'static str, &'static str) {
    match &checked.verdict {
        Verdict::Valid => ("valid", "success"),
        Verdict::Invalid(_) => ("invalid", "error"),
        Verdict::Revoked(_) => ("revoked", "error"),
        Verdict::Expired => ("expired", "error"),
        Verdict::NotForToday => ("not-for-today", "warning"),
    }
}

/// What the verdict tells the officer, in `lang`.
fn verdict_message(checked: &Checked, lang: Lang) -> String {
    let arrival = checked
        .claims
        .as_ref()
        .map(|c| date(c.arrival_date))
        .unwrap_or_default();
    match &checked.verdict {
        Verdict::Valid => web::verdict_valid(lang).into(),
        Verdict::Invalid(TokenError::UnknownKey) => web::verdict_unknown_key(lang).into(),
        Verdict::Invalid(_) => web::verdict_invalid(lang).into(),
        Verdict::Revoked(RevocationReason::Cancelled) => web::verdict_cancelled(lang).into(),
        Verdict::Revoked(RevocationReason::Superseded) => web::verdict_superseded(lang).into(),
        Verdict::Expired => web::expired_the_arrival_date_arrival_has(lang, &arrival),
        Verdict::NotForToday => web::not_for_today_arrival_expected_on(lang, &arrival),
    }
}

#[component]
pub fn OfficerPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <RoleGate role=Role::Officer>
                <Console/>
            </RoleGate>
        </RequireLogin>
    }
}

/// Shows `children` only to accounts of `role`.
#[component]
pub fn RoleGate(role: Role, children: ChildrenFn) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    view! {
        <Show
            when=move || session.account.get().is_some_and(|a| a.role == role)
            fallback=move || view! {
                <Notice kind="error"><p>{move || i.text(web::this_page_is_only_for_staff)}</p></Notice>
            }
        >
            {children()}
        </Show>
    }
}

#[component]
fn Console() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let (kept, altered) = VerificationCache::load();
    let cache = RwSignal::new(kept);
    let cache_state = RwSignal::new(None::<bool>);
    let trust_message =
        RwSignal::new(altered.then_some((Said::Text(web::local_copy_altered_discarded), "error")));
    let qr_text = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<Checked>);
    let inspection = RwSignal::new(None::<Inspection>);
    let loading = RwSignal::new(false);
    let online_message = RwSignal::new(None::<(Said, &'static str)>);

    let resync = move || async move {
        let outcome = refresh_cache(session, cache).await;
        cache_state.set(Some(matches!(
            outcome,
            Ok(Resync::Taken | Resync::NotNewer)
        )));
        match outcome {
            Ok(Resync::BadSignature) => {
                trust_message.set(Some((Said::Text(web::snapshot_signature_refused), "error")))
            }
            Ok(Resync::NotNewer) => {
                trust_message.set(Some((Said::Text(web::older_snapshot_refused), "warning")))
            }
            Ok(Resync::Taken) | Err(_) => {}
        }
    };
    let refresh = move || {
        spawn_local(async move { resync().await });
    };
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    spawn_local(async move {
        loop {
            sleep(RESYNC_EVERY_MS).await;
            if !alive.try_get_value().unwrap_or(false) {
                break;
            }
            resync().await;
        }
    });

    let verify = move || {
        let text = qr_text.get_untracked().trim().to_owned();
        inspection.set(None);
        online_message.set(None);
        if text.is_empty() {
            checked.set(None);
            return;
        }
        let today = mexico_today(chrono::Utc::now());
        let current = cache.get_untracked();
        let result = portal_receipt_token::check(&text, &current.keys, &current.revocations, today);
        let signed = result.claims.is_some()
            && !matches!(result.verdict, Verdict::Revoked(_) | Verdict::Invalid(_));
        checked.set(Some(result));
        if !signed {
            return;
        }
        loading.set(true);
        spawn_local(async move {
            let answer = session
                .call(|token| {
                    let text = text.clone();
                    async move { api::open_inspection(&token, &text).await }
                })
                .await;
            match answer {
                Ok(found) => inspection.set(Some(found)),
                Err(ApiError::Network) => online_message.set(Some((
                    Said::Text(web::offline_the_check_above_used_the),
                    "warning",
                ))),
                Err(error) => {
                    online_message.set(Some((error.said(), "error")));
                    refresh();
                }
            }
            loading.set(false);
        });
    };

    // A QR checked while the first update was still on its way was checked with the old
    // copy (or none): check it again with the keys just received.
    spawn_local(async move {
        resync().await;
        if checked.get_untracked().is_some() && !loading.get_untracked() {
            verify();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verify();
    };

    view! {
        <Page title=web::pre_registration_check>
            <p class="lead">{move || i.text(web::scan_the_qr_code_of_the)}</p>
            {move || trust_message.get().map(|(said, kind)| view! { <Notice kind=kind><p>{i.say(said)}</p></Notice> })}
            <p class="hint cache-state" role="status">{move || {
                let current = cache.get();
                let keys = current.keys.len();
                let revoked = current.revocations.len();
                match cache_state.get() {
                    None => i.text(web::updating_keys_and_revocations).to_owned(),
                    Some(true) => web::keys_up_to_date(i.locale(), keys, revoked),
                    Some(false) if keys == 0 => i.text(web::offline_with_no_local_copy_of).to_owned(),
                    Some(false) => web::offline_using_local_copy(i.locale(), keys, revoked),
                }
            }}</p>
            <section class="panel" aria-labelledby="scan-heading">
                <h2 id="scan-heading">{move || i.text(web::receipt_qr_code)}</h2>
                <QrScanner on_read=move |text: String| {
                    qr_text.set(text);
                    verify();
                }/>
                <form class="form" novalidate=true on:submit=on_submit>
                    <div class="field">
                        <label for="qr-text">{move || i.text(web::qr_code_text)}</label>
                        <textarea
                            id="qr-text"
                            rows="4"
                            spellcheck="false"
                            prop:value=move || qr_text.get()
                            on:input=move |ev| qr_text.set(event_target_value(&ev))
                        ></textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary">{move || i.text(web::check)}</button>
                        <button type="button" class="button cancel" on:click=move |_| {
                            qr_text.set(String::new());
                            checked.set(None);
                            inspection.set(None);
                            online_message.set(None);
                        }>{move || i.text(web::clear)}</button>
                    </div>
                </form>
            </section>
            {move || checked.get().map(|result| {
                let (code, kind) = verdict_style(&result);
                let claims = result.claims.clone();
                let verdict = result.clone();
                view! {
                    <section class=format!("panel verdict verdict-{code}") aria-labelledby="verdict-heading">
                        <h2 id="verdict-heading">{move || i.text(web::check_result)}</h2>
                        <Notice kind=kind><p class="verdict-text"><strong>{move || verdict_message(&verdict, i.locale())}</strong></p></Notice>
                        {claims.map(|c| {
                            let port = entry_point(&c.entry_point).map_or_else(|| c.entry_point.clone(), |p| p.name.to_owned());
                            let rows: Vec<(fn(Lang) -> &'static str, String)> = vec![
                                (web::name, format!("{} {}", c.given_names, c.surnames)),
                                (web::document, format!("{} ({})", c.document_number, c.nationality)),
                                (web::birth_date, date(c.birth_date)),
                                (web::arrival, date(c.arrival_date)),
                                (web::departure, date(c.departure_date)),
                                (web::port_of_entry, port),
                                (web::flight, format!("{} {}", c.carrier, c.flight_number)),
                                (web::receipt_revision, c.revision.to_string()),
                            ];
                            view! {
                                <dl class="summary">
                                    {rows.into_iter().map(|(label, value)| view! {
                                        <div class="summary-row"><dt>{move || i.text(label)}</dt><dd>{value}</dd></div>
                                    }).collect_view()}
                                </dl>
                            }
                        })}
                    </section>
                }
            })}
            {move || loading.get().then(|| view! {
                <p role="status"><progress class="capture-progress"></progress>" "{move || i.text(web::loading_the_pre_registration)}</p>
            })}
            {move || online_message.get().map(|(said, kind)| view! { <Notice kind=kind><p>{i.say(said)}</p></Notice> })}
            {move || inspection.get().map(|found| view! { <InspectionView found=found inspection=inspection/> })}
        </Page>
    }
}

#[component]
fn InspectionView(found: Inspection, inspection: RwSignal<Option<Inspection>>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let viewer = RwSignal::new(None::<(AttachmentKind, String, String)>);
    let viewer_message = RwSignal::new(None::<Said>);
    on_cleanup(move || {
        if let Some((_, url, _)) = viewer.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let id = found.inspection_id.clone();
    let show_attachment = move |kind: AttachmentKind| {
        let id = id.clone();
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let id = id.clone();
                    async move { api::officer_attachment(&token, &id, kind.as_str()).await }
                })
                .await;
            match result {
                Ok((content_type, bytes)) => {
                    let array = js_sys::Uint8Array::from(bytes.as_slice());
                    let parts = js_sys::Array::new();
                    parts.push(&array);
                    let options = web_sys::BlobPropertyBag::new();
                    options.set_type(&content_type);
                    let url =
                        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
                            .ok()
                            .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
                    if let Some(url) = url {
                        if let Some((_, old, _)) = viewer.get_untracked() {
                            let _ = web_sys::Url::revoke_object_url(&old);
                        }
                        viewer_message.set(None);
                        viewer.set(Some((kind, url, content_type)));
                    }
                }
                Err(error) => {
                    viewer_message.set(Some(error.said()));
                }
            }
        });
    };
    let traveler = found.traveler.clone();
    let identity: Vec<(fn(Lang) -> &'static str, String)> = vec![
        (web::given_names, traveler.given_names.clone()),
        (web::surnames_2, traveler.surnames.clone()),
        (web::nationality, traveler.nationality.clone()),
        (web::birth_date, date(traveler.birth_date)),
        (web::sex, traveler.sex.as_str().to_owned()),
        (
            web::document,
            format!(
                "{} {} ({})",
                traveler.document_type, traveler.document_number, traveler.issuing_country
            ),
        ),
        (web::document_valid_until, date(traveler.document_expiry)),
    ];
    let status_text: fn(Lang) -> &'static str = match found.status {
        PreregistrationStatus::Admitted => web::status_admitted,
        PreregistrationStatus::EntryRefused => web::entry_refused_2,
        PreregistrationStatus::Draft
        | PreregistrationStatus::Approved
        | PreregistrationStatus::NotEligible
        | PreregistrationStatus::Cancelled => web::awaiting_the_officer,
    };
    let trip = trip_rows(&found.trip);
    let additional = found
        .additional
        .as_ref()
        .map(additional_rows)
        .unwrap_or_default();
    let answers = found.control.as_ref().map(control_answers);
    let attachments = found.attachments.clone();
    let decided = found.entry.clone();
    let approved = found.status == PreregistrationStatus::Approved;
    let heading_folio = found.folio.clone();
    view! {
        <section class="panel inspection" aria-labelledby="inspection-heading">
            <h2 id="inspection-heading">{move || format!("{} {}", i.text(web::pre_registration), heading_folio)}</h2>
            <p class=format!("status status-{}", found.status)><strong>{move || i.text(status_text)}</strong></p>
            <h3>{move || i.text(web::traveler)}</h3>
            <dl class="summary">
                {identity.into_iter().map(|(label, value)| view! {
                    <div class="summary-row"><dt>{move || i.text(label)}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
            <h3>{move || i.text(web::trip_information)}</h3>
            <dl class="summary">{summary_rows(trip)}</dl>
            <h3>{move || i.text(web::additional_information)}</h3>
            <dl class="summary">{summary_rows(additional)}</dl>
            <h3>{move || i.text(web::migration_control)}</h3>
            <dl class="summary">{answers}</dl>
            <h3>{move || i.text(web::attachments)}</h3>
            <ul class="attachments">
                {attachments.into_iter().map(|a| {
                    let kind = a.kind;
                    let show = show_attachment.clone();
                    view! {
                        <li>
                            {move || kind.label(i.locale())}" — "{a.file_name.clone()}" "
                            <button type="button" class="button secondary small" on:click=move |_| show(kind)>
                                {move || i.text(web::view)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || viewer_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
            {move || viewer.get().map(|(kind, url, content_type)| {
                let title = kind.label(i.locale());
                if AttachmentContentType::parse(&content_type) == Some(AttachmentContentType::Pdf) {
                    view! { <iframe class="attachment-view" src=url title=title></iframe> }.into_any()
                } else {
                    view! { <img class="attachment-view" src=url alt=title/> }.into_any()
                }
            })}
            {decided.map(|entry| {
                let record = move |l| {
                    if entry.outcome == EntryOutcomeKind::Admitted {
                        web::admission_recorded(l, entry.authorized_days.unwrap_or_default(), &entry.port, &entry.officer_badge)
                    } else {
                        let reason = entry.refusal_reason.map_or("", |r| r.label(l));
                        web::entry_refused_by(l, reason, &entry.officer_badge)
                    }
                };
                view! { <Notice kind="info"><p class="entry-record">{move || record(i.locale())}</p></Notice> }
            })}
            {approved.then(|| view! { <DecisionForm found=found.clone() inspection=inspection/> })}
        </section>
    }
}

#[component]
fn DecisionForm(found: Inspection, inspection: RwSignal<Option<Inspection>>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let outcome = RwSignal::new(EntryOutcomeKind::Admitted);
    let days = RwSignal::new(
        found
            .declared_stay_days
            .clamp(1, MAX_AUTHORIZED_DAYS)
            .to_string(),
    );
    let reason = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<portal_shared::FieldError>::new());
    let message = RwSignal::new(None::<Said>);
    let request = move || EntryDecisionRequest {
        outcome: Choice::Known(outcome.get_untracked()),
        authorized_days: (outcome.get_untracked() == EntryOutcomeKind::Admitted)
            .then(|| days.get_untracked().trim().parse().unwrap_or(0)),
        refusal_reason: (outcome.get_untracked() == EntryOutcomeKind::Refused)
            .then(|| Choice::from_code(&reason.get_untracked())),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match request().check() {
            Ok(()) => {
                errors.set(Vec::new());
                confirm.set(true);
            }
            Err(found) => errors.set(found),
        }
    };
    let id = found.inspection_id.clone();
    let record = Callback::new(move |()| {
        let body = request();
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = session
                .call(|token| {
                    let (id, body) = (id.clone(), body.clone());
                    async move { api::record_entry_decision(&token, &id, &body).await }
                })
                .await;
            match result {
                Ok(updated) => inspection.set(Some(updated)),
                Err(error) => {
                    let fields = error.fields();
                    if fields.is_empty() {
                        message.set(Some(error.said()));
                    } else {
                        errors.set(fields);
                    }
                }
            }
            busy.set(false);
        });
    });
    let error_of = move |field: &'static str| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <p class="field-error" id=format!("{field}-error")>{e.code.message(i.locale())}</p> })
        }
    };
    view! {
        <h3>{move || i.text(web::entry_decision)}</h3>
        {move || message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <form class="form decision" novalidate=true on:submit=on_submit>
            <fieldset class="field">
                <legend>{move || i.text(web::outcome)}</legend>
                <label class="choice">
                    <input type="radio" name="outcome" value=EntryOutcomeKind::Admitted.as_str() prop:checked=move || outcome.get() == EntryOutcomeKind::Admitted on:change=move |_| outcome.set(EntryOutcomeKind::Admitted)/>
                    {move || i.text(web::admitted)}
                </label>
                <label class="choice">
                    <input type="radio" name="outcome" value=EntryOutcomeKind::Refused.as_str() prop:checked=move || outcome.get() == EntryOutcomeKind::Refused on:change=move |_| outcome.set(EntryOutcomeKind::Refused)/>
                    {move || i.text(web::refused)}
                </label>
            </fieldset>
            <Show when=move || outcome.get() == EntryOutcomeKind::Admitted>
                <div class="field">
                    <label for="authorized-days">{move || i.text(web::days_of_stay_authorized_1_to)}</label>
                    <input id="authorized-days" type="number" min="1" max="180" inputmode="numeric"
                        aria-describedby="authorized_days-error"
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                    {error_of("authorized_days")}
                </div>
            </Show>
            <Show when=move || outcome.get() == EntryOutcomeKind::Refused>
                <div class="field">
                    <label for="refusal-reason">{move || i.text(web::reason_for_refusal)}</label>
                    <select id="refusal-reason" aria-describedby="refusal_reason-error" prop:value=move || reason.get() on:change=move |ev| reason.set(event_target_value(&ev))>
                        <option value="">{move || i.text(web::choose)}</option>
                        {RefusalReason::ALL.iter().map(|code| view! { <option value=code.as_str()>{move || code.label(i.locale())}</option> }).collect_view()}
                    </select>
                    {error_of("refusal_reason")}
                </div>
            </Show>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { i.text(web::recording) } else { i.text(web::record_decision) }}
                </button>
            </div>
        </form>
        <ConfirmDialog
            open=confirm
            title=web::record_decision_2
            text=web::the_entry_decision_cannot_be_changed
            confirm=web::record
            on_confirm=record
        />
    }
}
