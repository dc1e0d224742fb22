//! Holds many kept-alive HTTP/1.1 connections to a server, each sending `GET /healthz` every
//! period, as phones left on a page would (bench/connections.sh).
//!
//! Each socket is bound to one of several loopback source addresses (127.0.0.2, 127.0.0.3, …;
//! Linux routes all of 127/8 to `lo`) before it connects: one source address has only the
//! ephemeral port range, about 28,000 ports. Connections open at a bounded rate and send
//! their first request at once (the server cuts a connection that sends nothing); later
//! requests follow every period, spread evenly over it rather than in lockstep. A connection
//! the server closes is counted and not reopened.
//!
//! It prints a status line every few seconds, `HOLD_READY` once every connection has been
//! tried, and `HOLD_JSON {…}` when the hold ends.
//!
//!   cargo run --release -p lawha --example hold_connections -- \
//!       --target 127.0.0.1:8080 --connections 10000 --period 30 --hold 90

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::Instant;

#[derive(Parser, Debug)]
struct Args {
    /// The server's address.
    #[arg(long)]
    target: SocketAddr,
    /// Connections to open and hold.
    #[arg(long, default_value_t = 10_000)]
    connections: u64,
    /// Number of the first connection (its place in the period), when several processes
    /// share one run.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// All connections of the run, over every process (spreads requests over the period).
    #[arg(long)]
    total: Option<u64>,
    /// Loopback source addresses to spread the connections over, from 127.0.0.2 up.
    #[arg(long, default_value_t = 8)]
    sources: u8,
    /// Seconds between two requests on one connection.
    #[arg(long, default_value_t = 30)]
    period: u64,
    /// Seconds to hold the connections once all have been tried.
    #[arg(long, default_value_t = 90)]
    hold: u64,
    /// Connections opened per second at most.
    #[arg(long, default_value_t = 5_000)]
    open_rate: u64,
    /// The request path.
    #[arg(long, default_value = "/healthz")]
    path: String,
}

/// What happened to the connections so far, over all of them.
#[derive(Default)]
struct Counts {
    open: AtomicU64,
    connect_failed: AtomicU64,
    requests_ok: AtomicU64,
    /// Answers that were not 200, or could not be read as HTTP.
    bad_answers: AtomicU64,
    /// Closed by the server (or reset) while held.
    closed: AtomicU64,
    /// The slowest answer, in microseconds.
    slowest_us: AtomicU64,
}

impl Counts {
    /// Each count by name, as read now.
    fn read(&self) -> [(&'static str, u64); 6] {
        let read = |count: &AtomicU64| count.load(Ordering::Relaxed);
        [
            ("open", read(&self.open)),
            ("connect_failed", read(&self.connect_failed)),
            ("requests_ok", read(&self.requests_ok)),
            ("bad_answers", read(&self.bad_answers)),
            ("closed", read(&self.closed)),
            ("slowest_us", read(&self.slowest_us)),
        ]
    }

    /// `open 10 connect_failed 0 …`, for people.
    fn line(&self) -> String {
        let counts = self.read().map(|(name, n)| format!("{name} {n}"));
        counts.join(" ")
    }

    /// `{"open":10,…}`, for the script.
    fn json(&self) -> String {
        let counts = self.read().map(|(name, n)| format!("\"{name}\":{n}"));
        format!("{{{}}}", counts.join(","))
    }
}

/// One request's outcome on a connection.
enum Answer {
    Ok,
    Bad,
    Closed,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(
        args.sources >= 1 && args.sources <= 250,
        "--sources: 1..250"
    );
    anyhow::ensure!(
        args.period >= 1 && args.open_rate >= 1,
        "--period, --open-rate: ≥ 1"
    );
    let files = raise_open_files_limit();
    anyhow::ensure!(
        files.is_none_or(|n| n > args.connections + 64),
        "the open-files limit ({files:?}) is too low for {} connections",
        args.connections
    );
    let request: Arc<[u8]> = format!("GET {} HTTP/1.1\r\nHost: lawha\r\n\r\n", args.path)
        .into_bytes()
        .into();
    let counts = Arc::new(Counts::default());
    let total = args.total.unwrap_or(args.connections).max(1);
    let period = Duration::from_secs(args.period);
    let started = Instant::now();
    let reporter = tokio::spawn(report(Arc::clone(&counts), started));

