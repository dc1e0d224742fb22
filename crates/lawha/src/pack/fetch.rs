//! `lawha pack fetch` on a school node: the newest pack the platform offers this node (or
//! the one named) is downloaded over HTTP into the node's packs folder, then checked
//! against the pinned platform key; `--import` then imports it as `lawha pack import` does.
//!
//! Requests are signed with the node's own key (`GET <path> <unix time>`, see
//! `lawha_store::sync::packs`). Each file is received into `<name>.part`; a rerun after a
//! cut link or a kill asks only for the bytes missing (HTTP `Range`), and a file already
//! complete is not asked for again. A file must end at the size the platform announced,
//! and the manifest's signature must check out, before the pack is said to be ready; every
//! chunk is checked again against its hash when the pack is imported.

use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use lawha_pack::{is_pack_file, Pack};
use lawha_store::sync::batch::NodeIdentity;
use lawha_web::{NODE_HEADER, SIGNATURE_HEADER, TIME_HEADER};
use reqwest::header::{CONTENT_RANGE, RANGE};
use reqwest::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::{import, pinned_key, FetchArgs};
use crate::config::Config;
use crate::progress::Bars;

/// A pack as the platform offers it (`GET /sync/packs`).
#[derive(Debug, Deserialize)]
struct Offered {
    pack_id: Uuid,
    built_at: DateTime<Utc>,
    base_pack_id: Option<Uuid>,
    files: Vec<OfferedFile>,
}

#[derive(Debug, Deserialize)]
struct OfferedFile {
    name: String,
    size: u64,
}

#[derive(Deserialize)]
struct Offers {
    packs: Vec<Offered>,
}

/// Where the platform is and who this node is.
struct Platform {
    client: reqwest::Client,
    clock: lawha_core::Clock,
    url: String,
    node: NodeIdentity,
}

