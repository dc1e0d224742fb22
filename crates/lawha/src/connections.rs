//! Accepting and serving HTTP/1.1 connections within limits, so that idle or slow clients
//! cannot take a node down (axum's own `serve` has no timeout and no cap).
//!
//! - At most `max_connections` at once; at the cap the connections open longest are asked
//!   to close to make room ([`crate::capacity`]).
//! - A request head must arrive within `header_read_timeout`: from the start of a connection
//!   (one that sends nothing is closed then), and on a kept-alive one from the first bytes of
//!   its next request (a slowloris sending a header byte now and then is closed then).
//! - A kept-alive connection may rest `idle_timeout` between requests, so that clients asking
//!   again every 30 s keep theirs ([`crate::head_wait`]).
//! - A request body or a response that stalls for `idle_timeout` is cut ([`crate::stall`]).
//! - `accept` errors (out of descriptors, above all) back off from 10 ms to 100 ms instead
//!   of retrying at once, and are logged once per run of failures.
//!
//! Only HTTP/1.1 is spoken: the reverse proxy in front speaks it to its upstreams, while
//! guessing the protocol first (hyper-util's "auto") waits for the first bytes with no
//! timeout at all, and HTTP/2 has no header timeout.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use crate::capacity::{Capacity, Place};
use crate::head_wait::{HeadLimits, HeadTimer};
use crate::stall::{IdleBody, StallGuard};

/// What one node allows its clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the connections finish
/// their requests and returns once all have closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut capacity = Capacity::new(limits.max_connections);
    let (stop, stopping) = watch::channel(false);
    let mut failures = AcceptFailures::default();
    tokio::pin!(shutdown);
    loop {
        let next = async {
            let (stream, peer) = loop {
                match listener.accept().await {
                    Ok(accepted) => break accepted,
                    Err(e) => failures.pause(&e).await,
                }
            };
            failures.ended();
            (capacity.place().await, stream, peer)
        };
        let (place, stream, peer) = tokio::select! {
            next = next => next,
            () = &mut shutdown => break,
        };
        let connection = Connection {
            app: app.clone(),
            limits,
            peer,
            place,
        };
        tokio::spawn(connection.serve(stream, stopping.clone()));
    }
    drop(listener);
    let _ = stop.send(true);
    capacity.all_closed().await;
}

/// One accepted connection and what it needs.
struct Connection {
    app: Router,
    limits: Limits,
    peer: SocketAddr,
    /// Its place under the cap, given back when the connection ends, however it ends.
    place: Place,
}

