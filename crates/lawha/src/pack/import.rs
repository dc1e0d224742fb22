//! `lawha pack import` on a school node: the pack is opened against the node's pinned
//! platform key, its entries installed into the node's media directory by `Pack::import`
//! (every chunk verified before anything outside `.pack/` changes; resumable after a pulled
//! stick or a kill -9: a rerun continues), then `content.json`, now verified and in place,
//! applied through the schoolbag in one transaction. The database changes only after every
//! chunk verified; a rerun after the files went in but before the rows did applies the rows.
//!
//! Only a media store in a local directory is supported: a node is one small box, and
//! `Pack::import` works on files in place. An `s3://` media store is refused.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use lawha_media::MediaStorage;
use lawha_pack::{ImportOutcome, Pack};
use lawha_store::schoolbag::PackContent;
use uuid::Uuid;

use super::{built_for, pinned_key, show, CONTENT_ENTRY};
use crate::config::Config;
use crate::progress::Bars;
use crate::server::open;

pub async fn run(dir: &Path, config: &Config) -> anyhow::Result<ExitCode> {
    let pinned = pinned_key(None, config)?;
    let media_dir = node_media_dir(config)?;
    let pack = Pack::open(dir, &pinned)?;
    check_school(&pack.manifest().metadata, config.node_school)?;
    let pack_id = pack.manifest().pack_id;
    let outcome = install_files(pack, &media_dir).await?;
    let content_path = media_dir.join(CONTENT_ENTRY);
    keep_private(&content_path)?;
    let content = read_content(&content_path, pack_id)?;
    let store = open(config).await?;
    let summary = store.schoolbag().apply_pack_content(&content).await;
    store.close().await;
    let summary = summary.context("cannot apply content.json")?;
    match outcome {
        ImportOutcome::AlreadyInstalled if summary.changed_nothing() => {
            println!("Pack {pack_id} is already installed: nothing changed.");
        }
        ImportOutcome::AlreadyInstalled => println!(
            "Pack {pack_id}: files were already installed; {} rows written.",
            summary.total()
        ),
        ImportOutcome::Installed { written, unchanged } => {
            println!(
                "Pack {pack_id} installed: {written} files written, {unchanged} unchanged; \
                 {} rows written.",
                summary.total()
            );
        }
    }
    for (table, rows) in summary.written.iter().filter(|(_, rows)| **rows > 0) {
        println!("  {table:<20} {rows}");
    }
    if summary.people_removed > 0 {
        println!(
            "{} people no longer of the school were taken off this node.",
            summary.people_removed
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The node's media directory; packs are installed into files in place.
fn node_media_dir(config: &Config) -> anyhow::Result<PathBuf> {
    match MediaStorage::local_directory(&config.media_store)? {
        Some(dir) => Ok(dir),
        None => bail!(
            "media_store {:?} is not a local directory: a school node keeps its media in a \
             directory, and packs are imported only there",
            config.media_store
        ),
    }
}

/// Refuses a pack built for another school than the node's, or any pack where no school is
/// configured (before anything is written). A pack built for no school carries content only.
/// `metadata` is the manifest's.
fn check_school(metadata: &serde_json::Value, node_school: Option<Uuid>) -> anyhow::Result<()> {
    let built_for = built_for(metadata)?;
    match (node_school, built_for) {
        // Fail closed: a school's pack carries its people's password hashes.
        (None, _) => bail!(
            "node_school is not set: packs are imported only on a school node \
             (set one up with `lawha node init`)"
        ),
        (Some(node), Some(pack)) if node != pack => {
            bail!("this pack was built for school {pack}, and this node serves school {node}")
        }
        _ => Ok(()),
    }
}

/// Copies the pack's entries into the media directory on a blocking thread, with a bar.
async fn install_files(pack: Pack, media_dir: &Path) -> anyhow::Result<ImportOutcome> {
    let dest = media_dir.to_owned();
    let outcome = tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dest)
            .with_context(|| format!("cannot create {}", dest.display()))?;
        let bars = Bars::new();
        let bar = bars.bar("import", "copying", pack.manifest().total_size());
        let pause = pause_per_step();
        let outcome = pack.import(&dest, |p| {
            if let Some(pause) = pause {
                std::thread::sleep(pause);
            }
            show(&bar, p)
        });
        bar.finish_and_clear();
        bars.finish();
        anyhow::Ok(outcome?)
    })
    .await??;
    Ok(outcome)
}

/// A pause after every chunk copied and file moved, from `LAWHA_TEST_IMPORT_PAUSE_MS`: set
/// by tests only, to kill an import in the middle. It slows the import and changes nothing
/// else; unset (always, in use), there is no pause.
fn pause_per_step() -> Option<std::time::Duration> {
    let millis: u64 = std::env::var("LAWHA_TEST_IMPORT_PAUSE_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(std::time::Duration::from_millis(millis))
}

/// `content.json` holds the school's password hashes, as the database does: only the node's
/// own user may read it, whatever the media directory's other files allow. It stays, as a
/// rerun and the next delta pack read it.
fn keep_private(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot restrict {}", path.display()))
}

/// The rows of the pack just installed, refused unless they name that pack.
fn read_content(path: &Path, pack_id: Uuid) -> anyhow::Result<PackContent> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let content: PackContent =
        serde_json::from_slice(&bytes).with_context(|| format!("{} is invalid", path.display()))?;
    if content.pack_id != pack_id {
        bail!(
            "{} belongs to pack {}, not to pack {pack_id}",
            path.display(),
            content.pack_id
        );
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata_for(school: Option<Uuid>) -> serde_json::Value {
        serde_json::json!({ "selection": { "school": school, "levels": ["1AC"] } })
    }

    #[test]
    fn only_a_node_of_the_packs_school_takes_it() {
        let (ours, theirs) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(check_school(&metadata_for(Some(ours)), Some(ours)).is_ok());
        // Content only (no school's people): any node takes it.
        assert!(check_school(&metadata_for(None), Some(ours)).is_ok());
        let err = check_school(&metadata_for(Some(theirs)), Some(ours)).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("built for school {theirs}")),
            "{err}"
        );
        // No school configured: refused whatever the pack, a school's or not (fail closed).
        for pack in [
            metadata_for(Some(ours)),
            metadata_for(None),
            serde_json::json!({}),
        ] {
            let err = check_school(&pack, None).unwrap_err();
            assert!(err.to_string().contains("node_school is not set"), "{err}");
        }
        // A school that is not an id is refused, not taken for content only.
        let garbled = serde_json::json!({ "selection": { "school": "CL-ANFA" } });
        let err = check_school(&garbled, Some(ours)).unwrap_err();
        assert!(err.to_string().contains("not an id"), "{err}");
    }
}
