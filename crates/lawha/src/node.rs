//! `lawha node init`: prepares a data directory as a school's node — the database created
//! and migrated, a `lawha.toml` naming the school and pinning the platform's key, and the
//! node's own Ed25519 key pair, whose public half the platform's administrator registers.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_pack::{keys, PublicKey};
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::server::open;

/// The node's configuration file, in its data directory.
pub const CONFIG_FILE: &str = "lawha.toml";
/// The node's own key pair, in its data directory.
pub const NODE_SECRET: &str = "node.key";
const NODE_PUBLIC: &str = "node.pub";

#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Prepare a data directory as one school's node (run once; safe to run again).
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The school this node serves (its id on the platform).
    #[arg(long, value_name = "ID")]
    pub school: Uuid,
    /// The platform's public key, as `lawha pack keygen` printed it.
    #[arg(long, value_name = "KEY")]
    pub platform_key: PublicKey,
    /// The platform's address, for syncing when the school has a link.
    #[arg(long, value_name = "URL")]
    pub platform_url: Option<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

impl NodeCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            NodeCommand::Init(args) => &args.config,
        }
    }
}

pub async fn run(command: NodeCommand, config: &Config) -> anyhow::Result<ExitCode> {
    match command {
        NodeCommand::Init(args) => init(&args, config).await,
    }
}

async fn init(args: &InitArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    println!(
        "Database ready ({}) in {}.",
        store.backend().name(),
        config.data_dir.display()
    );
    store.close().await;
    let settings = settings(args, &config.data_dir)?;
    let file = config.data_dir.join(CONFIG_FILE);
    if file.exists() {
        println!(
            "{} exists already and was left as it is; it should hold:\n\n{settings}",
            file.display()
        );
    } else {
        std::fs::write(&file, &settings)
            .with_context(|| format!("cannot write {}", file.display()))?;
        println!("Settings written to {}.", file.display());
    }
    let node_key = node_key(&config.data_dir)?;
    println!(
        "\nThis node's public key, for the platform's administrator to register:\n{node_key}\n\n\
         Import a pack with `lawha pack import DIR --config {0}`,\n\
         then serve with `lawha serve --config {0}`.",
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The node's settings as TOML. Strings are written as JSON strings, which TOML's basic
/// strings read the same (quotes, backslashes and control characters escaped).
fn settings(args: &InitArgs, data_dir: &Path) -> anyhow::Result<String> {
    let data_dir = std::path::absolute(data_dir).context("the data directory")?;
    let text = |value: &str| serde_json::to_string(value).unwrap_or_default();
    let mut toml = format!(
        "# A school node: it serves one school and imports packs signed by the platform.\n\
         data_dir = {}\nnode_school = \"{}\"\nplatform_key = \"{}\"\n\
         # Media arrive in packs, already transcoded: no video is processed here.\n\
         media_workers = 0\n",
        text(&data_dir.display().to_string()),
        args.school,
        args.platform_key
    );
    if let Some(url) = &args.platform_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            anyhow::bail!("--platform-url {url:?} must start with http:// or https://");
        }
        toml.push_str(&format!("platform_url = {}\n", text(url)));
    }
    Ok(toml)
}

/// The node's key pair: made on the first run, read on later ones.
fn node_key(data_dir: &Path) -> anyhow::Result<PublicKey> {
    let (secret, public) = (data_dir.join(NODE_SECRET), data_dir.join(NODE_PUBLIC));
    if secret.exists() {
        return Ok(keys::load_secret(&secret)?.public());
    }
    Ok(keys::generate_files(&secret, &public)?)
}