impl Connection {
    async fn serve(self, stream: TcpStream, mut stopping: watch::Receiver<bool>) {
        // TCP_NODELAY: streamed media bodies otherwise meet Nagle's algorithm and the
        // client's delayed ACK, and each response on a kept-alive connection stalls ~40 ms.
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY on a connection");
        }
        let Limits {
            header_read_timeout,
            idle_timeout,
            ..
        } = self.limits;
        let (app, peer, place) = (self.app, self.peer, self.place);
        let service = service_fn(move |request: Request<Incoming>| {
            let mut request = request.map(|body| Body::new(IdleBody::new(body, idle_timeout)));
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let head_limits = HeadLimits {
            header: header_read_timeout,
            rest: idle_timeout,
        };
        let (timer, io) =
            HeadTimer::for_connection(StallGuard::new(stream, idle_timeout), head_limits);
        let connection = http1::Builder::new()
            .timer(timer)
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(io), service);
        tokio::pin!(connection);
        let close = async {
            tokio::select! {
                () = place.asked_to_close() => {}
                // The guard `wait_for` returns is not `Send`: dropped at once.
                _ = async { stopping.wait_for(|&stop| stop).await.is_ok() } => {}
            }
        };
        let ended = tokio::select! {
            ended = connection.as_mut() => ended,
            () = close => {
                // Closes at once if idle, else after the request in progress.
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        if let Err(e) = ended {
            // Timeouts and clients going away are routine; nothing here names a person.
            tracing::debug!(error = %e, "connection closed");
        }
        drop(place);
    }
}

/// Keeps a process out of descriptors from spinning on `accept`.
#[derive(Default)]
struct AcceptFailures {
    /// Failures in a row, and when the current run started.
    count: u32,
    since: Option<std::time::Instant>,
}

const FIRST_PAUSE: Duration = Duration::from_millis(10);
const LONGEST_PAUSE: Duration = Duration::from_millis(100);

impl AcceptFailures {
    /// Waits before the next `accept`: not at all after a client that gave up, else longer
    /// after each failure in a row.
    async fn pause(&mut self, error: &std::io::Error) {
        use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
        if matches!(
            error.kind(),
            ConnectionAborted | ConnectionRefused | ConnectionReset
        ) {
            return;
        }
        if self.count == 0 {
            tracing::warn!(error = %error, "accept failed; backing off until it works again");
            self.since = Some(std::time::Instant::now());
        }
        self.count = self.count.saturating_add(1);
        tokio::time::sleep(pause_after(self.count)).await;
    }

    /// `accept` worked: the run of failures, if any, is over.
    fn ended(&mut self) {
        if let Some(since) = self.since.take() {
            tracing::info!(
                failures = self.count,
                seconds = since.elapsed().as_secs(),
                "accept works again"
            );
        }
        self.count = 0;
    }
}

/// 10 ms, doubling with each failure in a row, at most 100 ms.
fn pause_after(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(10);
    (FIRST_PAUSE * 2u32.pow(doublings)).min(LONGEST_PAUSE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn accept_failures_back_off_up_to_a_tenth_of_a_second() {
        let pauses: Vec<u128> = (1..=6).map(|n| pause_after(n).as_millis()).collect();
        assert_eq!(pauses, [10, 20, 40, 80, 100, 100]);
        assert_eq!(pause_after(u32::MAX), LONGEST_PAUSE);
    }

    /// An echo server with a 300 ms idle timeout; stops when `stop` is dropped or sent.
    async fn echo_server() -> (
        SocketAddr,
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = Router::new().route(
            "/echo",
            axum::routing::post(|body: String| async move { body }),
        );
        let limits = Limits {
            max_connections: 4,
            header_read_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_millis(300),
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, limits, async {
            let _ = stopped.await;
        }));
        (address, stop, server)
    }

    async fn answer(client: &mut TcpStream) -> String {
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), client.read_to_end(&mut answer))
            .await
            .unwrap()
            .unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[tokio::test]
    async fn a_request_body_that_stalls_is_cut_off_and_a_slow_one_is_not() {
        let (address, _stop, _server) = echo_server().await;
        let head =
            "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\n";

        let mut slow = TcpStream::connect(address).await.unwrap();
        slow.write_all(head.as_bytes()).await.unwrap();
        for byte in b"hello" {
            tokio::time::sleep(Duration::from_millis(150)).await;
            slow.write_all(&[*byte]).await.unwrap();
        }
        let answer_text = answer(&mut slow).await;
        assert!(answer_text.starts_with("HTTP/1.1 200"), "{answer_text}");
        assert!(answer_text.ends_with("hello"), "{answer_text}");

        let mut stalled = TcpStream::connect(address).await.unwrap();
        stalled.write_all(head.as_bytes()).await.unwrap();
        stalled.write_all(b"he").await.unwrap();
        let started = Instant::now();
        let answer_text = answer(&mut stalled).await;
        assert!(answer_text.starts_with("HTTP/1.1 4"), "{answer_text}");
        assert!(started.elapsed() >= Duration::from_millis(300));
    }

    #[tokio::test]
    async fn shutting_down_closes_idle_connections_and_returns() {
        let (address, stop, server) = echo_server().await;
        let mut idle = TcpStream::connect(address).await.unwrap();
        // Let the server accept it before stopping.
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(3), server)
            .await
            .unwrap()
            .unwrap();
        let mut buf = [0; 16];
        assert_eq!(
            idle.read(&mut buf).await.unwrap(),
            0,
            "closed by the server"
        );
    }
}
