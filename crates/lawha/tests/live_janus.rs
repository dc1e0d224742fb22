//! The embedded Janus of `lawha serve`: started where `janus` is installed and `[live]`
//! names no engine (a log line says so, and Janus is lawha's child), stopped with lawha;
//! not started when the configuration turns it off; and a clear "live classes unavailable"
//! line when it cannot start. `scripts/test.sh` installs Janus.

#![cfg(target_os = "linux")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A `lawha serve` on 127.0.0.1 and the log lines it wrote until it listened.
struct Server {
    child: Child,
    log: Vec<String>,
    /// Keeps the reader thread's channel open (lawha's later lines are not looked at).
    _rest: mpsc::Receiver<String>,
    _data: tempfile::TempDir,
}

fn serve(settings: &[(&str, &str)]) -> Server {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawha"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("LAWHA_CONFIG")
        .env("LAWHA_DATA_DIR", data.path())
        .env("LAWHA_MEDIA_WORKERS", "0")
        .envs(settings.iter().copied())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (send, rest) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    loop {
        let line = rest
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("lawha did not listen:\n{}", log.join("\n")));
        let done = line.contains("listening on http://");
        log.push(line);
        if done {
            break;
        }
    }
    Server {
        child,
        log,
        _rest: rest,
        _data: data,
    }
}

impl Server {
    fn logged(&self, text: &str) -> bool {
        self.log.iter().any(|l| l.contains(text))
    }

    /// The `janus` processes whose parent is this lawha.
    fn janus_children(&self) -> Vec<u32> {
        let me = self.child.id().to_string();
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // pid (comm) state ppid …
            let Some((comm, after)) = stat.split_once(") ") else {
                continue;
            };
            let ppid = after.split(' ').nth(1).unwrap_or_default();
            if comm.ends_with("(janus") && ppid == me {
                found.push(pid);
            }
        }
        found
    }

    /// SIGTERM, as an operator's service manager sends, and the exit awaited.
    fn stop(&mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "lawha did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat.split(") ").nth(1).unwrap_or("Z").starts_with('Z'))
}

#[test]
fn serve_runs_its_own_janus_and_stops_it() {
    let mut server = serve(&[]);
    assert!(
        server.logged("live classes: embedded Janus started"),
        "{}",
        server.log.join("\n")
    );
    assert!(server.logged("conferencing engine configured"));
    let janus = server.janus_children();
    assert_eq!(janus.len(), 1, "one janus, lawha's child");
    let pid = janus[0];
    assert!(alive(pid));
    server.stop();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) {
        assert!(Instant::now() < deadline, "janus outlived lawha");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn janus_dies_with_a_killed_lawha() {
    let mut server = serve(&[]);
    let janus = server.janus_children();
    assert_eq!(janus.len(), 1, "{}", server.log.join("\n"));
    // SIGKILL: lawha cannot stop Janus itself.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(janus[0]) {
        assert!(Instant::now() < deadline, "janus outlived a killed lawha");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn no_embedded_janus_when_turned_off() {
    let server = serve(&[("LAWHA_EMBEDDED_JANUS", "false")]);
    assert!(server.janus_children().is_empty());
    assert!(server.logged("no conferencing engine configured"));
    assert!(!server.logged("embedded Janus"));
}

#[test]
fn a_janus_that_cannot_start_leaves_live_classes_unavailable() {
    // A PATH without `janus`: the plugins are there, the program is not.
    let empty = tempfile::tempdir().unwrap();
    let server = serve(&[("PATH", empty.path().to_str().unwrap())]);
    assert!(
        server.logged("live classes unavailable: the embedded Janus did not start"),
        "{}",
        server.log.join("\n")
    );
    assert!(server.logged("no conferencing engine configured"));
    assert!(server.janus_children().is_empty());
}
