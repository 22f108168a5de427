//! Retry schedule for background deliveries: exponential backoff, capped.

use chrono::Duration;

/// Longest wait between two attempts.
pub const MAX_BACKOFF_SECONDS: i64 = 30 * 60;

/// Wait before attempt number `failed_attempts + 1`: 10 s, 20 s, 40 s, … up to 30 min.
/// Deliveries are retried until they succeed; nothing is dropped.
pub fn backoff_after(failed_attempts: u32) -> Duration {
    let exponent = failed_attempts.saturating_sub(1).min(20);
    let seconds = 10_i64.saturating_mul(1_i64 << exponent);
    Duration::seconds(seconds.min(MAX_BACKOFF_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds() {
        assert_eq!(backoff_after(1), Duration::seconds(10));
        assert_eq!(backoff_after(2), Duration::seconds(20));
        assert_eq!(backoff_after(3), Duration::seconds(40));
    }

    #[test]
    fn backoff_is_capped_at_thirty_minutes() {
        assert_eq!(backoff_after(10), Duration::seconds(MAX_BACKOFF_SECONDS));
        assert_eq!(
            backoff_after(u32::MAX),
            Duration::seconds(MAX_BACKOFF_SECONDS)
        );
    }
}
