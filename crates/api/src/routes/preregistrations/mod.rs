pub mod attach_file;
pub mod get_preregistration;
pub mod save_additional;
pub mod save_control;
pub mod save_trip;
pub mod start_preregistration;

use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{NaiveDate, SecondsFormat};
use portal_domain::preregistrations::{Preregistration as Stored, StoredAttachment, VariantChoice};
use portal_shared::preregistrations::{Attachment, Preregistration, short_notice};
use uuid::Uuid;

/// The API view of a stored pre-registration as of `today` (in Mexico), with its attachments.
pub(crate) async fn view(
    state: &AppState,
    stored: Stored,
    variant: &VariantChoice,
    today: NaiveDate,
) -> Result<Preregistration, ApiError> {
    let attachments =
        portal_persistence::preregistrations::attachments_of(&state.db, stored.id).await?;
    Ok(to_dto(stored, variant, attachments, today))
}

fn to_dto(
    stored: Stored,
    variant: &VariantChoice,
    attachments: Vec<StoredAttachment>,
    today: NaiveDate,
) -> Preregistration {
    let soon = stored
        .trip
        .as_ref()
        .and_then(|trip| trip.arrival_date)
        .is_some_and(|arrival| short_notice(today, arrival));
    Preregistration {
        id: stored.id.to_string(),
        document_id: stored.document_id.to_string(),
        status: stored.status.code().to_owned(),
        variant: variant.variant.clone(),
        trip: stored.trip,
        additional: stored.additional,
        control: stored.control,
        attachments: attachments
            .into_iter()
            .map(|a| Attachment {
                kind: a.kind,
                file_name: a.file_name,
                content_type: a.content_type,
                size: a.size,
                uploaded_at: a.uploaded_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            })
            .collect(),
        short_notice: soon,
        created_at: stored.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        updated_at: stored.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
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
