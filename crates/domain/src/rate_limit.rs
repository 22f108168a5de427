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

#[cfg(test)]
mod tests {
    use super::*;

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
