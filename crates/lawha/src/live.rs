//! The live sessions' recordings made draft capsules (`lawha_live::to_capsule`), with the
//! engine of the `[live]` configuration or, without one, the embedded Janus's recordings
//! folder (`live_janus::recordings_only`): `lawha live recordings process` now, for the
//! sessions it names, and `lawha serve`'s recordings worker every few minutes for the
//! sessions that ended ([`spawn_recordings_worker`]). The media workers (`lawha serve`,
//! `lawha media work`) then make their ladders.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_live::to_capsule::{discover, Outcome, RecordingWorker};
use lawha_live::{Engine, LiveConfig};
use lawha_media::storage::MediaStorage;
use lawha_store::Store;
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::media::{tools, MediaServices};
use crate::server::open;

/// A conversion running longer than this is taken for dead (a session lasts 4 hours at
/// most; converting and joining copy its tracks without re-encoding them).
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// At most this many recordings converted per round (the rest wait for the next).
const RECORDINGS_PER_ROUND: u32 = 20;

/// `lawha serve`'s recordings worker: every `live_recordings_seconds` (5 minutes by
/// default; a retried recording waits at most this long), the recordings of the
/// sessions that ended lately are recorded as pending and the pending ones converted into
/// draft capsules (`RecordingWorker::round`). Nothing without an engine; without ffmpeg the
/// recordings are still found by `lawha live recordings process` later, and this says so.
pub fn spawn_recordings_worker(
    config: &Config,
    live: Option<&LiveConfig>,
    store: &Store,
    services: &MediaServices,
) {
    // The configured engine, or the embedded Janus `serve` started (the default).
    let Some(section) = live.cloned() else {
        return;
    };
    // The web layer's engine was built from the same section, so this does not fail.
    let Ok(engine) = Engine::from_config(section) else {
        return;
    };
    let Some(tools) = services.tools.clone() else {
        tracing::warn!("live recordings: ffmpeg not found, recordings are not converted");
        return;
    };
    let storage = services.storage.clone();
    let store = store.clone();
    let work_dir = config.data_dir.join("work");
    let (every, settle) = (config.live_recordings_every, config.live_recordings_settle);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let worker = RecordingWorker {
                store: &store,
                storage: &storage,
                tools: &tools,
                engine: &engine,
                work_dir: work_dir.clone(),
                stale_after: STALE_AFTER,
                settle,
            };
            match worker.round(RECORDINGS_PER_ROUND).await {
                // Each failure is logged by the worker (code and recording id) and listed on
                // the session page.
                Ok(done) if !done.is_empty() => {
                    tracing::info!(count = done.len(), "live recordings processed")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = e.code(), "live recordings round failed"),
            }
        }
    });
    tracing::info!("live recordings worker started");
}

#[derive(Debug, Subcommand)]
pub enum LiveCommand {
    /// Recordings of live sessions.
    #[command(subcommand)]
    Recordings(RecordingsCommand),
}

#[derive(Debug, Subcommand)]
pub enum RecordingsCommand {
    /// Make pending recordings draft capsules (after recording what the engine holds for
    /// each `--session` given), then print what became of each.
    Process(ProcessArgs),
}

#[derive(Debug, Args)]
pub struct ProcessArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// A session whose recordings the engine holds: they are recorded as pending first.
    #[arg(long)]
    session: Vec<Uuid>,
    /// At most this many recordings this run.
    #[arg(long, default_value_t = 100)]
    limit: u32,
}

impl LiveCommand {
    pub fn config(&self) -> &ConfigArgs {
        let LiveCommand::Recordings(RecordingsCommand::Process(args)) = self;
        &args.config
    }
}

pub async fn run(command: LiveCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let LiveCommand::Recordings(RecordingsCommand::Process(args)) = command;
    let live = match config.live.clone() {
        Some(live) => live,
        // No `[live]`: `serve` runs the embedded Janus, whose recordings are in the data
        // directory; they are read from there (the running Janus is not needed).
        None if config.embedded_janus => {
            let Some((live, folder)) = crate::live_janus::recordings_only(&config.data_dir) else {
                eprintln!(
                    "lawha: the data directory {} cannot be read",
                    config.data_dir.display()
                );
                return Ok(ExitCode::from(2));
            };
            println!("embedded Janus: recordings in {}", folder.display());
            live
        }
        None => {
            eprintln!(
                "lawha: no conferencing engine is configured (the [live] section) and the \
                 embedded Janus is turned off (embedded_janus = false)"
            );
            return Ok(ExitCode::from(2));
        }
    };
    let engine = Engine::from_config(live).context("the [live] configuration")?;
    let Some(tools) = tools(config) else {
        eprintln!("lawha: ffmpeg was not found: install it (e.g. `sudo apt-get install ffmpeg`) or set LAWHA_FFMPEG");
        return Ok(ExitCode::from(2));
    };
    let store = open(config).await?;
    let storage = MediaStorage::open(&config.media_store).context("cannot open the media store")?;
    for session in &args.session {
        let found = discover(&store, &engine, *session)
            .await
            .with_context(|| format!("recordings of session {session}"))?;
        println!("session {session}: {} recording(s) known", found.len());
    }
    let worker = RecordingWorker {
        store: &store,
        storage: &storage,
        tools: &tools,
        engine: &engine,
        work_dir: config.data_dir.join("work"),
        stale_after: STALE_AFTER,
        settle: config.live_recordings_settle,
    };
    let done = worker.run_pending(args.limit).await?;
    for (recording, outcome) in &done {
        match outcome {
            Outcome::Ready { capsule } => println!("{recording}: ready, draft capsule {capsule}"),
            Outcome::Failed { reason } => println!("{recording}: failed ({reason})"),
            Outcome::Skipped => println!("{recording}: taken by another worker"),
        }
    }
    println!("{} recording(s) processed.", done.len());
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
