//! Sliding-window rate limits: at most `max_attempts` in any `window`.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_attempts: u32,
    pub window: Duration,
}

/// Whether one more attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    Allowed,
    /// Refused; the caller may retry after this many whole seconds.
    Refused {
        retry_after_seconds: u64,
    },
}

impl RateLimit {
    pub const fn new(max_attempts: u32, window_seconds: i64) -> Self {
        Self {
            max_attempts,
            window: Duration::seconds(window_seconds),
        }
    }

    /// Start of the window that ends at `now`.
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// Decides given how many attempts fell inside the window and the oldest of them.
    pub fn decide(
        &self,
        attempts_in_window: u64,
        oldest_in_window: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> RateDecision {
        if attempts_in_window < u64::from(self.max_attempts) {
            return RateDecision::Allowed;
        }
        let frees_at = oldest_in_window.map_or(now + self.window, |oldest| oldest + self.window);
        let wait = (frees_at - now).num_milliseconds().max(0);
        // Round up so that a client waiting exactly Retry-After is let through.
        let retry_after_seconds = u64::try_from((wait + 999) / 1000).unwrap_or(1).max(1);
        RateDecision::Refused {
            retry_after_seconds,
        }
    }
}

/// A wait that doubles with each failure past the free ones (1 s, 2 s, 4 s… up to
/// `longest`), counted from the latest failure: unlike a lock, the next try is always a
/// bounded wait away, so failures made by someone else cannot shut the owner out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressiveDelay {
    pub free_failures: u32,
    pub longest: Duration,
    pub window: Duration,
}

impl ProgressiveDelay {
    pub const fn new(free_failures: u32, longest_seconds: i64, window_seconds: i64) -> Self {
        Self {
            free_failures,
            longest: Duration::seconds(longest_seconds),
            window: Duration::seconds(window_seconds),
        }
    }

    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.window
    }

    /// The wait after `failures` failures in the window: none before the free ones are
    /// used up, then 1 s, 2 s, 4 s…
    pub fn delay(&self, failures: u64) -> Duration {
        let Some(past_free) = failures.checked_sub(u64::from(self.free_failures)) else {
            return Duration::zero();
        };
        let exponent = u32::try_from(past_free).unwrap_or(u32::MAX).min(30);
        Duration::seconds(1_i64 << exponent).min(self.longest)
    }

    /// Decides given the failures in the window and the latest of them.
    pub fn decide(
        &self,
        failures_in_window: u64,
        latest_failure: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> RateDecision {
        let delay = self.delay(failures_in_window);
        let Some(latest) = latest_failure else {
            return RateDecision::Allowed;
        };
        let wait = (latest + delay - now).num_milliseconds();
        if delay.is_zero() || wait <= 0 {
            return RateDecision::Allowed;
        }
        RateDecision::Refused {
            retry_after_seconds: u64::try_from((wait + 999) / 1000).unwrap_or(1).max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_past_the_free_failures_and_never_exceeds_the_longest() {
        let delay = ProgressiveDelay::new(5, 900, 900);
        let waits: Vec<i64> = (0..20).map(|n| delay.delay(n).num_seconds()).collect();
        assert_eq!(&waits[..10], &[0, 0, 0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(waits[19], 900);
        let now = Utc::now();
        assert_eq!(
            delay.decide(7, Some(now - Duration::seconds(1)), now),
            RateDecision::Refused {
                retry_after_seconds: 3
            }
        );
        assert_eq!(
            delay.decide(7, Some(now - Duration::seconds(4)), now),
            RateDecision::Allowed
        );
        assert_eq!(delay.decide(4, Some(now), now), RateDecision::Allowed);
    }

    #[test]
    fn attempts_under_the_limit_are_allowed() {
        let limit = RateLimit::new(5, 60);
        let now = Utc::now();
        assert_eq!(limit.decide(4, Some(now), now), RateDecision::Allowed);
    }

    #[test]
    fn the_attempt_over_the_limit_waits_until_the_oldest_leaves_the_window() {
        let limit = RateLimit::new(5, 60);
        let now = Utc::now();
        let oldest = now - Duration::seconds(45);
        assert_eq!(
            limit.decide(5, Some(oldest), now),
            RateDecision::Refused {
                retry_after_seconds: 15
            }
        );
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        let limit = RateLimit::new(1, 60);
        let now = Utc::now();
        let oldest = now - Duration::seconds(60);
        assert_eq!(
            limit.decide(1, Some(oldest), now),
            RateDecision::Refused {
                retry_after_seconds: 1
            }
        );
    }
}
