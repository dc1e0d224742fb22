//! `lawha sync`: the return file of a school node that never connects — `export` on the
//! node, `import` on the platform, which applies it exactly as `POST /sync/up` does — and
//! `nodes`, the registered nodes with their last contact, pack and backlog; `register` and
//! `revoke` on the platform, `push` and `pull` on a node that has a link. `import --acks`
//! writes the platform's signed acknowledgement for the stick's way back, and `acknowledge`
//! on the node moves its cursor past what the platform applied.

mod acks;
mod pull;
mod push;
mod registry;

pub use push::push_periodically;

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_core::Scope;
use lawha_store::sync::batch::{NodeIdentity, MAX_EVENTS};
use lawha_store::StoreError;
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::server::open;
use acks::AckFile;

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// On a school node: write every batch the platform has not acknowledged to a file.
    Export(ExportArgs),
    /// On the platform: apply a node's return file (each batch checked as over HTTP); with
    /// --acks, write the signed acknowledgement the node takes back.
    Import(ImportArgs),
    /// On a school node: take in the platform's acknowledgement file, so the next return
    /// file holds only what the platform has not applied.
    Acknowledge(AcknowledgeArgs),
    /// On the platform: list the registered school nodes.
    Nodes(NodesArgs),
    /// On the platform: register a school's node by its public key, for an administrator
    /// (--by) whose scope holds the school; prints the node's id for its lawha.toml.
    Register(registry::RegisterArgs),
    /// On the platform: revoke a node, for an administrator (--by) whose scope holds its
    /// school; its batches are refused from then on.
    Revoke(registry::RevokeArgs),
    /// On a school node: send everything the platform has not acknowledged to
    /// `platform_url`, batch by batch (needs `node_id` and the node's key).
    Push(PushArgs),
    /// On a school node: bring the school's people and assignments changed on the platform
    /// since the last pull, page by page (needs `node_id`, `node_school` and the node's key).
    Pull(PushArgs),
}

impl SyncCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            SyncCommand::Export(a) => &a.config,
            SyncCommand::Import(a) => &a.config,
            SyncCommand::Acknowledge(a) => &a.config,
            SyncCommand::Nodes(a) => &a.config,
            SyncCommand::Register(a) => &a.config,
            SyncCommand::Revoke(a) => &a.config,
            SyncCommand::Push(a) => &a.config,
            SyncCommand::Pull(a) => &a.config,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// This node's id, as the platform registered it.
    #[arg(long)]
    node: Uuid,
    /// The file holding this node's secret key (64 hex digits).
    #[arg(long)]
    key_file: PathBuf,
    /// The return file to write.
    file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The return file a node wrote.
    file: PathBuf,
    /// Write the platform's acknowledgement of what was applied to this file, for the node
    /// (`lawha sync acknowledge`); needs --key.
    #[arg(long, requires = "key")]
    acks: Option<PathBuf>,
    /// The platform's pack key (`platform.key` of `lawha pack keygen`), which signs the
    /// acknowledgement; nodes pin its public half.
    #[arg(long, requires = "acks")]
    key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AcknowledgeArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// This node's id, as the platform registered it.
    #[arg(long)]
    node: Uuid,
    /// The acknowledgement file `lawha sync import --acks` wrote.
    file: PathBuf,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct NodesArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("lawha: {message}");
    ExitCode::from(2)
}

pub async fn run(command: SyncCommand, config: &Config) -> anyhow::Result<ExitCode> {
    match command {
        SyncCommand::Export(args) => export(args, config).await,
        SyncCommand::Import(args) => import(args, config).await,
        SyncCommand::Acknowledge(args) => acknowledge(args, config).await,
        SyncCommand::Nodes(_) => nodes(config).await,
        SyncCommand::Register(args) => registry::register(args, config).await,
        SyncCommand::Revoke(args) => registry::revoke(args, config).await,
        SyncCommand::Push(_) => push(config).await,
        SyncCommand::Pull(_) => pull(config).await,
    }
}

