//! The real server under idle and slow clients: `lawha serve` is started under a small
//! open-files limit (`prlimit`, util-linux) with a one-second header timeout, and must keep
//! answering `/healthz` while hundreds of sockets sit idle, close slow and idle connections on
//! time, keep those that ask again within the idle timeout, stay under its connection cap,
//! and give every descriptor back.

#![cfg(target_os = "linux")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `lawha serve` on 127.0.0.1, stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    _data: tempfile::TempDir,
}

impl Server {
    fn start(open_files: u64, settings: &[(&str, &str)]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new("prlimit")
            .arg(format!("--nofile={open_files}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_lawha"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env_remove("LAWHA_CONFIG")
            .env("LAWHA_DATA_DIR", data.path())
            .env("LAWHA_MEDIA_WORKERS", "0")
            .env("LAWHA_HEADER_READ_TIMEOUT", "1")
            .env("LAWHA_EMBEDDED_JANUS", "false")
            .envs(settings.iter().copied())
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run prlimit (util-linux) and lawha");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("lawha stopped before listening")
                .unwrap();
            if let Some((_, rest)) = line.split_once("listening on http://") {
                let end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
                    .unwrap_or(rest.len());
                break rest[..end].parse().unwrap();
            }
        };
        // Keep reading the log, or the server would block once the pipe is full.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            address,
            _data: data,
        }
    }

    fn connect(&self) -> TcpStream {
        TcpStream::connect_timeout(&self.address, Duration::from_secs(5)).unwrap()
    }

    /// Sockets the server process holds (clients, its listener, the runtime's own).
    fn sockets(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .unwrap()
            .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
            .filter(|target| target.to_string_lossy().starts_with("socket:"))
            .count()
    }

    /// `GET /healthz` on a new connection: the status line and how long it took, or `None`
    /// when no answer came within `patience`.
    fn healthz(&self, patience: Duration) -> Option<(String, Duration)> {
        let started = Instant::now();
        let mut stream = self.connect();
        stream.set_read_timeout(Some(patience)).unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: lawha\r\nConnection: close\r\n\r\n")
            .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        let status = answer.lines().next()?.to_owned();
        Some((status, started.elapsed()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How long until the server closes `stream` (reads end or fail), or `None` past `patience`.
fn closed_within(stream: &mut TcpStream, patience: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0; 1024];
    while started.elapsed() < patience {
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

#[test]
fn idle_sockets_cannot_exhaust_descriptors() {
    // 256 descriptors; 300 idle sockets would take them all.
    let server = Server::start(256, &[]);
    let own = server.sockets();
    let mut idle: Vec<TcpStream> = (0..300).map(|_| server.connect()).collect();
    let (status, took) = server
        .healthz(Duration::from_secs(10))
        .expect("/healthz answers while 300 sockets sit idle");
    assert!(status.contains("200"), "{status}");
    assert!(took < Duration::from_secs(3), "/healthz took {took:?}");
    // The cap under 256 descriptors is 64 connections, plus one accepted waiting for room.
    let held = server.sockets() - own;
    assert!(held <= 64 + 1, "the server holds {held} client sockets");
    // Every idle socket is closed: to make room, or by the header timeout.
    for stream in &mut idle {
        assert!(closed_within(stream, Duration::from_secs(5)).is_some());
    }
    drop(idle);
    let started = Instant::now();
    while server.sockets() > own {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "descriptors given back: {} sockets left",
            server.sockets()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_connection_cap_is_kept_and_the_newest_get_in() {
    let server = Server::start(1024, &[("LAWHA_MAX_CONNECTIONS", "50")]);
    let own = server.sockets();
    let _idle: Vec<TcpStream> = (0..120).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let held = server.sockets() - own;
    assert!(held <= 50 + 1, "the server holds {held} client sockets");
    let (status, took) = server.healthz(Duration::from_secs(10)).unwrap();
    assert!(
        status.contains("200") && took < Duration::from_secs(3),
        "{status} {took:?}"
    );
}

#[test]
fn a_slowloris_is_cut_off_after_the_header_timeout() {
    let server = Server::start(1024, &[]);
    let mut slow = server.connect();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: lawha\r\n")
        .unwrap();
    let cut = trickle_until_cut(&mut slow, Instant::now())
        .expect("the slowloris connection is still open after 6 s");
    assert!(cut >= Duration::from_millis(800), "cut after {cut:?}");
    assert!(cut < Duration::from_secs(4), "cut after {cut:?}");
}

#[test]
fn a_kept_alive_connection_left_idle_is_closed() {
    let server = Server::start(1024, &[("LAWHA_IDLE_TIMEOUT", "1")]);
    let mut stream = server.connect();
    ask_healthz(&mut stream);
    let closed = closed_within(&mut stream, Duration::from_secs(6))
        .expect("an idle kept-alive connection is still open after 6 s");
    assert!(closed < Duration::from_secs(4), "closed after {closed:?}");
}

#[test]
fn a_client_asking_again_within_the_idle_timeout_keeps_its_connection() {
    // Pages left open ask again every 30 s, against a 10 s header timeout and a 60 s idle
    // timeout by default; here, in seconds: every 1.5 s, against 1 s and 3 s.
    let server = Server::start(1024, &[("LAWHA_IDLE_TIMEOUT", "3")]);
    let mut silent = server.connect();
    let mut slow = server.connect();
    ask_healthz(&mut slow);
    let slow = std::thread::spawn(move || {
        // Half a second into its rest, a head that never ends: the header timeout runs from
        // its first bytes (cut ~1 s later), not the idle timeout from the rest's start (2.5 s).
        std::thread::sleep(Duration::from_millis(500));
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: lawha\r\n")
            .unwrap();
        trickle_until_cut(&mut slow, Instant::now())
    });
    let mut kept = server.connect();
    for _ in 0..4 {
        ask_healthz(&mut kept);
        std::thread::sleep(Duration::from_millis(1500));
    }
    ask_healthz(&mut kept);
    assert!(
        closed_within(&mut silent, Duration::from_millis(100)).is_some(),
        "a connection that sent nothing for 6 s is still open"
    );
    let cut = slow
        .join()
        .unwrap()
        .expect("a slow head after a rest is still open after 6 s");
    assert!(cut >= Duration::from_millis(800), "cut after {cut:?}");
    assert!(cut < Duration::from_millis(2000), "cut after {cut:?}");
}

/// `GET /healthz` on a kept-alive connection: fails unless it is answered.
fn ask_healthz(stream: &mut TcpStream) {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: lawha\r\n\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0; 1024];
    while !answer.ends_with(b"ok\n") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&buf[..n]);
    }
}

/// Sends one header byte every 200 ms, never a whole head: how long after `started` the
/// server cut the connection, or `None` if it is still open after 6 s.
fn trickle_until_cut(stream: &mut TcpStream, started: Instant) -> Option<Duration> {
    while started.elapsed() < Duration::from_secs(6) {
        std::thread::sleep(Duration::from_millis(200));
        if stream.write_all(b"X").is_err() {
            return Some(started.elapsed());
        }
        if let Some(after) = closed_within(stream, Duration::from_millis(1)) {
            return Some(started.elapsed().max(after));
        }
    }
    None
}