pub async fn run(args: &FetchArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let pinned = pinned_key(None, config)?;
    let (url, node) = crate::sync::push_target(config).map_err(anyhow::Error::msg)?;
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(30))
        // Between two reads, not for the whole download: a volume may be gigabytes.
        .read_timeout(Duration::from_secs(120))
        .user_agent(concat!("lawha-node/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("cannot make the HTTP client")?;
    let platform = Platform {
        client,
        clock: config.clock(),
        url,
        node,
    };
    let mut offers = platform.offers().await?.packs;
    let chosen = match args.pack {
        Some(id) => match offers.iter().position(|p| p.pack_id == id) {
            Some(at) => offers.swap_remove(at),
            None => bail!("the platform offers no pack {id} to this node"),
        },
        None if offers.is_empty() => {
            println!("The platform offers no pack to this node yet.");
            return Ok(ExitCode::SUCCESS);
        }
        None => offers.swap_remove(0),
    };
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| config.packs_dir.join(chosen.pack_id.to_string()));
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let received = platform.download(&chosen, &dir).await?;
    let opened_dir = dir.clone();
    let pack = tokio::task::spawn_blocking(move || Pack::open(&opened_dir, &pinned)).await??;
    if pack.manifest().pack_id != chosen.pack_id {
        bail!(
            "{} holds pack {}, not pack {}",
            dir.display(),
            pack.manifest().pack_id,
            chosen.pack_id
        );
    }
    let base = chosen
        .base_pack_id
        .map(|b| format!(" (a delta over pack {b}, which must be installed first)"))
        .unwrap_or_default();
    println!(
        "Pack {} (built {}){base} is in {}: {received} bytes received now; signature verified.",
        chosen.pack_id,
        chosen.built_at.format("%Y-%m-%d %H:%M"),
        dir.display()
    );
    if args.import {
        return import::run(&dir, config).await;
    }
    println!("Import it with: lawha pack import {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

impl Platform {
    /// A GET of `path` signed as this node.
    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        // The node's clock, as the rest of the node reads it; the platform allows five
        // minutes of difference.
        let now = self.clock.now().timestamp();
        let signature = self.node.sign_request("GET", path, now);
        self.client
            .get(format!("{}{path}", self.url))
            .header(NODE_HEADER, self.node.node_id.to_string())
            .header(TIME_HEADER, now.to_string())
            .header(SIGNATURE_HEADER, hex::encode(signature))
    }

    async fn offers(&self) -> anyhow::Result<Offers> {
        let response = self
            .get("/sync/packs")
            .send()
            .await
            .context("the platform")?;
        let body = accepted(response)
            .await?
            .bytes()
            .await
            .context("the platform")?;
        serde_json::from_slice(&body).context("the platform's list of packs is unreadable")
    }

    /// Downloads every file of `pack` not yet complete in `dir`; the bytes received.
    async fn download(&self, pack: &Offered, dir: &Path) -> anyhow::Result<u64> {
        let total = pack.files.iter().map(|f| f.size).sum();
        let bars = Bars::new();
        let bar = bars.bar("fetch", "downloading", total);
        let mut received = 0;
        for file in &pack.files {
            if !is_pack_file(&file.name) {
                bail!("the platform named a file {:?} that no pack has", file.name);
            }
            let path = format!("/sync/packs/{}/{}", pack.pack_id, file.name);
            received += self.download_file(&path, file, dir, &bar).await?;
        }
        bar.finish_and_clear();
        bars.finish();
        Ok(received)
    }

    /// Brings `dir/<name>` to the announced size through `<name>.part`, asking only for the
    /// bytes the part lacks; the bytes received.
    async fn download_file(
        &self,
        path: &str,
        file: &OfferedFile,
        dir: &Path,
        bar: &ProgressBar,
    ) -> anyhow::Result<u64> {
        let target = dir.join(&file.name);
        if plain_file_size(&target) == Some(file.size) {
            bar.inc(file.size);
            return Ok(0);
        }
        let part = dir.join(format!("{}.part", file.name));
        let mut have = plain_file_size(&part).unwrap_or(0);
        if have > file.size {
            have = 0;
        }
        let mut received = 0;
        if have < file.size {
            let mut request = self.get(path);
            if have > 0 {
                request = request.header(RANGE, format!("bytes={have}-"));
            }
            let sent = request.send().await.with_context(|| {
                format!(
                    "the platform did not answer for {}; run `lawha pack fetch` again to resume",
                    file.name
                )
            })?;
            let mut response = accepted(sent).await?;
            if have > 0 && !resumes_at(&response, have) {
                // A whole file where a range was asked for: start again.
                have = 0;
            }
            bar.inc(have);
            let mut out = open_part(&part, have)?;
            while let Some(bytes) = response.chunk().await.with_context(|| {
                format!(
                    "the download of {} was cut; run `lawha pack fetch` again to resume it",
                    file.name
                )
            })? {
                have += bytes.len() as u64;
                if have > file.size {
                    bail!("{} is longer than the platform announced", file.name);
                }
                out.write_all(&bytes)
                    .with_context(|| format!("cannot write {}", part.display()))?;
                received += bytes.len() as u64;
                bar.inc(bytes.len() as u64);
            }
            out.sync_all()
                .with_context(|| format!("cannot write {}", part.display()))?;
            if have != file.size {
                bail!(
                    "{} ended after {have} of {} bytes; run `lawha pack fetch` again to resume",
                    file.name,
                    file.size
                );
            }
        } else {
            bar.inc(have);
        }
        fs::rename(&part, &target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("cannot flush {}", dir.display()))?;
        Ok(received)
    }
}

/// The response, or the platform's refusal as an error naming its code.
async fn accepted(response: reqwest::Response) -> anyhow::Result<reqwest::Response> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.bytes().await.unwrap_or_default();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let code = body["error"].as_str().unwrap_or("unexpected-answer");
    bail!("the platform refused ({status}): {code}")
}

/// Whether a response to a range request from `from` is that range.
fn resumes_at(response: &reqwest::Response, from: u64) -> bool {
    response.status() == StatusCode::PARTIAL_CONTENT
        && response
            .headers()
            .get(CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("bytes "))
            .and_then(|v| v.split('-').next())
            .and_then(|start| start.parse::<u64>().ok())
            == Some(from)
}

/// The part file to append to (kept from `have` on, emptied when `have` is 0). Readable
/// by the node's user only: a pack for a school carries its password hashes.
fn open_part(part: &Path, have: u64) -> anyhow::Result<fs::File> {
    let write_error = || format!("cannot write {}", part.display());
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .mode(0o600)
        .open(part)
        .with_context(write_error)?;
    file.set_len(have).with_context(write_error)?;
    file.seek(SeekFrom::Start(have)).with_context(write_error)?;
    Ok(file)
}

/// The size of a plain file (not a link), if there is one.
fn plain_file_size(path: &Path) -> Option<u64> {
    fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}