/// Where a node pushes, and as whom: `platform_url`, `node_id` and the node's key file in
/// its data directory; the reason when one is missing.
pub fn push_target(config: &Config) -> Result<(String, NodeIdentity), String> {
    let (Some(url), Some(node_id)) = (&config.platform_url, config.node_id) else {
        return Err(
            "pushing needs platform_url and node_id in the node's lawha.toml \
             (node_id as `lawha sync register` printed it)"
                .to_string(),
        );
    };
    let key_file = config.data_dir.join(crate::node::NODE_SECRET);
    Ok((url.clone(), node_identity(node_id, &key_file)?))
}

/// The node's identity from its key file, refused when others may read the file (as the
/// platform's pack key is: whoever reads it can sign batches as this node), or when it
/// holds no key; the reason says which.
fn node_identity(node_id: Uuid, key_file: &Path) -> Result<NodeIdentity, String> {
    lawha_pack::keys::check_private(key_file).map_err(|e| e.to_string())?;
    let secret = std::fs::read_to_string(key_file)
        .map_err(|e| format!("cannot read {}: {e}", key_file.display()))?;
    NodeIdentity::from_hex(node_id, &secret)
        .ok_or_else(|| format!("{}: not a key (64 hex digits expected)", key_file.display()))
}

async fn push(config: &Config) -> anyhow::Result<ExitCode> {
    let (url, node) = match push_target(config) {
        Ok(target) => target,
        Err(reason) => return Ok(refuse(reason)),
    };
    let client = push::client().context("cannot make the HTTP client")?;
    let store = open(config).await?;
    let outcome = push::push(&store, &client, &url, &node).await;
    store.close().await;
    match outcome {
        Ok(pushed) => {
            println!(
                "{} batches sent to {url}: {} new answers, {} new watch updates, {} accounts updated.",
                pushed.batches, pushed.new_answers, pushed.new_watches, pushed.accounts_applied
            );
            if pushed.set_aside > 0 {
                println!(
                    "{} events or account edits set aside by the platform: they are about \
                     people it does not place in this school.",
                    pushed.set_aside
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(refused @ push::PushError::Refused { .. }) => Ok(refuse(refused)),
        Err(e) => {
            eprintln!("lawha: {e}; nothing sent is lost, push again later");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn pull(config: &Config) -> anyhow::Result<ExitCode> {
    let (url, node) = match push_target(config) {
        Ok(target) => target,
        Err(reason) => return Ok(refuse(reason)),
    };
    let Some(school) = config.node_school else {
        return Ok(refuse(
            "pulling needs node_school in the node's lawha.toml (as `lawha node init` wrote it)",
        ));
    };
    let client = push::client().context("cannot make the HTTP client")?;
    let store = open(config).await?;
    let outcome = pull::pull(&store, &client, &url, &node, school).await;
    store.close().await;
    match outcome {
        Ok(pulled) => {
            let tables: Vec<String> = pulled
                .written
                .iter()
                .map(|(table, n)| format!("{table} {n}"))
                .collect();
            println!(
                "{} pages from {url}: {} rows written ({}), {} people taken off this node, \
                 {} grants and links removed, {} rows waiting (assignments for their content, links for their people).",
                pulled.pages,
                pulled.total_written(),
                if tables.is_empty() {
                    "none".to_string()
                } else {
                    tables.join(", ")
                },
                pulled.people_removed,
                pulled.links_removed,
                pulled.rows_waiting
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(refused @ push::PushError::Refused { .. }) => Ok(refuse(refused)),
        Err(e) => {
            eprintln!("lawha: {e}; pull again later");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn export(args: ExportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let node = match node_identity(args.node, &args.key_file) {
        Ok(node) => node,
        Err(reason) => return Ok(refuse(reason)),
    };
    let out = File::create(&args.file)
        .with_context(|| format!("cannot create {}", args.file.display()))?;
    let store = open(config).await?;
    let written = store
        .sync()
        .write_return_file(
            &node,
            MAX_EVENTS,
            env!("CARGO_PKG_VERSION"),
            BufWriter::new(out),
        )
        .await;
    store.close().await;
    println!("{}: {} batches written.", args.file.display(), written?);
    Ok(ExitCode::SUCCESS)
}

async fn import(args: ImportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let input = match File::open(&args.file) {
        Ok(file) => BufReader::new(file),
        Err(e) => return Ok(refuse(format!("cannot read {}: {e}", args.file.display()))),
    };
    // The key is loaded before anything is applied: a missing key refuses, applying nothing.
    let signer = match &args.key {
        Some(path) => match lawha_pack::keys::load_secret(path) {
            Ok(key) => Some(key),
            Err(e) => return Ok(refuse(e)),
        },
        None => None,
    };
    let store = open(config).await?;
    let outcome = store.sync().read_return_file(input).await;
    store.close().await;
    match outcome {
        Ok(report) => {
            // A batch applied before gets the acknowledgement recorded then, whose counts
            // are that first run's: printing them would claim answers this run never
            // recorded.
            for ack in &report.acks {
                if report.applied_before.contains(&ack.batch_id) {
                    println!(
                        "batch {}: applied before, nothing new recorded; acknowledged up to event {}",
                        ack.batch_id, ack.cursor.events
                    );
                } else {
                    println!(
                        "batch {}: {} new answers, {} new watch updates, {} accounts updated, {} set aside; acknowledged up to event {}",
                        ack.batch_id, ack.new_answers, ack.new_watches, ack.accounts_applied, ack.set_aside, ack.cursor.events
                    );
                }
            }
            let now = report.recorded_now();
            if now.batches == 0 && !report.acks.is_empty() {
                println!(
                    "{}: all {} batches were applied before: nothing new was recorded.",
                    args.file.display(),
                    report.acks.len()
                );
            } else {
                println!(
                    "{}: {} batches applied ({} applied before): {} new answers, {} new watch \
                     updates, {} accounts updated, {} set aside.",
                    args.file.display(),
                    now.batches,
                    report.applied_before.len(),
                    now.new_answers,
                    now.new_watches,
                    now.accounts_applied,
                    now.set_aside
                );
            }
            if let (Some(out), Some(key)) = (&args.acks, &signer) {
                match report
                    .node_id
                    .and_then(|node| AckFile::of(node, &report.acks))
                {
                    Some(file) => {
                        file.write(out, key)?;
                        println!("{}: acknowledgement for node {} written; take it back to the node (`lawha sync acknowledge`).", out.display(), file.node_id);
                    }
                    None => println!("no batch applied: no acknowledgement written."),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::SyncRefused(refusal)) => Ok(refuse(format!(
            "{}: {refusal} ({}); nothing from there on was applied, and the batches before \
             it are applied and acknowledged (each is its own transaction): import the file \
             again once it is fixed, they count once",
            args.file.display(),
            refusal.code()
        ))),
        Err(e) => Err(e.into()),
    }
}

async fn acknowledge(args: AcknowledgeArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let Some(pinned) = config.platform_key else {
        return Ok(refuse(
            "no platform_key in the configuration: acknowledgements are checked against it",
        ));
    };
    let file = match AckFile::read(&args.file, &pinned, args.node) {
        Ok(file) => file,
        Err(e) => return Ok(refuse(format!("{e:#}"))),
    };
    let store = open(config).await?;
    let current = store.sync().acknowledged().await;
    let outcome = match current {
        Ok(current) if file.moves_forward_from(&current) => {
            store.sync().acknowledge(file.cursor).await.map(|()| true)
        }
        Ok(_) => Ok(false),
        Err(e) => Err(e),
    };
    store.close().await;
    if outcome? {
        println!(
            "{}: {} batches acknowledged, up to event {}; the next return file starts after them.",
            args.file.display(),
            file.batches.len(),
            file.cursor.events
        );
    } else {
        println!(
            "{}: nothing taken (this node is already past it, or it starts after where this \
             node stands: bring the acknowledgement of the earlier return file first).",
            args.file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn nodes(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    let nodes = store.sync().nodes_in(&[Scope::National]).await;
    store.close().await;
    let nodes = nodes?;
    for n in &nodes {
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or_else(
                || "never".to_string(),
                |t| t.format("%Y-%m-%d %H:%M").to_string(),
            )
        };
        println!(
            "{}  school {}  {:<24} last contact {}  pack {}  backlog {}  set aside {}{}",
            n.id,
            n.school_id,
            n.name,
            when(n.last_contact_at),
            n.last_pack_id.as_deref().unwrap_or("-"),
            n.last_backlog
                .map_or_else(|| "-".to_string(), |b| b.to_string()),
            n.set_aside,
            if n.revoked_at.is_some() {
                "  REVOKED"
            } else {
                ""
            }
        );
    }
    println!("{} nodes.", nodes.len());
    Ok(ExitCode::SUCCESS)
}
