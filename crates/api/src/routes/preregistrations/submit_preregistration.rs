use super::issue::{Issued, emails};
use super::start_preregistration::preregistration_available;
use super::{owned_preregistration, to_dto, view};
use crate::auth::SignedAccount;
use crate::error::ApiError;
use crate::routes::preregistrations::error::PreregistroError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use portal_domain::eligibility::Facts;
use portal_domain::preregistrations::{
    Decision, Preregistration as Stored, PreregistrationStatus, VariantChoice, missing_attachments,
    retry_blocked_for,
};
use portal_persistence::outbox;
use portal_persistence::preregistrations::{self, SubmissionRecord};
use portal_persistence::submission_context::{self, SubmissionContext};
use portal_shared::FieldErrorCode;
use portal_shared::dates::mexico_today;
use portal_shared::preregistrations::EmailDelivery;
use portal_shared::preregistrations::{Preregistration, SubmitPreregistrationRequest};
use portal_shared::validation::field_error;

/// The `Idempotency-Key` header: 1–100 visible ASCII characters (a UUID from the client).
fn idempotency_key(request: &HttpRequest) -> Result<String, ApiError> {
    let key = request
        .headers()
        .get("Idempotency-Key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(PreregistroError::IdempotencyKeyRequired.into());
    }
    Ok(key.to_owned())
}

/// The answer to a submission of an already decided pre-registration: the same answer
/// again for the same key (a retried request or a double click), 409 for another key.
async fn replay(
    state: &AppState,
    stored: portal_domain::preregistrations::Preregistration,
    variant: &VariantChoice,
    key: &str,
) -> Result<HttpResponse, ApiError> {
    if stored.idempotency_key.as_deref() != Some(key) {
        return Err(PreregistroError::AlreadySubmitted.into());
    }
    let today = mexico_today(state.clock.now());
    Ok(HttpResponse::Ok().json(view(state, stored, variant, today).await?))
}

/// Step 4, Terminar Registro: send the finished pre-registration (terms accepted) for its
/// eligibility decision.
///
/// The decision is taken at once by the eligibility rules in force; it records their
/// version and the rules that fired. Approved: the receipt (with its signed QR) and the
/// FMM are issued and emailed, and the document's earlier approved pre-registration
/// arriving the same day is cancelled. Not eligible: no receipt, no FMM, and the document
/// cannot be pre-registered again for 3 hours.
///
/// Send a fresh `Idempotency-Key` with each submission: repeating the request with the
/// same key (a retry, a double click) returns the same result and creates nothing.
#[utoipa::path(tag = "preregistrations", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Pre-registration id"),
        ("Idempotency-Key" = String, Header, description = "Unique per submission, 1–100 visible ASCII characters; a repeat with the same key returns the first result"),
    ),
    request_body = SubmitPreregistrationRequest,
    responses(
        (status = 201, description = "Decided: `decision.outcome` is `approved` or `not_eligible`", body = Preregistration),
        (status = 200, description = "Already decided by a submission with the same key: that result", body = Preregistration),
        (status = 400, description = "No valid Idempotency-Key, or malformed JSON", body = portal_shared::ErrorBody),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's pre-registrations", body = portal_shared::ErrorBody),
        (status = 409, description = "Already submitted with another key", body = portal_shared::ErrorBody),
        (status = 422, description = "Terms not accepted, a step or a required attachment missing, a rule no longer met (e.g. arrival now in the past), or the document was refused less than 3 hours ago (`preregistration_blocked`, with Retry-After)", body = portal_shared::ErrorBody),
    ))]
