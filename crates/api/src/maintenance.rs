//! Periodic clean-up of rows that have served their purpose.

use crate::storage::FileStore;
use chrono::{Duration, Utc};
use portal_persistence::{
    DatabaseConnection, captchas, document_scans, inspections, preregistrations, rate_limits,
};
use portal_shared::dates::mexico_today;
use tokio::sync::watch;

/// How often the clean-up runs.
const INTERVAL: std::time::Duration = std::time::Duration::from_secs(600);

/// Deletes expired captchas and officer inspections, rate-limit attempts older than a day
/// (every window is shorter), unclaimed passport photos after an hour, and Pre-Registro drafts whose arrival
/// date has passed (with their attached files).
pub async fn clean_once(db: &DatabaseConnection, files: &FileStore) {
    let now = Utc::now();
    match preregistrations::delete_drafts_arriving_before(db, mexico_today(now)).await {
        Ok(keys) => {
            for key in keys {
                if let Err(error) = files.delete(&key).await {
                    tracing::error!(%error, "attachment of an expired draft could not be removed");
                }
            }
        }
        Err(error) => tracing::error!(%error, "draft clean-up failed"),
    }
    match document_scans::older_than(db, now - Duration::hours(1)).await {
        Ok(scans) => {
            for scan in scans {
                if let Err(error) = files.delete(&scan.storage_key).await {
                    tracing::error!(%error, "scan photo clean-up failed");
                    continue;
                }
                if let Err(error) = document_scans::delete(db, scan.id).await {
                    tracing::error!(%error, "scan clean-up failed");
                }
            }
        }
        Err(error) => tracing::error!(%error, "scan clean-up failed"),
    }
    match captchas::delete_expired(db, now - Duration::hours(1)).await {
        Ok(deleted) if deleted > 0 => tracing::info!(deleted, "expired captchas deleted"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "captcha clean-up failed"),
    }
    match inspections::delete_expired(db, now).await {
        Ok(deleted) if deleted > 0 => {
            tracing::info!(deleted, "expired officer inspections deleted")
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "inspection clean-up failed"),
    }
    match rate_limits::delete_before(db, now - Duration::days(1)).await {
        Ok(deleted) if deleted > 0 => tracing::info!(deleted, "old rate-limit attempts deleted"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "rate-limit clean-up failed"),
    }
}

pub async fn run(db: DatabaseConnection, files: FileStore, mut shutdown: watch::Receiver<bool>) {
    loop {
        clean_once(&db, &files).await;
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    return;
                }
            }
        }
    }
}
