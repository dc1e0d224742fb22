//! `lawha live recordings process`: the live sessions' recordings made draft capsules now
//! (`lawha_live::to_capsule`), with the engine of the `[live]` configuration. The media
//! workers (`lawha serve`, `lawha media work`) then make their ladders.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_live::to_capsule::{discover, Outcome, RecordingWorker};
use lawha_live::Engine;
use lawha_media::storage::MediaStorage;
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::media::tools;
use crate::server::open;

/// A conversion running longer than this is taken for dead (a session lasts 4 hours at
/// most; converting and joining copy its tracks without re-encoding them).
const STALE_AFTER: Duration = Duration::from_secs(3600);

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
    let Some(live) = config.live.clone() else {
        eprintln!("lawha: no conferencing engine is configured (the [live] section)");
        return Ok(ExitCode::from(2));
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
