//! A real Janus for the tests, started the way Lawha runs it (`JanusSetup`: a private
//! configuration folder in a temp dir, a free port on 127.0.0.1, only the VideoRoom plugin
//! and the HTTP transport), waited for by polling its port, and killed when dropped. A test
//! that needs Janus fails when it is not installed: `scripts/test.sh` installs it.

use std::fs;
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use lawha_live::janus::{find_lib_dir, JanusConfig, JanusSetup};
use lawha_live::Secret;

const ADMIN_KEY: &str = "test-admin-key-0123456789";

pub struct RunningJanus {
    pub setup: JanusSetup,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

impl RunningJanus {
    /// Janus with Lawha's configuration.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Janus with Lawha's configuration and, for a test's own use, more plugins of the
    /// installed Janus (each given its `admin_key`).
    pub fn start_with(extra_plugins: &[&str]) -> Self {
        let Some(lib_dir) = find_lib_dir() else {
            panic!(
                "Janus is not installed (no plugins/libjanus_videoroom.so under the usual \
                 folders): apt-get install janus janus-tools libjs-janus-gateway \
                 (scripts/test.sh installs them)"
            );
        };
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        // Media ports apart from other tests' Janus (each test starts its own).
        let low = 20_000 + (port % 2_000) * 10;
        let setup = JanusSetup {
            port,
            admin_key: Secret::new(ADMIN_KEY),
            recordings_dir: dir.path().join("recordings"),
            rtp_ports: (low, low + 9),
            session_timeout: 60,
            lib_dir: lib_dir.clone(),
        };
        let config_dir = dir.path().join("config");
        setup.write(&config_dir).unwrap();
        for plugin in extra_plugins {
            let file = format!("libjanus_{plugin}.so");
            std::os::unix::fs::symlink(
                lib_dir.join("plugins").join(&file),
                config_dir.join("plugins").join(&file),
            )
            .unwrap();
            fs::write(
                config_dir.join(format!("janus.plugin.{plugin}.jcfg")),
                format!("general: {{\n\tadmin_key = \"{ADMIN_KEY}\"\n}}\n"),
            )
            .unwrap();
        }
        let mut running = RunningJanus {
            setup,
            child: None,
            dir,
        };
        running.spawn();
        running
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("janus.log")
    }

    fn spawn(&mut self) {
        let log = fs::File::create(self.log_path()).unwrap();
        let child = self
            .setup
            .command(&self.config_dir())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn();
        let child = match child {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "the `janus` command is not installed: apt-get install janus janus-tools \
                 libjs-janus-gateway (scripts/test.sh installs them)"
            ),
            Err(e) => panic!("could not start janus: {e}"),
        };
        self.child = Some(child);
        self.wait_until_listening();
    }

    /// Polls the HTTP port until Janus listens (the transport starts after the plugins).
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.setup.port)).is_ok() {
                return;
            }
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
                panic!("janus exited ({status}) before listening:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "janus did not listen within 20 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The end of Janus's log, for a failing test's message.
    pub fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = fs::File::open(self.log_path()) {
            let _ = file.read_to_string(&mut text);
        }
        let start = text.len().saturating_sub(4_000);
        text.get(start..).unwrap_or_default().to_owned()
    }

    /// Stops Janus (the engine is down until [`RunningJanus::restart`]).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts Janus again on the same port and folders (it forgets its sessions and rooms).
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    pub fn api_url(&self) -> String {
        self.setup.api_url()
    }

    pub fn recordings_dir(&self) -> &Path {
        &self.setup.recordings_dir
    }

    /// The engine's configuration as a deployment would write it.
    pub fn config(&self) -> JanusConfig {
        JanusConfig {
            api_url: self.api_url().parse().unwrap(),
            admin_key: Secret::new(ADMIN_KEY),
            public_path: "/janus".into(),
            recordings_dir: self.setup.recordings_dir.clone(),
            timeout: Duration::from_secs(3),
        }
    }
}

impl Drop for RunningJanus {
    fn drop(&mut self) {
        self.stop();
    }
}
