//! Cutting off transfers that stall: a response the client stopped reading
//! ([`StallGuard`], on the connection) and a request body it stopped sending ([`IdleBody`]).
//!
//! Each holds a timer only while it waits: any progress clears it, so a slow but moving
//! transfer (a large upload on a poor line) is never cut, and nothing is timed while a
//! handler works on a request.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// A timer that runs while something waits, and fires once it has waited `limit`.
struct Stall {
    limit: Duration,
    timer: Option<Pin<Box<Sleep>>>,
}

impl Stall {
    fn new(limit: Duration) -> Stall {
        Stall { limit, timer: None }
    }

    /// Passes `polled` on; turns waiting longer than the limit into `expired()`.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<T>,
        expired: impl FnOnce() -> T,
    ) -> Poll<T> {
        if polled.is_ready() {
            self.timer = None;
            return polled;
        }
        let limit = self.limit;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(expired()),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("{what} stalled"))
}

/// A connection whose writes fail once one has waited `limit` for the client to read.
pub struct StallGuard<T> {
    io: T,
    writes: Stall,
}

impl<T> StallGuard<T> {
    pub fn new(io: T, limit: Duration) -> StallGuard<T> {
        StallGuard {
            io,
            writes: Stall::new(limit),
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallGuard<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        // Reads are not timed here: hyper's header timeout covers a client that sends
        // nothing, and `IdleBody` one that stops sending its body.
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallGuard<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, buf);
        this.writes
            .watch(cx, polled, || Err(timed_out("the response")))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.writes
            .watch(cx, polled, || Err(timed_out("the response")))
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_flush(cx);
        this.writes
            .watch(cx, polled, || Err(timed_out("the response")))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_shutdown(cx);
        this.writes
            .watch(cx, polled, || Err(timed_out("the response")))
    }
}

/// A request body that fails once the handler has waited `limit` for its next part.
pub struct IdleBody {
    body: Incoming,
    parts: Stall,
}

impl IdleBody {
    pub fn new(body: Incoming, limit: Duration) -> IdleBody {
        IdleBody {
            body,
            parts: Stall::new(limit),
        }
    }
}

impl Body for IdleBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.body)
            .poll_frame(cx)
            .map(|frame| frame.map(|f| f.map_err(Self::Error::from)));
        this.parts.watch(cx, polled, || {
            Some(Err(timed_out("the request body").into()))
        })
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_write_the_peer_never_reads_fails_after_the_limit() {
        let limit = Duration::from_millis(300);
        let (ours, mut theirs) = tokio::io::duplex(16);
        let mut guarded = StallGuard::new(ours, limit);
        // The peer reads a little, less often than the limit, then stops reading.
        let peer = tokio::spawn(async move {
            for _ in 0..3 {
                tokio::time::sleep(limit * 2 / 3).await;
                let mut buf = [0; 16];
                theirs.read_exact(&mut buf).await.unwrap();
            }
            theirs
        });
        // Moving, even slowly, is never cut: 16 bytes fit, the rest waits for each read.
        guarded.write_all(&[1; 64]).await.unwrap();
        let _still_open = peer.await.unwrap();
        let started = std::time::Instant::now();
        let err = guarded.write_all(&[1; 16]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= limit, "{:?}", started.elapsed());
    }
}
