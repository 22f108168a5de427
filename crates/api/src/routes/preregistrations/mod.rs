pub mod attach_file;
pub mod change_flight;
pub mod error;
pub mod get_fmm;
pub mod get_preregistration;
pub mod get_receipt;
pub mod get_receipt_code;
pub(crate) mod issue;
pub mod list_preregistrations;
pub mod resend_emails;
pub mod save_additional;
pub mod save_control;
pub mod save_trip;
pub mod start_preregistration;
pub mod submit_preregistration;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(start_preregistration::start_preregistration)
        .service(get_preregistration::get_preregistration)
        .service(save_trip::save_trip)
        .service(save_additional::save_additional)
        .service(save_control::save_control)
        .service(attach_file::attach_file)
        .service(list_preregistrations::list_preregistrations)
        .service(submit_preregistration::submit_preregistration)
        .service(get_receipt::get_receipt)
        .service(get_fmm::get_fmm)
        .service(change_flight::change_flight)
        .service(resend_emails::resend_emails)
        .service(get_receipt_code::get_receipt_code);
}

use crate::auth::{CurrentAccount, SignedAccount};
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use chrono::{NaiveDate, SecondsFormat};
use portal_domain::documents::TravelDocument;
use portal_domain::preregistrations::{EntryDecision, EntryOutcome};
use portal_domain::preregistrations::{
    Preregistration as Stored, PreregistrationStatus, StoredAttachment, VariantChoice,
    history_status,
};
use portal_persistence::outbox::{self, DeliveryState};
use portal_persistence::preregistrations;
use portal_shared::dates::mexico_today;
use portal_shared::i18n::Locale;
use portal_shared::officers::EntryOutcomeKind;
use portal_shared::officers::EntryRecord;
use portal_shared::preregistrations::{
    Attachment, DecisionView, Preregistration, folio, short_notice,
};
use portal_shared::preregistrations::{DecisionOutcome, EmailDelivery};
use uuid::Uuid;

/// The API view of a stored pre-registration as of `today` (in Mexico), with its
/// attachments, its document and the delivery of its emails.
pub(crate) async fn view(
    state: &AppState,
    stored: Stored,
    variant: &VariantChoice,
    today: NaiveDate,
) -> Result<Preregistration, ApiError> {
    let attachments = preregistrations::attachments_of(&state.db, stored.id).await?;
    let document = document_of(state, &stored).await?;
    let email_delivery = email_delivery(state, &stored).await?;
    Ok(to_dto(
        stored,
        variant,
        attachments,
        &document,
        email_delivery,
        today,
    ))
}

/// The delivery of the receipt and FMM emails together.
async fn email_delivery(
    state: &AppState,
    stored: &Stored,
) -> Result<Option<EmailDelivery>, ApiError> {
    let ids: Vec<Uuid> = [stored.receipt_email_id, stored.fmm_email_id]
        .into_iter()
        .flatten()
        .collect();
    let states = outbox::delivery_states(&state.db, &ids).await?;
    Ok(delivery_summary(
        !ids.is_empty(),
        ids.iter().filter_map(|id| states.get(id)).copied(),
    ))
}

/// `failing` when either email is failing, else `pending` when either is not sent, else
/// `sent`; `None` when the pre-registration has no emails. `known`: the states of those
/// still in the outbox (delivered ones are deleted after a while and do not count).
fn delivery_summary(
    has_emails: bool,
    known: impl Iterator<Item = DeliveryState>,
) -> Option<EmailDelivery> {
    if !has_emails {
        return None;
    }
    let known: Vec<DeliveryState> = known.collect();
    Some(if known.iter().any(|s| s.failing) {
        EmailDelivery::Failing
    } else if known.iter().any(|s| !s.sent) {
        EmailDelivery::Pending
    } else {
        EmailDelivery::Sent
    })
}

/// The account's pre-registrations as the API shows them, newest first, read with the
/// session check in one statement however many there are; 401 when the session is closed.
pub(crate) async fn history(
    state: &AppState,
    signed: SignedAccount,
    today: NaiveDate,
) -> Result<Vec<Preregistration>, ApiError> {
    let current = signed.unconfirmed();
    Ok(portal_persistence::history::for_open_session(
        &state.db,
        current.account_id,
        current.session_id,
    )
    .await?
    .ok_or(ApiError::Unauthorized)?
    .into_iter()
    .map(|entry| {
        let p = entry.preregistration;
        let has_emails = p.receipt_email_id.is_some() || p.fmm_email_id.is_some();
        let delivery = delivery_summary(
            has_emails,
            [entry.receipt_email, entry.fmm_email].into_iter().flatten(),
        );
        to_dto(
            p,
            &entry.variant,
            entry.attachments,
            &entry.document,
            delivery,
            today,
        )
    })
    .collect())
}

