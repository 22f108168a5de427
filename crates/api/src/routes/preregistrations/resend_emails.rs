use super::issue::{emails, issued_of};
use super::{owned_preregistration, view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_persistence::{accounts, outbox, preregistrations, travel_documents};
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::Preregistration;

/// Send the receipt and FMM emails again ("No fue posible enviar FMM": the red icon of
/// the history). An email still waiting for delivery is retried at once instead of being
/// queued twice; only when both were delivered are new copies queued.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Pre-registration id")),
    responses(
        (status = 202, description = "Delivery under way; the pre-registration with its `email_delivery`", body = Preregistration),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Not approved, cancelled, or the arrival date has passed", body = portal_shared::ErrorBody),
    ))]
#[post("/preregistrations/{id}/resend")]
pub async fn resend_emails(
    current: TravelerAccount,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (stored, variant) = owned_preregistration(&state, &current, &id).await?;
    let now = state.clock.now();
    let today = mexico_today(now);
    if !stored.documents_available(today) {
        return Err(PreregistroError::DocumentsNotAvailable.into());
    }
    let mut undelivered = 0;
    for email_id in [stored.receipt_email_id, stored.fmm_email_id]
        .into_iter()
        .flatten()
    {
        if outbox::retry_now(&state.db, email_id, now).await? {
            undelivered += 1;
        }
    }
    if undelivered == 0 {
        let issued = issued_of(&stored).ok_or(PreregistroError::DocumentsNotAvailable)?;
        let document =
            travel_documents::find_for_account(&state.db, current.account_id, stored.document_id)
                .await?
                .ok_or_else(|| ApiError::internal("pre-registration without its document"))?;
        let account = accounts::find_by_id(&state.db, current.account_id)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let (receipt, fmm) = emails(&state, &account.email, &issued, &document);
        let tx = portal_persistence::begin_write(&state.db).await?;
        let ids = (
            outbox::enqueue(&tx, receipt, now).await?,
            outbox::enqueue(&tx, fmm, now).await?,
        );
        preregistrations::set_emails(&tx, stored.id, ids).await?;
        tx.commit().await?;
    }
    tracing::info!(account_id = %current.account_id, preregistration_id = %stored.id, retried = undelivered, "pre-registration emails resent");
    let current_state =
        preregistrations::find_for_account(&state.db, current.account_id, stored.id)
            .await?
            .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Accepted().json(view(&state, current_state, &variant, today).await?))
}
