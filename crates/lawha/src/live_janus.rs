//! The embedded Janus: where `janus` is installed and `[live]` names no engine, `lawha serve`
//! and `lawha demo` run one of their own, as a child process killed when they stop (and,
//! through `setpriv --pdeathsig`, when they are killed).
//!
//! It is `lawha_live::janus::JanusSetup`'s Janus (its own configuration folder under the
//! data directory, the VideoRoom plugin and the HTTP transport only, on 127.0.0.1 and a free
//! port), with a fresh random `admin_key` each start (rooms do not outlive a Janus restart
//! anyway, and nothing else needs the key). The page reaches its API through `/janus` on
//! Lawha's origin (`lawha_web::live_page::proxy`). When it cannot start, one warning says
//! why and the live pages say live classes are unavailable.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use lawha_live::janus::{find_lib_dir, JanusConfig, JanusSetup};
use lawha_live::{LiveConfig, Secret};

use crate::config::Config;

/// How long Janus may take to listen (it loads its plugin first).
const START_WITHIN: Duration = Duration::from_secs(20);

/// A running Janus of Lawha's own; killed when dropped.
pub struct EmbeddedJanus {
    child: tokio::process::Child,
    /// The engine's settings, as a `[live]` table would give them.
    pub config: LiveConfig,
}

impl EmbeddedJanus {
    /// Stops Janus and waits for it to exit.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Starts the embedded Janus when this node should have one: `None` when `[live]` names an
/// engine, when `embedded_janus = false`, or when Janus is not installed or would not start
/// (each said in the log).
pub async fn start_if_wanted(config: &Config) -> Option<EmbeddedJanus> {
    if config.live.is_some() || !config.embedded_janus {
        return None;
    }
    let Some(lib_dir) = find_lib_dir() else {
        tracing::warn!(
            "live classes unavailable: Janus is not installed (apt-get install janus) and \
             [live] names no engine"
        );
        return None;
    };
    match start(&config.data_dir, lib_dir).await {
        Ok(janus) => {
            tracing::info!("live classes: embedded Janus started");
            Some(janus)
        }
        Err(e) => {
            tracing::warn!("live classes unavailable: the embedded Janus did not start: {e:#}");
            None
        }
    }
}

async fn start(data_dir: &Path, lib_dir: PathBuf) -> anyhow::Result<EmbeddedJanus> {
    let data_dir = std::fs::canonicalize(data_dir).context("the data directory")?;
    let folder = data_dir.join("janus");
    let port = free_port().context("no free port on 127.0.0.1")?;
    let admin_key = Secret::random();
    let setup = JanusSetup {
        port,
        admin_key: admin_key.clone(),
        recordings_dir: recordings_dir(&data_dir),
        rtp_ports: (40_000, 40_999),
        session_timeout: 60,
        lib_dir,
    };
    setup
        .write(&folder)
        .context("writing Janus's configuration")?;
    let log = std::fs::File::create(folder.join("janus.log")).context("Janus's log file")?;
    let mut command = tokio::process::Command::from(dies_with_us(setup.command(&folder)));
    command
        .stdin(Stdio::null())
        .stdout(log.try_clone().context("Janus's log file")?)
        .stderr(log)
        .kill_on_drop(true);
    let mut child = command.spawn().context("running `janus`")?;
    let deadline = Instant::now() + START_WITHIN;
    loop {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            break;
        }
        if let Some(status) = child.try_wait().context("watching Janus")? {
            bail!(
                "janus exited ({status}); see {}",
                folder.join("janus.log").display()
            );
        }
        if Instant::now() > deadline {
            let _ = child.kill().await;
            bail!("janus did not listen within {} s", START_WITHIN.as_secs());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let config = LiveConfig::Janus(JanusConfig {
        api_url: setup.api_url().parse().context("Janus's API address")?,
        admin_key,
        public_path: "/janus".into(),
        recordings_dir: setup.recordings_dir.clone(),
        timeout: Duration::from_secs(5),
    });
    Ok(EmbeddedJanus { child, config })
}

/// Where the embedded Janus of a node with data directory `data_dir` (canonical) writes its
/// recordings: one folder per room.
fn recordings_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("live-recordings")
}

/// The embedded Janus's engine as `lawha live recordings process` needs it, without the
/// Janus `serve` runs: finding a room's recordings and converting them read its recordings
/// folder only (`JanusClient::recordings`, `janus-pp-rec`), never its API, whose port and
/// `admin_key` are chosen afresh at each start and known to `serve` alone. The API address
/// given is one nothing listens on (port 9 of 127.0.0.1), so anything that did ask Janus
/// would fail as "engine down" rather than reach another service. `None` when the data
/// directory cannot be read.
pub fn recordings_only(data_dir: &Path) -> Option<(LiveConfig, PathBuf)> {
    let data_dir = std::fs::canonicalize(data_dir).ok()?;
    let folder = recordings_dir(&data_dir);
    let config = LiveConfig::Janus(JanusConfig {
        api_url: "http://127.0.0.1:9/janus".parse().ok()?,
        admin_key: Secret::random(),
        public_path: "/janus".into(),
        recordings_dir: folder.clone(),
        timeout: Duration::from_secs(5),
    });
    Some((config, folder))
}

/// The command run under `setpriv --pdeathsig KILL` (util-linux) where it is installed, so
/// that Janus dies with lawha even when lawha is killed outright (SIGKILL, a crash) and
/// cannot stop it; otherwise as it is (Janus is then stopped on a normal exit only).
fn dies_with_us(command: std::process::Command) -> std::process::Command {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("setpriv").is_file()));
    if !found {
        return command;
    }
    let mut wrapped = std::process::Command::new("setpriv");
    wrapped
        .args(["--pdeathsig", "KILL", "--"])
        .arg(command.get_program())
        .args(command.get_args());
    wrapped
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
