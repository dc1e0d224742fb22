//! A real SMTP server for the tests: `sink.py` (aiosmtpd) in a child process, writing each
//! message it receives, decoded by Python's e-mail parser, into a temporary folder.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lawha_web::mail::{MailConfig, TlsMode};

/// The Python that has aiosmtpd: `LAWHA_TEST_PYTHON`, else Debian's, else `python3`.
fn python() -> PathBuf {
    if let Ok(p) = std::env::var("LAWHA_TEST_PYTHON") {
        return p.into();
    }
    let debian = PathBuf::from("/usr/bin/python3");
    if debian.exists() {
        debian
    } else {
        "python3".into()
    }
}

/// A running SMTP sink; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    dir: tempfile::TempDir,
    pub port: u16,
}

/// One message as the sink received it.
#[derive(Debug, serde::Deserialize)]
pub struct Received {
    pub rcpt_tos: Vec<String>,
    pub from: String,
    pub subject: String,
    pub body: String,
}

impl SmtpSink {
    /// Starts the sink and waits (polling, up to 20 s) until it listens.
    pub fn start() -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        // The script travels inside the test binary, so that another crate's tests can
        // include this module (`#[path]`) whatever their manifest's folder.
        let script = dir.path().join("sink.py");
        std::fs::write(&script, include_str!("sink.py")).unwrap();
        let child = Command::new(python())
            .arg(&script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting the SMTP sink ({}): {e}", python().display()));
        let mut sink = SmtpSink {
            child,
            dir,
            port: 0,
        };
        let started = Instant::now();
        let port_file = sink.dir.path().join("port");
        while sink.port == 0 {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                sink.port = text.trim().parse().unwrap();
                break;
            }
            if let Ok(Some(status)) = sink.child.try_wait() {
                panic!("the SMTP sink ended ({status}): is python3-aiosmtpd installed?");
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "SMTP sink not listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        sink
    }

    /// Settings that send to this sink.
    pub fn config(&self) -> MailConfig {
        mail_config(self.port)
    }

    /// The messages received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut n = 1;
        let mut out = Vec::new();
        while let Ok(text) = std::fs::read_to_string(self.dir.path().join(format!("{n}.json"))) {
            out.push(serde_json::from_str(&text).unwrap());
            n += 1;
        }
        out
    }
}

/// Settings for plain SMTP to 127.0.0.1:`port`.
pub fn mail_config(port: u16) -> MailConfig {
    MailConfig {
        host: "127.0.0.1".into(),
        port,
        tls: TlsMode::None,
        user: None,
        password: None,
        from: "Lawha <no-reply@lawha.test>".into(),
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
