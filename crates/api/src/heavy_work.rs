//! CPU-heavy work (argon2 password hashes, ~20 ms of a core and 19 MiB each; passport OCR,
//! ~250 ms) runs on blocking threads, at most one job per core but one at a time: a wave
//! of sign-ups or scans queues here instead of starving every other request of CPU and
//! growing memory without bound. The queue is fair (first come, first served).
//!
//! Logins have a queue of their own, so that no other work (sign-ups, password changes,
//! photos) can hold them up, and it is bounded: past its length, or after waiting its
//! longest, a login is answered 503 with Retry-After at once instead of piling up.

use crate::error::ApiError;
use std::sync::LazyLock;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    Semaphore::new(cores.saturating_sub(1).max(1))
});

/// Jobs started in this process (both queues), for tests and metrics.
static STARTED: AtomicU64 = AtomicU64::new(0);

/// How many heavy jobs this process has started.
pub fn jobs_started() -> u64 {
    STARTED.load(Ordering::SeqCst)
}

/// Runs `work` on a blocking thread once a slot is free.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _slot = SLOTS.acquire().await.map_err(ApiError::internal)?;
    STARTED.fetch_add(1, Ordering::SeqCst);
    actix_web::web::block(work)
        .await
        .map_err(ApiError::internal)
}

/// The logins' queue: one job at a time, `length` more waiting at most, each for
/// `longest_wait` at most.
pub struct LoginQueue {
    slot: Semaphore,
    in_line: AtomicUsize,
    length: usize,
    longest_wait: Duration,
}

static LOGINS: OnceLock<LoginQueue> = OnceLock::new();

/// Sets the logins' queue (at start-up; the first setting stays).
pub fn configure_logins(length: usize, longest_wait: Duration) {
    let _ = LOGINS.set(LoginQueue {
        slot: Semaphore::new(1),
        in_line: AtomicUsize::new(0),
        length,
        longest_wait,
    });
}

/// The logins' queue (64 waiting, 5 s, unless configured).
pub fn logins() -> &'static LoginQueue {
    LOGINS.get_or_init(|| LoginQueue {
        slot: Semaphore::new(1),
        in_line: AtomicUsize::new(0),
        length: 64,
        longest_wait: Duration::from_secs(5),
    })
}

/// Seconds a refused login is told to wait.
const LOGIN_RETRY_AFTER_SECONDS: u64 = 2;

struct InLine<'a>(&'a AtomicUsize);

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl LoginQueue {
    /// Runs `work` on a blocking thread in turn, or refuses at once when the line is full
    /// or the wait would be too long.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let busy = || ApiError::Busy {
            retry_after_seconds: LOGIN_RETRY_AFTER_SECONDS,
        };
        if self.in_line.fetch_add(1, Ordering::SeqCst) > self.length {
            self.in_line.fetch_sub(1, Ordering::SeqCst);
            tracing::warn!("login queue full");
            return Err(busy());
        }
        let _in_line = InLine(&self.in_line);
        let _slot = tokio::time::timeout(self.longest_wait, self.slot.acquire())
            .await
            .map_err(|_| {
                tracing::warn!("login waited too long");
                busy()
            })?
            .map_err(ApiError::internal)?;
        STARTED.fetch_add(1, Ordering::SeqCst);
        actix_web::web::block(work)
            .await
            .map_err(ApiError::internal)
    }

    /// Logins running or waiting now.
    pub fn in_line(&self) -> usize {
        self.in_line.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_jobs_run_at_once_than_there_are_slots() {
        let slots = super::SLOTS.available_permits();
        assert!(slots >= 1);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let jobs: Vec<_> = (0..4 * slots + 4)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(super::run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for job in jobs {
            job.await.unwrap().unwrap();
        }
        assert_eq!(
            most.load(Ordering::SeqCst),
            slots,
            "every slot used, never more"
        );
    }
}
