//! Rate limits kept in the database, so every instance counts the same attempts.

use crate::error::ApiError;
use crate::state::AppState;
use portal_domain::rate_limit::{ProgressiveDelay, RateDecision, RateLimit};

/// Login attempts from one address: 30 per 10 minutes.
pub const LOGIN_PER_IP: (&str, RateLimit) = ("login_ip", RateLimit::new(30, 600));
/// Failed logins of one account from one address: five free, then a wait that doubles
/// up to 15 minutes (counted over 15 minutes).
pub const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: (&str, ProgressiveDelay) =
    ("login_account_address", ProgressiveDelay::new(5, 900, 900));
/// Failed logins of one account from anywhere: twenty free, then a wait that doubles up
/// to one minute — a guesser spread over many addresses is slowed, and the owner is never
/// kept out longer than that.
pub const LOGIN_FAILURES_PER_ACCOUNT: (&str, ProgressiveDelay) =
    ("login_account", ProgressiveDelay::new(20, 60, 900));
/// Wrong second-factor codes of one staff account (whose password was right): five free,
/// then a wait that doubles up to 15 minutes — a million codes stay out of reach.
pub const SECOND_FACTOR_FAILURES_PER_ACCOUNT: (&str, ProgressiveDelay) =
    ("second_factor_account", ProgressiveDelay::new(5, 900, 900));
/// Recovery requests from one address: 10 per hour.
pub const RECOVERY_PER_IP: (&str, RateLimit) = ("recovery_ip", RateLimit::new(10, 3600));
/// Captcha challenges for one address: 120 per 10 minutes (a person filling forms needs a
/// few; a script farming challenges for a solver is stopped).
pub const CAPTCHA_PER_IP: (&str, RateLimit) = ("captcha_ip", RateLimit::new(120, 600));
/// Password-reset attempts (links presented) from one address: 20 per hour.
pub const PASSWORD_RESET_PER_IP: (&str, RateLimit) =
    ("password_reset_ip", RateLimit::new(20, 3600));
/// Passport photos read for one account: 20 per hour (a person retrying a blurred photo
/// needs a few; each read is a quarter second of a core).
pub const SCANS_PER_ACCOUNT: (&str, RateLimit) = ("scan_account", RateLimit::new(20, 3600));
/// Citas holds (a time chosen) by one account: 20 per hour — a person comparing a few
/// times needs some; a bot sweeping a release is stopped.
pub const HOLDS_PER_ACCOUNT: (&str, RateLimit) = ("citas_hold_account", RateLimit::new(20, 3600));
/// Citas holds from one address: 60 per hour (a family or an office behind one address).
pub const HOLDS_PER_ADDRESS: (&str, RateLimit) = ("citas_hold_address", RateLimit::new(60, 3600));
/// Recovery requests for one email: 3 per hour.
pub const RECOVERY_PER_ACCOUNT: (&str, RateLimit) = ("recovery_account", RateLimit::new(3, 3600));

/// Refuses with 429 while `subject` must still wait after its latest failure.
pub async fn check_delay(
    state: &AppState,
    (bucket, delay): (&str, ProgressiveDelay),
    subject: &str,
) -> Result<(), ApiError> {
    let now = state.clock.now();
    let (failures, latest) = portal_persistence::rate_limits::newest_since(
        &state.db,
        bucket,
        subject,
        delay.window_start(now),
    )
    .await?;
    match delay.decide(failures, latest, now) {
        RateDecision::Allowed => Ok(()),
        RateDecision::Refused {
            retry_after_seconds,
        } => {
            tracing::warn!(bucket, retry_after_seconds, "failures: waiting");
            Err(ApiError::RateLimited {
                retry_after_seconds,
            })
        }
    }
}

/// Counts one failure of `subject` in `bucket`.
pub async fn record_failure(
    state: &AppState,
    (bucket, _): (&str, ProgressiveDelay),
    subject: &str,
) -> Result<(), ApiError> {
    portal_persistence::rate_limits::record(&state.db, bucket, subject, state.clock.now()).await?;
    Ok(())
}

/// Counts the attempt unless the limit is used up (429 then): one statement does both,
/// so an allowed attempt costs one round trip.
pub async fn check_and_record(
    state: &AppState,
    rule: (&str, RateLimit),
    subject: &str,
) -> Result<(), ApiError> {
    check_and_record_all(state, &[(rule, subject)]).await
}

/// Counts the attempt in every one of `rules` (each with its subject) unless one of them
/// is used up — then nothing is counted and the answer is 429 with the longest wait. One
/// statement for all of them.
pub async fn check_and_record_all(
    state: &AppState,
    rules: &[((&str, RateLimit), &str)],
) -> Result<(), ApiError> {
    use portal_persistence::rate_limits::{Budget, Recorded, record_within};
    let now = state.clock.now();
    let budgets: Vec<Budget<'_>> = rules
        .iter()
        .map(|&((bucket, limit), subject)| Budget {
            bucket,
            subject,
            since: limit.window_start(now),
            limit: limit.max_attempts,
        })
        .collect();
    let Recorded::Refused { oldest } = record_within(&state.db, &budgets, now).await? else {
        return Ok(());
    };
    let mut longest: Option<(&str, u64)> = None;
    for (&((bucket, limit), _), oldest) in rules.iter().zip(oldest) {
        let Some(oldest) = oldest else { continue };
        if let RateDecision::Refused {
            retry_after_seconds,
        } = limit.decide(u64::from(limit.max_attempts), Some(oldest), now)
            && longest.is_none_or(|(_, longest)| retry_after_seconds > longest)
        {
            longest = Some((bucket, retry_after_seconds));
        }
    }
    match longest {
        Some((bucket, retry_after_seconds)) => {
            tracing::warn!(bucket, retry_after_seconds, "rate limit reached");
            Err(ApiError::RateLimited {
                retry_after_seconds,
            })
        }
        // Refused by a count that has moved on since (a window just ended): try again.
        None => Err(ApiError::RateLimited {
            retry_after_seconds: 1,
        }),
    }
}

/// The client address of a request: the peer, or behind a trusted proxy the address it
/// forwarded (see [`crate::client_address`]).
pub fn client_ip(req: &actix_web::HttpRequest, state: &AppState) -> String {
    crate::client_address::of_request(req, &state.settings.trusted_proxies)
}
