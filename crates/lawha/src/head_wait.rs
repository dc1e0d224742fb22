//! How long a connection may wait for its next request head: briefly for a client that is
//! sending one, longer for a kept-alive connection resting between requests.
//!
//! hyper times every wait for a head with its one header timer: on a new connection, and on a
//! kept-alive one from the moment a response has gone out. One limit for both either cuts the
//! phones that ask again every 30 s (a short limit) or leaves a slowloris trickling its head
//! for as long as a resting connection may rest (a long one). So hyper is given
//! [`HeadTimer`], which times each wait as:
//! - on a new connection: `header` from the start, whether bytes come or not;
//! - between requests: `rest` while nothing of the next request has come, then `header` from
//!   its first bytes (seen through [`CountReads`] on the connection).
//!
//! A resting connection costs what an open one does, and the connection cap bounds them all.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The two limits of a wait for a request head.
#[derive(Debug, Clone, Copy)]
pub struct HeadLimits {
    /// From the first byte of a head (or a connection's start) to the whole head.
    pub header: Duration,
    /// Between requests on a kept-alive connection, before the next one starts.
    pub rest: Duration,
}

/// Bytes received on a connection so far, shared by [`CountReads`] and [`HeadTimer`].
type Received = Arc<AtomicU64>;

/// The timer hyper is given for one connection; see the module docs.
pub struct HeadTimer {
    limits: HeadLimits,
    received: Received,
    /// Whether the connection has waited for a head before (its first wait is not a rest).
    waited: AtomicBool,
}

impl HeadTimer {
    /// A timer for the connection `io` is, and `io` counting what it receives for the timer.
    pub fn for_connection<T>(io: T, limits: HeadLimits) -> (HeadTimer, CountReads<T>) {
        let received = Received::default();
        let timer = HeadTimer {
            limits,
            received: Arc::clone(&received),
            waited: AtomicBool::new(false),
        };
        (timer, CountReads { io, received })
    }
}

impl Timer for HeadTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        Box::pin(HeadWait::fixed(duration))
    }

    /// hyper asks for `deadline` = now + its header timeout whenever it starts waiting for a
    /// head; the wait is timed as the module docs say instead.
    fn sleep_until(&self, _deadline: Instant) -> Pin<Box<dyn Sleep>> {
        if self.waited.swap(true, Ordering::Relaxed) {
            Box::pin(HeadWait::resting(self.limits, Arc::clone(&self.received)))
        } else {
            Box::pin(HeadWait::fixed(self.limits.header))
        }
    }
}

pin_project_lite::pin_project! {
    /// One wait for a request head.
    struct HeadWait {
        #[pin]
        sleep: tokio::time::Sleep,
        // While resting: what the connection had received when the wait began, and how
        // long a head may take once more comes.
        resting: Option<(Received, u64, Duration)>,
    }
}

impl HeadWait {
    fn fixed(limit: Duration) -> HeadWait {
        HeadWait {
            sleep: tokio::time::sleep(limit),
            resting: None,
        }
    }

    fn resting(limits: HeadLimits, received: Received) -> HeadWait {
        let before = received.load(Ordering::Relaxed);
        HeadWait {
            sleep: tokio::time::sleep(limits.rest),
            resting: Some((received, before, limits.header)),
        }
    }
}

impl Future for HeadWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        // hyper polls the wait each time bytes of an incomplete head arrive, so the first
        // poll after they did is when the head began.
        let started = this
            .resting
            .as_ref()
            .filter(|(received, before, _)| received.load(Ordering::Relaxed) != *before)
            .map(|&(_, _, header)| header);
        if let Some(header) = started {
            *this.resting = None;
            this.sleep
                .as_mut()
                .reset(tokio::time::Instant::now() + header);
        }
        this.sleep.poll(cx)
    }
}

impl Sleep for HeadWait {}

/// A connection that counts the bytes it receives, for its [`HeadTimer`].
pub struct CountReads<T> {
    io: T,
    received: Received,
}

impl<T: AsyncRead + Unpin> AsyncRead for CountReads<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        let read = buf.filled().len().saturating_sub(before);
        if read > 0 {
            this.received
                .fetch_add(u64::try_from(read).unwrap_or(u64::MAX), Ordering::Relaxed);
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CountReads<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // Real time (a paused clock needs tokio's test-util in every build of the workspace):
    // a wait is checked to be pending a while before its limit, and over soon after it,
    // with room for a busy machine.
    const LIMITS: HeadLimits = HeadLimits {
        header: Duration::from_millis(300),
        rest: Duration::from_millis(2_000),
    };
    const LATE: Duration = Duration::from_millis(700);

    /// Whether `wait` is still pending after `after`.
    async fn pending_after(wait: &mut Pin<Box<dyn Sleep>>, after: Duration) -> bool {
        tokio::time::timeout(after, wait.as_mut()).await.is_err()
    }

    #[tokio::test]
    async fn the_first_wait_is_the_header_limit() {
        let (timer, _io) = HeadTimer::for_connection(tokio::io::empty(), LIMITS);
        let mut wait = timer.sleep_until(Instant::now());
        assert!(pending_after(&mut wait, Duration::from_millis(150)).await);
        assert!(!pending_after(&mut wait, LATE).await);
    }

    #[tokio::test]
    async fn a_rest_between_requests_gets_the_rest_limit() {
        let (timer, _io) = HeadTimer::for_connection(tokio::io::empty(), LIMITS);
        drop(timer.sleep_until(Instant::now()));
        let mut rest = timer.sleep_until(Instant::now());
        assert!(pending_after(&mut rest, Duration::from_millis(1_500)).await);
        assert!(!pending_after(&mut rest, LATE).await);
    }

    #[tokio::test]
    async fn a_head_begun_after_a_rest_gets_the_header_limit_from_its_first_bytes() {
        let (ours, mut theirs) = tokio::io::duplex(64);
        let (timer, mut io) = HeadTimer::for_connection(ours, LIMITS);
        drop(timer.sleep_until(Instant::now()));
        let mut rest = timer.sleep_until(Instant::now());
        assert!(pending_after(&mut rest, Duration::from_millis(500)).await);
        // The first bytes of the next head, half a second into the rest.
        theirs.write_all(b"GET / HT").await.unwrap();
        let mut buf = [0; 64];
        assert_eq!(io.read(&mut buf).await.unwrap(), 8);
        // Not the rest's remaining 1.5 s, but the header limit from now: 300 ms.
        assert!(pending_after(&mut rest, Duration::from_millis(150)).await);
        assert!(!pending_after(&mut rest, LATE).await);
    }
}
