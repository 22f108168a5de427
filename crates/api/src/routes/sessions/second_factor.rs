//! The staff's second login step: a TOTP code from the authenticator app (set up at the
//! first login) or one of the recovery codes given then.

use crate::error::ApiError;
use crate::rate_limit::{self, LOGIN_PER_IP, SECOND_FACTOR_FAILURES_PER_ACCOUNT};
use crate::routes::accounts::error::AccountsError;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use portal_domain::account::Account;
use portal_domain::second_factor::{
    SecondFactorCode, TotpSecret, generate_recovery_codes, normalize_recovery_code,
    recovery_code_digest,
};
use portal_domain::secret_token::{self, SecretToken};
use portal_persistence::second_factors;
use portal_shared::officers::AuditAction;
use portal_shared::sessions::{
    SecondFactorChallenge, SecondFactorRequest, StaffSession, TotpEnrollment,
};

/// How long the second step stays open after the password.
pub const CHALLENGE_MINUTES: i64 = 5;
/// Wrong codes one challenge takes before the password must be typed again.
pub const CHALLENGE_ATTEMPTS: u32 = 5;

fn open_secret(
    state: &AppState,
    account_id: uuid::Uuid,
    sealed: &str,
) -> Result<TotpSecret, ApiError> {
    let plain = state
        .keks
        .open(sealed, &crate::keys::second_factor_context(account_id))
        .map_err(ApiError::internal)?;
    TotpSecret::from_bytes(plain.to_vec())
        .ok_or_else(|| ApiError::internal("stored TOTP secret too short"))
}

/// The answer to a staff member's right password: a challenge for the code, and a new
/// secret to set up while the account has no confirmed authenticator.
pub(crate) async fn challenge(
    state: &AppState,
    account: &Account,
) -> Result<SecondFactorChallenge, ApiError> {
    let now = state.clock.now();
    let confirmed = second_factors::find(&state.db, account.id)
        .await?
        .is_some_and(|factor| factor.confirmed);
    let mut enrollment = None;
    if !confirmed {
        let secret = TotpSecret::generate();
        let sealed = state
            .keks
            .seal(
                secret.as_bytes(),
                &crate::keys::second_factor_context(account.id),
            )
            .map_err(ApiError::internal)?;
        if second_factors::start_enrollment(&state.db, account.id, sealed, now).await? {
            let uri = secret.otpauth_uri(&state.branding.portal_name, account.email.as_str());
            let svg = portal_documents::qr_svg(&uri).map_err(ApiError::internal)?;
            enrollment = Some(TotpEnrollment {
                secret: secret.base32(),
                qr_code: format!(
                    "data:image/svg+xml;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(svg)
                ),
                otpauth_uri: uri,
            });
        }
    }
    let token = SecretToken::generate();
    second_factors::create_challenge(
        &state.db,
        account.id,
        token.digest,
        now + chrono::Duration::minutes(CHALLENGE_MINUTES),
        now,
    )
    .await?;
    Ok(SecondFactorChallenge {
        challenge: token.plain,
        expires_in: u64::try_from(CHALLENGE_MINUTES * 60).unwrap_or(300),
        enrollment,
    })
}

/// How a code was accepted.
enum Accepted {
    /// The authenticator's first code: it is now confirmed.
    Enrolled,
    Totp,
    RecoveryCode,
}

