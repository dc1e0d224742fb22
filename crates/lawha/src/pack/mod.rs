//! `lawha pack …`: offline packs from the command line — the platform's key pair, building a
//! pack from the platform's database and media store, verifying one, publishing one for
//! school nodes to fetch over HTTP, and fetching and importing one on a school node. The format is `lawha-pack`'s, the rows the schoolbag's
//! (`store.schoolbag()`); this module wires them to the configuration and the media store.

mod build;
mod fetch;
mod import;
mod publish;
mod streamed;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use indicatif::ProgressBar;
use lawha_pack::{keys, Pack, Progress, PublicKey, Stage};
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::progress::Bars;

/// The entry holding the rows (`lawha_store::schoolbag::PackContent`, JSON); every other
/// entry is a media object under its storage key.
pub const CONTENT_ENTRY: &str = "content.json";

/// The files `keygen` writes in its folder.
const SECRET_FILE: &str = "platform.key";
const PUBLIC_FILE: &str = "platform.pub";

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Make the platform's signing key pair in a folder (the secret file readable by its
    /// owner only) and print the public key that school nodes pin.
    Keygen {
        /// Folder for platform.key and platform.pub.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Build a signed pack from this platform's database and media store.
    Build(BuildArgs),
    /// Check a pack's signature and every chunk; names the first bad one.
    Verify {
        /// The pack folder (on the USB stick).
        dir: PathBuf,
        /// The platform's public key [default: platform_key of the configuration].
        #[arg(long, value_name = "KEY")]
        platform_key: Option<String>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Install a pack on this school node: media files into its media directory (verified,
    /// resumable), then the rows into its database in one transaction.
    Import {
        /// The pack folder (on the USB stick).
        dir: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// On the platform: verify a built pack and put it in the packs folder (packs_dir), from
    /// where school nodes fetch it (a school's pack by that school's nodes only).
    Publish {
        /// The pack folder, as `pack build` wrote it.
        dir: PathBuf,
        /// The platform's public key [default: platform_key of the configuration].
        #[arg(long, value_name = "KEY")]
        platform_key: Option<String>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// On a school node: download the newest pack the platform offers it (resuming a cut
    /// download) into its packs folder and check its signature.
    Fetch(FetchArgs),
}

/// What `lawha pack fetch` downloads and where.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// This pack rather than the newest offered.
    #[arg(long, value_name = "ID")]
    pub pack: Option<Uuid>,
    /// The folder to download into [default: packs_dir/<pack id>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Import the pack once downloaded, as `lawha pack import` does.
    #[arg(long)]
    pub import: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// What `lawha pack build` selects and how it writes the pack.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The platform's secret key file (from `lawha pack keygen`).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// The new pack's folder (absent or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A level code (e.g. 1AC); repeat for several.
    #[arg(long = "level", value_name = "CODE")]
    pub levels: Vec<String>,
    /// A subject code (e.g. MATH); repeat for several.
    #[arg(long = "subject", value_name = "CODE")]
    pub subjects: Vec<String>,
    /// A vocational or preparatory programme code; repeat for several.
    #[arg(long = "programme", value_name = "CODE")]
    pub programmes: Vec<String>,
    /// A lesson id; repeat for several.
    #[arg(long = "lesson", value_name = "ID")]
    pub lessons: Vec<Uuid>,
    /// The school whose node receives the pack (id or code): its people come too.
    #[arg(long, value_name = "ID|CODE")]
    pub school: Option<String>,
    /// Only what changed after this instant (RFC 3339), for a weekly delta.
    #[arg(long, value_name = "RFC3339")]
    pub since: Option<DateTime<Utc>>,
    /// The pack the node already has: chunks it holds are not carried again.
    #[arg(long, value_name = "PACK_DIR")]
    pub base: Option<PathBuf>,
    /// Largest volume file, in MiB [default: 4 GiB − 1 byte, the FAT32 limit].
    #[arg(long, value_name = "N")]
    pub max_volume_mb: Option<u64>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

impl PackCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            PackCommand::Keygen { config, .. }
            | PackCommand::Verify { config, .. }
            | PackCommand::Import { config, .. }
            | PackCommand::Publish { config, .. } => config,
            PackCommand::Build(args) => &args.config,
            PackCommand::Fetch(args) => &args.config,
        }
    }
}

pub async fn run(command: PackCommand, config: &Config) -> anyhow::Result<ExitCode> {
    match command {
        PackCommand::Keygen { out, .. } => keygen(&out),
        PackCommand::Build(args) => build::run(&args, config).await,
        PackCommand::Verify {
            dir, platform_key, ..
        } => verify(&dir, platform_key.as_deref(), config).await,
        PackCommand::Import { dir, .. } => import::run(&dir, config).await,
        PackCommand::Publish {
            dir, platform_key, ..
        } => publish::run(&dir, platform_key.as_deref(), config).await,
        PackCommand::Fetch(args) => fetch::run(&args, config).await,
    }
}

/// The school a pack was built for (its accounts inside), or `None` for content only.
/// Fails closed: a school that is not a readable id refuses the pack rather than letting
/// it pass as content for everyone.
fn built_for(metadata: &serde_json::Value) -> anyhow::Result<Option<Uuid>> {
    match &metadata["selection"]["school"] {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(id) => match id.parse() {
            Ok(id) => Ok(Some(id)),
            Err(_) => bail!("the pack names its school as {id:?}, not an id"),
        },
        other => bail!("the pack names its school as {other}, not an id"),
    }
}

fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let (secret, public) = (out.join(SECRET_FILE), out.join(PUBLIC_FILE));
    let key = keys::generate_files(&secret, &public)?;
    println!(
        "Platform key pair written: {} (secret, keep it off school nodes) and {}.\n\
         Public key, for each school node's platform_key:\n{key}",
        secret.display(),
        public.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The key a node trusts: given on the command line, else its configuration's.
fn pinned_key(given: Option<&str>, config: &Config) -> anyhow::Result<PublicKey> {
    match (given, config.platform_key) {
        (Some(text), _) => text.parse().context("--platform-key"),
        (None, Some(key)) => Ok(key),
        (None, None) => bail!(
            "no platform key: set platform_key in the node's configuration (`lawha node \
             init` writes it; pass that file with --config), or give `pack verify` \
             --platform-key"
        ),
    }
}

async fn verify(dir: &Path, given: Option<&str>, config: &Config) -> anyhow::Result<ExitCode> {
    let pinned = pinned_key(given, config)?;
    let dir = dir.to_owned();
    let summary = tokio::task::spawn_blocking(move || {
        let pack = Pack::open(&dir, &pinned)?;
        let bars = Bars::new();
        let bar = bars.bar("verify", "reading chunks", 1);
        let summary = pack.verify(|p| show(&bar, p));
        bar.finish_and_clear();
        bars.finish();
        Ok::<_, lawha_pack::PackError>((pack.manifest().pack_id, summary?))
    })
    .await??;
    let (pack_id, summary) = summary;
    println!(
        "Pack {pack_id}: signature and all {} chunks ({} bytes) verified.",
        summary.chunks, summary.bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// Moves a bar to where an import or a verification stands; never stops it.
fn show(bar: &ProgressBar, progress: Progress) -> ControlFlow<()> {
    let message = match progress.stage {
        Stage::Verifying => "verifying",
        Stage::Copying => "copying",
        Stage::Moving => "moving into place",
    };
    if bar.message() != message {
        bar.set_message(message);
    }
    bar.set_length(progress.total.max(1));
    bar.set_position(progress.done);
    ControlFlow::Continue(())
}
