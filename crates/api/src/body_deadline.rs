//! Time to receive a request body. actix-web cuts a slow request head (5 s) but lets a
//! body trickle for as long as the client likes: one byte every two seconds kept a
//! request — its buffers, its worker slot — open for minutes. Every body now has a pace
//! to keep: no pause longer than [`MAX_PAUSE`], at least [`MIN_BYTES_PER_SECOND`] on
//! average once [`GRACE`] has passed, and [`MAX_BODY_TIME`] in all; a body that falls
//! behind ends with 408. A 2 MB photo over a 64 kbit/s mobile link (8 KB/s) takes about
//! four minutes at the average this allows and is not cut.

use actix_web::HttpMessage;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use futures_util::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// Longest pause between two pieces of a body.
pub const MAX_PAUSE: Duration = Duration::from_secs(10);
/// The first seconds of a body, before its average pace counts.
pub const GRACE: Duration = Duration::from_secs(10);
/// Slowest average pace accepted after the grace period.
pub const MIN_BYTES_PER_SECOND: u64 = 1024;
/// Longest time to receive any body.
pub const MAX_BODY_TIME: Duration = Duration::from_secs(300);

/// How a body fell behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TooSlow {
    #[error("the request body paused longer than {}s", MAX_PAUSE.as_secs())]
    Paused,
    #[error("the request body arrived slower than {MIN_BYTES_PER_SECOND} bytes a second")]
    Trickling,
    #[error("the request body took longer than {}s", MAX_BODY_TIME.as_secs())]
    TooLong,
}

/// Whether `error` (as a handler sees it) is a body that fell behind.
pub fn is_too_slow(error: &PayloadError) -> bool {
    match error {
        PayloadError::Io(io) => io.get_ref().is_some_and(|inner| inner.is::<TooSlow>()),
        _ => false,
    }
}

fn cut(reason: TooSlow) -> PayloadError {
    tracing::warn!(%reason, "request body cut");
    PayloadError::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, reason))
}

/// A body that must keep its pace.
struct PacedBody {
    inner: Payload,
    started: Instant,
    received: u64,
    /// Fires at whichever comes first: the end of the allowed pause, the moment the average
    /// falls behind, the end of the allowed time.
    alarm: Pin<Box<Sleep>>,
    done: bool,
}

impl PacedBody {
    fn new(inner: Payload) -> Self {
        let started = Instant::now();
        let mut body = Self {
            inner,
            started,
            received: 0,
            alarm: Box::pin(tokio::time::sleep_until(started + MAX_PAUSE)),
            done: false,
        };
        body.rearm(started);
        body
    }

    /// When the average pace would fall below the minimum with no more bytes.
    fn behind_at(&self) -> Instant {
        let due = Duration::from_secs_f64(self.received as f64 / MIN_BYTES_PER_SECOND as f64);
        self.started + due.max(GRACE)
    }

    fn rearm(&mut self, now: Instant) {
        let at = (now + MAX_PAUSE)
            .min(self.behind_at())
            .min(self.started + MAX_BODY_TIME);
        self.alarm.as_mut().reset(at);
    }

    fn reason(&self, now: Instant) -> TooSlow {
        if now >= self.started + MAX_BODY_TIME {
            TooSlow::TooLong
        } else if now >= self.behind_at() {
            TooSlow::Trickling
        } else {
            TooSlow::Paused
        }
    }
}

impl Stream for PacedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.received = self.received.saturating_add(chunk.len() as u64);
                let now = Instant::now();
                if now >= self.started + MAX_BODY_TIME {
                    self.done = true;
                    return Poll::Ready(Some(Err(cut(TooSlow::TooLong))));
                }
                self.rearm(now);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(other) => {
                self.done = true;
                Poll::Ready(other)
            }
            Poll::Pending => match self.alarm.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    let reason = self.reason(Instant::now());
                    Poll::Ready(Some(Err(cut(reason))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// The middleware: every request's body keeps its pace.
pub async fn pace(
    mut req: ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let body = req.take_payload();
    req.set_payload(Payload::from(
        Box::pin(PacedBody::new(body)) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
    ));
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn trickle(pieces: usize, every: Duration) -> Payload {
        let stream = futures_util::stream::unfold(0, move |n| async move {
            if n == pieces {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((Ok::<_, PayloadError>(Bytes::from_static(b"x")), n + 1))
        });
        Payload::from(Box::pin(stream) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>)
    }

    async fn outcome(body: Payload) -> (u64, Option<bool>) {
        let mut paced = PacedBody::new(body);
        let mut bytes = 0;
        while let Some(item) = paced.next().await {
            match item {
                Ok(chunk) => bytes += chunk.len() as u64,
                Err(error) => return (bytes, Some(is_too_slow(&error))),
            }
        }
        (bytes, None)
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_trickled_a_byte_every_two_seconds_is_cut_when_the_grace_ends() {
        let started = Instant::now();
        let (bytes, error) = outcome(trickle(1000, Duration::from_secs(2))).await;
        assert_eq!(error, Some(true));
        assert!(bytes <= 5, "{bytes}");
        assert_eq!(Instant::now() - started, GRACE);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stops_is_cut_after_the_longest_pause() {
        let started = Instant::now();
        let stream =
            futures_util::stream::iter([Ok::<_, PayloadError>(Bytes::from(vec![0; 64 * 1024]))])
                .chain(futures_util::stream::pending());
        let body = Payload::from(
            Box::pin(stream) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
        );
        let (bytes, error) = outcome(body).await;
        assert_eq!((bytes, error), (64 * 1024, Some(true)));
        assert_eq!(Instant::now() - started, MAX_PAUSE);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_but_steady_upload_arrives_whole() {
        // 2 MB at 8 KB a second, in 8 KB pieces: four minutes and a half.
        let stream = futures_util::stream::unfold(0, |n| async move {
            if n == 256 {
                return None;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            Some((Ok::<_, PayloadError>(Bytes::from(vec![0; 8 * 1024])), n + 1))
        });
        let body = Payload::from(
            Box::pin(stream) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
        );
        assert_eq!(outcome(body).await, (2 * 1024 * 1024, None));
    }
}
