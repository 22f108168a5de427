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