/// The second login step of a staff account: the code its authenticator app shows (the
/// first one confirms a new authenticator and answers with ten recovery codes, shown
/// this once) or a recovery code. A code is good once. Wrong codes slow the account down
/// (five free, then a doubling wait) and end the challenge after five.
#[utoipa::path(tag = "sessions", request_body = SecondFactorRequest, responses(
    (status = 200, description = "Logged in; the `__Secure-portal_refresh` cookie set", body = StaffSession),
    (status = 401, description = "Wrong or used code (`second_factor_invalid`), or the challenge expired (`login_challenge_expired`)", body = portal_shared::ErrorBody),
    (status = 429, description = "Too many wrong codes; see Retry-After", body = portal_shared::ErrorBody),
))]
#[post("/sessions/second-factor")]
pub async fn complete_second_factor(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<SecondFactorRequest>,
) -> Result<HttpResponse, ApiError> {
    let address = rate_limit::client_ip(&req, &state);
    rate_limit::check_and_record(&state, LOGIN_PER_IP, &address).await?;
    let now = state.clock.now();
    let expired = || ApiError::from(AccountsError::LoginChallengeExpired);
    let challenge =
        second_factors::find_challenge(&state.db, &secret_token::digest(&body.challenge))
            .await?
            .filter(|c| !c.used && c.expires_at > now && c.failed_attempts < CHALLENGE_ATTEMPTS)
            .ok_or_else(expired)?;
    let account = portal_persistence::accounts::find_by_id(&state.db, challenge.account_id)
        .await?
        .filter(|a| a.is_staff() && !a.is_disabled())
        .ok_or_else(expired)?;
    let subject = account.id.to_string();
    rate_limit::check_delay(&state, SECOND_FACTOR_FAILURES_PER_ACCOUNT, &subject).await?;
    let factor = second_factors::find(&state.db, account.id)
        .await?
        .ok_or_else(expired)?;

    let accepted = match SecondFactorCode::parse(&body.code) {
        Some(SecondFactorCode::Totp(code)) => {
            let secret = open_secret(&state, account.id, &factor.secret_sealed)?;
            match secret.accepted_step(&code, now.timestamp(), factor.last_used_step) {
                Some(step)
                    if second_factors::take_step(
                        &state.db,
                        account.id,
                        step,
                        !factor.confirmed,
                        now,
                    )
                    .await? =>
                {
                    Some(if factor.confirmed {
                        Accepted::Totp
                    } else {
                        Accepted::Enrolled
                    })
                }
                _ => None,
            }
        }
        Some(SecondFactorCode::Recovery(code)) if factor.confirmed => {
            let digest = recovery_code_digest(&code);
            second_factors::use_recovery_code(&state.db, account.id, &digest, now)
                .await?
                .then_some(Accepted::RecoveryCode)
        }
        _ => None,
    };
    let Some(accepted) = accepted else {
        second_factors::count_challenge_failure(&state.db, challenge.id).await?;
        rate_limit::record_failure(&state, SECOND_FACTOR_FAILURES_PER_ACCOUNT, &subject).await?;
        crate::audit_trail::record_login_step(
            &req,
            &state,
            &account,
            None,
            AuditAction::SecondFactorFailed,
            None,
        )
        .await?;
        return Err(AccountsError::SecondFactorInvalid.into());
    };
    if !second_factors::use_challenge(&state.db, challenge.id, now).await? {
        return Err(expired());
    }

    let mut recovery_codes = Vec::new();
    match accepted {
        Accepted::Enrolled => {
            recovery_codes = generate_recovery_codes();
            let digests = recovery_codes
                .iter()
                .filter_map(|code| normalize_recovery_code(code))
                .map(|code| recovery_code_digest(&code))
                .collect();
            second_factors::replace_recovery_codes(&state.db, account.id, digests, now).await?;
            crate::audit_trail::record_login_step(
                &req,
                &state,
                &account,
                None,
                AuditAction::SecondFactorEnrolled,
                None,
            )
            .await?;
        }
        Accepted::RecoveryCode => {
            let left = second_factors::unused_recovery_codes(&state.db, account.id).await?;
            crate::audit_trail::record_login_step(
                &req,
                &state,
                &account,
                None,
                AuditAction::RecoveryCodeUsed,
                Some(format!("{left} recovery codes left")),
            )
            .await?;
        }
        Accepted::Totp => {}
    }
    let unused_recovery_codes =
        second_factors::unused_recovery_codes(&state.db, account.id).await?;
    let (token, cookie) = super::start::open_session(&req, &state, &account).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(cookie)
        .json(StaffSession {
            access_token: token.access_token,
            token_type: token.token_type,
            expires_in: token.expires_in,
            recovery_codes,
            unused_recovery_codes,
        }))
}
