//! The media side of a node: opening the media store and the search index, finding ffmpeg,
//! starting workers, and the `media` and `search` commands.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_media::storage::MediaStorage;
use lawha_media::worker::{Worker, WorkerConfig};
use lawha_media::Tools;
use lawha_store::Store;
use lawha_web::CatalogSearch;

use crate::config::{Config, ConfigArgs};
use crate::progress::Bars;
use crate::server::open;

/// What a node needs for capsules.
pub struct MediaServices {
    pub storage: MediaStorage,
    pub search: Arc<CatalogSearch>,
    /// `None` when ffmpeg is missing: uploads are kept and wait in the queue.
    pub tools: Option<Tools>,
}

pub fn open_services(config: &Config) -> anyhow::Result<MediaServices> {
    let storage = MediaStorage::open(&config.media_store)
        .with_context(|| "cannot open the media store (media_store)".to_string())?;
    let search =
        CatalogSearch::open(Some(&config.search_dir())).context("cannot open the search index")?;
    let tools = tools(config);
    Ok(MediaServices {
        storage,
        search,
        tools,
    })
}

/// A worker name unique across nodes and restarts.
pub fn worker_name(index: usize) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "node".into());
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}-{}-{index}-{}", std::process::id(), &nonce[..8])
}

/// A media worker of this node; `None` without ffmpeg.
pub fn worker(
    config: &Config,
    store: &Store,
    storage: &MediaStorage,
    tools: Option<&Tools>,
    index: usize,
) -> Option<Worker> {
    let work_dir = config.data_dir.join("work");
    Some(Worker::new(
        store.clone(),
        storage.clone(),
        tools?.clone(),
        WorkerConfig::new(worker_name(index), work_dir),
    ))
}

/// ffmpeg as configured, or `None` (with a warning saying how to install it).
pub fn tools(config: &Config) -> Option<Tools> {
    match Tools::locate(config.ffmpeg.as_deref()) {
        Ok(tools) => Some(tools),
        Err(e) => {
            tracing::warn!("{e}; videos can be uploaded but wait to be processed");
            None
        }
    }
}

/// Starts this node's media workers in the background.
pub fn spawn_workers(config: &Config, store: &Store, services: &MediaServices) {
    for index in 0..config.media_workers {
        if let Some(worker) = worker(
            config,
            store,
            &services.storage,
            services.tools.as_ref(),
            index,
        ) {
            tokio::spawn(worker.run());
        }
    }
    if services.tools.is_some() && config.media_workers > 0 {
        tracing::info!(workers = config.media_workers, "media workers started");
    }
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Process queued videos (transcode, compliance report, broadcast masters) with a
    /// progress bar, then exit when the queue is empty.
    Work(WorkArgs),
}

#[derive(Debug, Args)]
pub struct WorkArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

impl MediaCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            MediaCommand::Work(a) => &a.config,
        }
    }
}

pub async fn run(command: MediaCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let MediaCommand::Work(_) = command;
    let store = open(config).await?;
    let storage = MediaStorage::open(&config.media_store).context("cannot open the media store")?;
    let Some(worker) = worker(config, &store, &storage, tools(config).as_ref(), 0) else {
        eprintln!("lawha: ffmpeg was not found: install it (e.g. `sudo apt-get install ffmpeg`) or set LAWHA_FFMPEG");
        return Ok(ExitCode::from(2));
    };
    let bars = Bars::new();
    let done = worker
        .with_observer(bars.observer())
        .run_until_idle()
        .await?;
    bars.finish();
    println!("{done} media job(s) run; the queue is empty.");
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Rebuild the capsule search index from the database (stop the server first: the
    /// index directory belongs to one process at a time).
    Rebuild(WorkArgs),
}

impl SearchCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            SearchCommand::Rebuild(a) => &a.config,
        }
    }
}

pub async fn run_search(command: SearchCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let SearchCommand::Rebuild(_) = command;
    let store = open(config).await?;
    let dir = config.search_dir();
    let index = lawha_search::SearchIndex::open(&dir).with_context(|| {
        format!(
            "cannot open the search index in {} (is a server running on this data directory?)",
            dir.display()
        )
    })?;
    let entries = store.catalog().catalog_changes(None, i64::MAX).await?;
    let search = CatalogSearch::with_index(index);
    let count = search
        .rebuild(&entries)
        .context("rebuilding the index failed")?;
    let articles = store.help().articles(true).await?;
    let article_count = search
        .rebuild_articles(&articles)
        .context("rebuilding the help articles failed")?;
    println!("Search index rebuilt: {count} capsule(s), {article_count} help article(s).");
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