/// The account's pre-registration named by `raw_id` with its travel document, when its
/// receipt and FMM can be handed out now (409 otherwise).
pub(crate) async fn issued_preregistration(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<(Stored, TravelDocument), ApiError> {
    let (stored, _) = owned_preregistration(state, current, raw_id).await?;
    if !stored.documents_available(mexico_today(state.clock.now())) {
        return Err(PreregistroError::DocumentsNotAvailable.into());
    }
    let document = document_of(state, &stored).await?;
    Ok((stored, document))
}

pub(crate) fn to_dto(
    stored: Stored,
    variant: &VariantChoice,
    attachments: Vec<StoredAttachment>,
    document: &TravelDocument,
    email_delivery: Option<EmailDelivery>,
    today: NaiveDate,
) -> Preregistration {
    let soon = stored.status == PreregistrationStatus::Draft
        && stored
            .arrival_date()
            .is_some_and(|arrival| short_notice(today, arrival));
    let decision = stored.decision.as_ref().map(|decision| {
        let outcome = if decision.fired_rules.is_empty() {
            DecisionOutcome::Approved
        } else {
            DecisionOutcome::NotEligible
        };
        DecisionView {
            outcome,
            message: outcome.message(Locale::Es).to_owned(),
            message_en: outcome.message(Locale::En).to_owned(),
            rule_version: decision.rule_version,
            fired_rules: decision.fired_rules.clone(),
            decided_at: decision
                .decided_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    });
    let id = stored.id.to_string();
    Preregistration {
        folio: folio(&id),
        history_status: history_status(stored.status, stored.arrival_date(), today),
        documents_available: stored.documents_available(today),
        document_number: document.data.document_number.clone(),
        traveler_name: format!("{} {}", document.data.given_names, document.data.surnames),
        decision,
        revision: stored.revision,
        entry: stored.entry.as_ref().map(entry_record),
        email_delivery,
        id,
        document_id: stored.document_id.to_string(),
        status: stored.status,
        variant: variant.variant,
        trip: stored.trip,
        additional: stored.additional,
        control: stored.control,
        attachments: attachments.into_iter().map(attachment_view).collect(),
        short_notice: soon,
        created_at: stored.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        updated_at: stored.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// An attached file as the API shows it.
pub(crate) fn attachment_view(a: StoredAttachment) -> Attachment {
    Attachment {
        kind: a.kind,
        file_name: a.file_name,
        content_type: a.content_type,
        size: a.size,
        uploaded_at: a.uploaded_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// The travel document a pre-registration is for.
pub(crate) async fn document_of(
    state: &AppState,
    stored: &Stored,
) -> Result<TravelDocument, ApiError> {
    portal_persistence::travel_documents::find_for_account(
        &state.db,
        stored.account_id,
        stored.document_id,
    )
    .await?
    .ok_or_else(|| ApiError::internal("pre-registration without its document"))
}

/// The officer's decision as the API shows it.
pub(crate) fn entry_record(entry: &EntryDecision) -> EntryRecord {
    let (outcome, authorized_days, refusal_reason) = match &entry.outcome {
        EntryOutcome::Admitted { authorized_days } => {
            (EntryOutcomeKind::Admitted, Some(*authorized_days), None)
        }
        EntryOutcome::Refused { reason } => (EntryOutcomeKind::Refused, None, Some(*reason)),
    };
    EntryRecord {
        outcome,
        authorized_days,
        refusal_reason,
        port: entry.port.clone(),
        officer_badge: entry.officer_badge.clone(),
        recorded_at: entry.recorded_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// The account's pre-registration named by a path id, with its document's variant.
/// Anything else — a malformed id or another account's — is 404.
pub(crate) async fn owned_preregistration(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<(Stored, VariantChoice), ApiError> {
    let id: Uuid = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let stored =
        portal_persistence::preregistrations::find_for_account(&state.db, current.account_id, id)
            .await?
            .ok_or(ApiError::NotFound)?;
    let variant = portal_persistence::preregistrations::variant_of(&state.db, stored.document_id)
        .await?
        .ok_or_else(|| ApiError::internal("pre-registration without a variant"))?;
    Ok((stored, variant))
}

/// Like [`owned_preregistration`], for changing a step: a submitted one is 409.
pub(crate) async fn owned_draft(
    state: &AppState,
    current: &CurrentAccount,
    raw_id: &str,
) -> Result<(Stored, VariantChoice), ApiError> {
    let (stored, variant) = owned_preregistration(state, current, raw_id).await?;
    if stored.status != PreregistrationStatus::Draft {
        return Err(PreregistroError::AlreadySubmitted.into());
    }
    Ok((stored, variant))
}