    let mut tick = tokio::time::interval(Duration::from_secs(1) / 100);
    let per_tick = (args.open_rate / 100).max(1);
    for i in 0..args.connections {
        if i % per_tick == 0 {
            tick.tick().await;
        }
        let n = args.first + i;
        let source = IpAddr::V4(Ipv4Addr::new(
            127,
            0,
            0,
            2 + (n % u64::from(args.sources)) as u8,
        ));
        // Its place in the period: requests of all connections spread evenly over it.
        let phase = period.mul_f64(n as f64 / total as f64);
        let task = hold(
            source,
            args.target,
            Arc::clone(&request),
            Arc::clone(&counts),
            started + phase,
            period,
        );
        tokio::spawn(task);
    }
    // Every connection has been tried once its connect has ended, one way or the other.
    while counts.open.load(Ordering::Relaxed)
        + counts.connect_failed.load(Ordering::Relaxed)
        + counts.closed.load(Ordering::Relaxed)
        < args.connections
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "HOLD_READY after {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        counts.line()
    );
    tokio::time::sleep(Duration::from_secs(args.hold)).await;
    reporter.abort();
    println!("HOLD_JSON {}", counts.json());
    Ok(())
}

/// Opens one connection from `source`, sends a request at once, then one each period from
/// `first_turn` on, until the server closes it.
async fn hold(
    source: IpAddr,
    target: SocketAddr,
    request: Arc<[u8]>,
    counts: Arc<Counts>,
    first_turn: Instant,
    period: Duration,
) {
    let mut stream = match connect(source, target).await {
        Ok(stream) => stream,
        Err(_) => {
            counts.connect_failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
    };
    counts.open.fetch_add(1, Ordering::Relaxed);
    let mut turn = first_turn;
    loop {
        let sent = Instant::now();
        match ask(&mut stream, &request).await {
            Answer::Ok => {
                counts.requests_ok.fetch_add(1, Ordering::Relaxed);
                let us = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                counts.slowest_us.fetch_max(us, Ordering::Relaxed);
            }
            Answer::Bad => {
                counts.bad_answers.fetch_add(1, Ordering::Relaxed);
            }
            Answer::Closed => {
                counts.open.fetch_sub(1, Ordering::Relaxed);
                counts.closed.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        while turn <= Instant::now() {
            turn += period;
        }
        tokio::time::sleep_until(turn).await;
    }
}

async fn connect(source: IpAddr, target: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = tokio::time::timeout(Duration::from_secs(10), socket.connect(target))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends one request and reads its answer (headers, then `Content-Length` bytes of body).
async fn ask(stream: &mut TcpStream, request: &[u8]) -> Answer {
    if stream.write_all(request).await.is_err() {
        return Answer::Closed;
    }
    let mut buf = [0u8; 4096];
    let mut len = 0;
    let read = async {
        loop {
            let n = stream.read(&mut buf[len..]).await.ok()?;
            if n == 0 {
                return None;
            }
            len += n;
            if let Some(complete) = answer_complete(&buf[..len]) {
                return Some(complete);
            }
            if len == buf.len() {
                return Some(false);
            }
        }
    };
    match tokio::time::timeout(Duration::from_secs(30), read).await {
        Ok(Some(true)) => Answer::Ok,
        Ok(Some(false)) => Answer::Bad,
        Ok(None) | Err(_) => Answer::Closed,
    }
}

/// `Some(status is 200)` once `answer` holds a whole response, `None` while it does not.
fn answer_complete(answer: &[u8]) -> Option<bool> {
    let head_end = answer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(answer.get(..head_end)?).ok()?;
    let body_len = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    (answer.len() >= head_end + body_len).then(|| head.starts_with("HTTP/1.1 200"))
}

/// A status line every five seconds.
async fn report(counts: Arc<Counts>, started: Instant) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        println!(
            "{:6.1} s: {}",
            started.elapsed().as_secs_f64(),
            counts.line()
        );
    }
}

/// Raises the soft open-files limit to the hard one; the soft limit afterwards (`None`:
/// unlimited).
fn raise_open_files_limit() -> Option<u64> {
    let limit = getrlimit(Resource::Nofile);
    let raised = Rlimit {
        current: limit.maximum,
        maximum: limit.maximum,
    };
    match setrlimit(Resource::Nofile, raised) {
        Ok(()) => limit.maximum,
        Err(_) => limit.current,
    }
}
