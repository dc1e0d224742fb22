//! `lawha pack publish` on the platform: a built pack, opened against the platform's key and
//! every chunk verified, is copied into the packs folder (`packs_dir/<pack id>/`) and
//! recorded in `published_packs`, from where school nodes fetch it over HTTP. The copy is
//! made under a temporary name and renamed once flushed, and the row is written last: a
//! node is never offered a pack whose files are not all in place. Publishing the same pack
//! again changes nothing.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use lawha_pack::Pack;
use lawha_store::sync::packs::NewPublishedPack;
use lawha_store::StoreError;

use super::{built_for, pinned_key, show};
use crate::config::Config;
use crate::progress::Bars;
use crate::server::open;

pub async fn run(dir: &Path, given_key: Option<&str>, config: &Config) -> anyhow::Result<ExitCode> {
    let pinned = pinned_key(given_key, config)?;
    let source = dir.to_owned();
    let pack = tokio::task::spawn_blocking(move || {
        let pack = Pack::open(&source, &pinned)?;
        let bars = Bars::new();
        let bar = bars.bar("publish", "verifying", 1);
        let verified = pack.verify(|p| show(&bar, p));
        bar.finish_and_clear();
        bars.finish();
        verified?;
        anyhow::Ok(pack)
    })
    .await??;
    let manifest = pack.manifest();
    let school = built_for(&manifest.metadata)?;
    let target = config.packs_dir.join(manifest.pack_id.to_string());
    let total_bytes = copy_into_place(dir, &target)?;
    let store = open(config).await?;
    let published = store
        .sync()
        .publish_pack(&NewPublishedPack {
            pack_id: manifest.pack_id,
            school_id: school,
            built_at: manifest.created,
            base_pack_id: manifest.base_pack_id,
            total_bytes,
        })
        .await;
    store.close().await;
    let published = match published {
        Err(StoreError::NotFound) => {
            bail!("the pack was built for school {school:?}, which this platform does not have")
        }
        other => other?,
    };
    let whom = school.map_or_else(
        || "every school node (content only)".to_string(),
        |s| format!("the nodes of school {s} only"),
    );
    println!(
        "Pack {} published in {}: {} bytes, for {whom}.",
        published.pack_id,
        target.display(),
        published.total_bytes
    );
    Ok(ExitCode::SUCCESS)
}

/// Copies the pack's own files from `source` to `target` (a temporary folder beside it,
/// flushed, then renamed) and returns their size together; a `target` already there (the
/// same pack published before) is kept as it is.
fn copy_into_place(source: &Path, target: &Path) -> anyhow::Result<u64> {
    if target.is_dir() {
        return folder_size(target);
    }
    let parent = target.parent().context("the packs folder")?;
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let mut temporary = target.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = Path::new(&temporary);
    if temporary.exists() {
        fs::remove_dir_all(temporary)
            .with_context(|| format!("cannot remove {}", temporary.display()))?;
    }
    fs::create_dir_all(temporary)
        .with_context(|| format!("cannot create {}", temporary.display()))?;
    let mut total = 0;
    for entry in
        fs::read_dir(source).with_context(|| format!("cannot read {}", source.display()))?
    {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !lawha_pack::is_pack_file(&name) {
            continue;
        }
        let to = temporary.join(&name);
        total += fs::copy(entry.path(), &to)
            .with_context(|| format!("cannot copy {name} to {}", to.display()))?;
        fs::File::open(&to).and_then(|f| f.sync_all())?;
    }
    if total == 0 {
        bail!("{} holds no pack files", source.display());
    }
    fs::rename(temporary, target).with_context(|| format!("cannot create {}", target.display()))?;
    fs::File::open(parent).and_then(|d| d.sync_all())?;
    Ok(total)
}

fn folder_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        if lawha_pack::is_pack_file(&entry.file_name().to_string_lossy()) {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}
