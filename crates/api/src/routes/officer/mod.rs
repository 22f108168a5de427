//! The migration officer at the port of entry: check a presented receipt, which opens an
//! inspection of its pre-registration; through the inspection, see the attachments and
//! record the admission or the refusal. Every read and decision is written to the audit
//! log.

pub mod error;
pub mod get_attachment;
pub mod open_inspection;
pub mod record_entry_decision;

use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::routes::officer::error::OfficerError;
use crate::routes::preregistrations::{attachment_view, document_of, entry_record};
use crate::state::AppState;
use portal_domain::preregistrations::{
    Preregistration as Stored, PreregistrationStatus, declared_stay_days,
};
use portal_persistence::ConnectionTrait;
use portal_persistence::audit::AuditEntry;
use portal_persistence::inspections::OfficerInspection;
use portal_shared::dates::mexico_today;
use portal_shared::officers::{AuditAction, Inspection, TravelerView, date_check};
use portal_shared::preregistrations::{AttachmentKind, folio};
use uuid::Uuid;

/// Registers this resource's routes with their OpenAPI paths.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(open_inspection::open_inspection)
        .service(get_attachment::get_attachment)
        .service(record_entry_decision::record_entry_decision);
}

/// A pre-registration that was issued a receipt (approved, then possibly decided or
/// cancelled), by a path or token id; anything else is 404 to an officer.
pub(crate) async fn issued<C: ConnectionTrait>(db: &C, raw_id: &str) -> Result<Stored, ApiError> {
    let id: Uuid = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    issued_by_id(db, id).await
}

pub(crate) async fn issued_by_id<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Stored, ApiError> {
    let stored = portal_persistence::preregistrations::find(db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    match stored.status {
        PreregistrationStatus::Draft | PreregistrationStatus::NotEligible => {
            Err(ApiError::NotFound)
        }
        _ => Ok(stored),
    }
}

/// The officer's own inspection `raw_id`, still open, and its pre-registration as it now
/// stands: another officer's or an unknown one is 404, an expired one 409
/// `inspection_expired`, one whose receipt was superseded since 409 `receipt_revoked`.
pub(crate) async fn open_inspection_of(
    state: &AppState,
    officer: &CurrentAccount,
    raw_id: &str,
) -> Result<(OfficerInspection, Stored), ApiError> {
    let id: Uuid = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let opened =
        portal_persistence::inspections::find_of_officer(&state.db, id, officer.account_id)
            .await?
            .ok_or(ApiError::NotFound)?;
    if opened.expires_at <= state.clock.now() {
        return Err(OfficerError::InspectionExpired.into());
    }
    let stored = issued_by_id(&state.db, opened.preregistration_id).await?;
    if stored.revision != opened.revision || stored.status == PreregistrationStatus::Cancelled {
        return Err(OfficerError::ReceiptRevoked.into());
    }
    Ok((opened, stored))
}

/// Records that `actor` did `action` on the pre-registration.
pub(crate) async fn audit<C>(
    db: &C,
    req: &actix_web::HttpRequest,
    state: &AppState,
    actor: &CurrentAccount,
    action: AuditAction,
    preregistration_id: Uuid,
    subject: Option<AttachmentKind>,
) -> Result<(), ApiError>
where
    C: ConnectionTrait + portal_persistence::TransactionTrait,
    C::Transaction: portal_persistence::TransactionSession,
{
    crate::audit_trail::record(db, req, state, actor, action, |entry| AuditEntry {
        preregistration_id: Some(preregistration_id),
        subject,
        ..entry
    })
    .await
}

/// The pre-registration as the officer sees it through `opened`.
pub(crate) async fn inspection(
    state: &AppState,
    opened: &OfficerInspection,
    stored: Stored,
) -> Result<Inspection, ApiError> {
    let trip = stored
        .trip
        .clone()
        .ok_or_else(|| ApiError::internal("issued pre-registration without a trip"))?;
    let variant = portal_persistence::preregistrations::variant_of(&state.db, stored.document_id)
        .await?
        .ok_or_else(|| ApiError::internal("pre-registration without a variant"))?;
    let attachments =
        portal_persistence::preregistrations::attachments_of(&state.db, stored.id).await?;
    let document = document_of(state, &stored).await?;
    let data = document.data;
    let now = state.clock.now();
    let today = mexico_today(now);
    let id = stored.id.to_string();
    Ok(Inspection {
        inspection_id: opened.id.to_string(),
        expires_in: u32::try_from((opened.expires_at - now).num_seconds().max(0)).unwrap_or(0),
        folio: folio(&id),
        preregistration_id: id,
        status: stored.status,
        revision: stored.revision,
        date_check: date_check(trip.arrival_date.unwrap_or_default(), today),
        variant: variant.variant,
        traveler: TravelerView {
            given_names: data.given_names,
            surnames: data.surnames,
            nationality: data.nationality,
            birth_date: data.birth_date,
            sex: data.sex,
            document_type: data.document_type,
            document_number: data.document_number,
            issuing_country: data.issuing_country,
            document_expiry: data.expiry_date,
        },
        declared_stay_days: declared_stay_days(&trip),
        trip,
        additional: stored.additional,
        control: stored.control,
        attachments: attachments.into_iter().map(attachment_view).collect(),
        entry: stored.entry.as_ref().map(entry_record),
    })
}
