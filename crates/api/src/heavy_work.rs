//! CPU-heavy work (argon2 password hashes, ~20 ms of a core and 19 MiB each; passport OCR,
//! ~250 ms) runs on blocking threads, at most one job per core but one at a time: a wave
//! of logins or scans queues here instead of starving every other request of CPU and
//! growing memory without bound. The queue is fair (first come, first served).

use crate::error::ApiError;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    Semaphore::new(cores.saturating_sub(1).max(1))
});

/// Runs `work` on a blocking thread once a slot is free.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _slot = SLOTS.acquire().await.map_err(ApiError::internal)?;
    actix_web::web::block(work)
        .await
        .map_err(ApiError::internal)
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
