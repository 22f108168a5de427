//! Drains the outbox: claims due emails, sends them, records the outcome. A failed
//! delivery is retried with backoff until it succeeds; nothing is dropped.

use crate::transport::MailTransport;
use chrono::{Duration, Utc};
use lettre::message::Mailbox;
use portal_domain::retry::backoff_after;
use portal_persistence::outbox::{AttachmentContent, OutboxEmail};
use portal_persistence::{DatabaseConnection, PersistenceError, outbox};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::watch;

/// A rendering in progress.
pub type Rendering<'a> = Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send + 'a>>;

/// Renders the attachments that emails name instead of carrying (the receipt PDF).
pub trait AttachmentSource: Send + Sync {
    /// The bytes for `source`, e.g. `receipt:<pre-registration id>`.
    fn render<'a>(&'a self, source: &'a str) -> Rendering<'a>;
}

/// For deployments that send no rendered attachments.
pub struct NoAttachments;

impl AttachmentSource for NoAttachments {
    fn render<'a>(&'a self, source: &'a str) -> Rendering<'a> {
        Box::pin(async move { Err(format!("nothing renders {source}")) })
    }
}

/// The email with its attachment's bytes in place.
async fn with_rendered_attachment(
    mut email: OutboxEmail,
    attachments: &dyn AttachmentSource,
) -> Result<OutboxEmail, String> {
    if let Some(attachment) = email.attachment.as_mut()
        && let AttachmentContent::RenderedAtDelivery(source) = &attachment.content
    {
        let bytes = attachments.render(source).await?;
        attachment.content = AttachmentContent::Bytes(bytes);
    }
    Ok(email)
}

/// Emails claimed per round.
const BATCH: u32 = 20;
/// How long a claim holds before another worker may take the email over: the longest an
/// email claimed by a process that was killed waits to go out (measured by
/// `cargo bench -p portal-api --bench crash`). A batch still being sent after it may be
/// sent twice — delivery is at least once, never lost.
const LEASE_MINUTES: i64 = 2;

/// Sends every email due now; returns how many were sent.
pub async fn deliver_due(
    db: &DatabaseConnection,
    transport: &MailTransport,
    from: &Mailbox,
    attachments: &dyn AttachmentSource,
) -> Result<usize, PersistenceError> {
    let mut sent = 0;
    loop {
        let now = Utc::now();
        let claimed = outbox::claim_due(db, now, BATCH, Duration::minutes(LEASE_MINUTES)).await?;
        if claimed.is_empty() {
            return Ok(sent);
        }
        let mut progressed = false;
        for email in claimed {
            let email = match with_rendered_attachment(email.clone(), attachments).await {
                Ok(ready) => ready,
                Err(error) => {
                    let next = Utc::now() + backoff_after(email.attempts + 1);
                    outbox::mark_failed(db, email.id, &error, next).await?;
                    tracing::error!(email_id = %email.id, kind = %email.kind, %error, retry_at = %next, "email attachment could not be rendered; will retry");
                    continue;
                }
            };
            match transport.send(from, &email).await {
                Ok(()) => {
                    outbox::mark_sent(db, email.id, Utc::now()).await?;
                    tracing::info!(email_id = %email.id, kind = %email.kind, "email delivered");
                    sent += 1;
                    progressed = true;
                }
                Err(error) => {
                    let next = Utc::now() + backoff_after(email.attempts + 1);
                    outbox::mark_failed(db, email.id, &error.to_string(), next).await?;
                    tracing::warn!(email_id = %email.id, kind = %email.kind, attempts = email.attempts + 1, %error, retry_at = %next, "email delivery failed; will retry");
                }
            }
        }
        if !progressed {
            return Ok(sent);
        }
    }
}

/// Runs until `shutdown` turns true, polling every `interval`.
pub async fn run(
    db: DatabaseConnection,
    transport: MailTransport,
    from: Mailbox,
    attachments: std::sync::Arc<dyn AttachmentSource>,
    interval: std::time::Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(transport = %transport.describe(), "email worker started");
    loop {
        if let Err(error) = deliver_due(&db, &transport, &from, attachments.as_ref()).await {
            tracing::error!(%error, "email worker could not read the outbox");
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    tracing::info!("email worker stopped");
                    return;
                }
            }
        }
    }
}