#[post("/preregistrations/{id}/submission")]
pub async fn submit_preregistration(
    signed: SignedAccount,
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<SubmitPreregistrationRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&request)?;
    let preregistration_id: uuid::Uuid = id.parse().map_err(|_| ApiError::NotFound)?;
    // The session is checked in the same statement as the reads.
    let claimed = signed.unconfirmed();
    let context = submission_context::load(
        &state.db,
        claimed.account_id,
        claimed.session_id,
        preregistration_id,
    )
    .await?;
    let Some(context) = context else {
        // A closed session is 401; another account's pre-registration 404.
        signed.confirm(state.clone()).await?;
        return Err(ApiError::NotFound);
    };
    let current = claimed;
    let SubmissionContext {
        preregistration: stored,
        variant,
        attachments,
        document,
        account_email,
        last_refusal,
        rules,
    } = context;
    if stored.status != PreregistrationStatus::Draft {
        return replay(&state, stored, &variant, &key).await;
    }
    body.check().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let today = mexico_today(now);

    let steps = stored.saved_steps().map_err(ApiError::Validation)?;
    let (trip, control) = (steps.trip.clone(), steps.control.clone());
    trip.check(today).map_err(ApiError::Validation)?;
    steps
        .additional
        .check(variant.variant, today)
        .map_err(ApiError::Validation)?;
    control.check().map_err(ApiError::Validation)?;
    let missing = missing_attachments(variant.variant, &attachments);
    if !missing.is_empty() {
        return Err(ApiError::Validation(missing));
    }
    if !preregistration_available(&document, today) {
        return Err(ApiError::Validation(vec![field_error(
            "document_id",
            FieldErrorCode::PreregistrationNotAvailable,
        )]));
    }
    if let Some(retry_after_seconds) = retry_blocked_for(last_refusal, now) {
        return Err(PreregistroError::PreregistrationBlocked {
            retry_after_seconds,
        }
        .into());
    }

    let rules = rules.ok_or_else(|| ApiError::internal("no eligibility rules in force"))?;
    let fired = rules.rules.fired(&Facts::of(
        &trip,
        &control,
        document.data.expiry_date,
        today,
    ));
    let approved = fired.is_empty();
    let decision = Decision {
        rule_version: rules.version,
        fired_rules: fired,
        decided_at: now,
    };
    let issued_emails = approved.then(|| {
        let issued = Issued {
            stored: &stored,
            trip: &trip,
            issued_at: now,
            revision: 1,
        };
        emails(&state, &account_email, &issued, &document)
    });

    let tx = portal_persistence::begin_write(&state.db).await?;
    let (receipt_email_id, fmm_email_id) = match issued_emails {
        Some((receipt, fmm)) => (
            Some(outbox::enqueue(&tx, receipt, now).await?),
            Some(outbox::enqueue(&tx, fmm, now).await?),
        ),
        None => (None, None),
    };
    let record = SubmissionRecord {
        status: if approved {
            PreregistrationStatus::Approved
        } else {
            PreregistrationStatus::NotEligible
        },
        idempotency_key: key.clone(),
        decision: decision.clone(),
        revision: u32::from(approved),
        receipt_issued_at: approved.then_some(now),
        receipt_email_id,
        fmm_email_id,
    };
    if !preregistrations::record_submission(&tx, stored.id, record.clone()).await? {
        // Another request decided it first; nothing of this one is kept.
        tx.rollback().await?;
        let (decided, variant) = owned_preregistration(&state, &current, &id).await?;
        return replay(&state, decided, &variant, &key).await;
    }
    let cancelled = match (approved, trip.arrival_date) {
        (true, Some(arrival)) => {
            preregistrations::cancel_same_arrival(&tx, document.id, arrival, stored.id, now).await?
        }
        _ => 0,
    };
    tx.commit().await?;
    tracing::info!(
        account_id = %current.account_id,
        preregistration_id = %stored.id,
        approved,
        rule_version = decision.rule_version,
        fired_rules = ?decision.fired_rules,
        cancelled,
        "pre-registration decided"
    );
    // The answer is what was just written; nothing needs reading back.
    let decided = Stored {
        status: record.status,
        decision: Some(decision),
        idempotency_key: Some(key),
        revision: record.revision,
        receipt_issued_at: record.receipt_issued_at,
        receipt_email_id,
        fmm_email_id,
        updated_at: now,
        ..stored
    };
    let delivery = approved.then_some(EmailDelivery::Pending);
    Ok(HttpResponse::Created().json(to_dto(
        decided,
        &variant,
        attachments,
        &document,
        delivery,
        today,
    )))
}
