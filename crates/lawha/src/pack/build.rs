//! `lawha pack build`: the schoolbag selects the rows and the media a node carries; the
//! media manifests are trimmed to the rungs carried (with a master playlist to match), and
//! every media object is streamed from the media store into the pack, one chunk at a time.

use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

use anyhow::{bail, Context};
use lawha_media::{MediaManifest, MediaStorage};
use lawha_pack::{keys, Pack, PackOptions, PackWriter};
use lawha_store::schoolbag::{MediaFileKind, PackContent, PackSelection};
use lawha_store::{Store, StoreError};
use serde_json::json;
use tokio::runtime::Handle;
use uuid::Uuid;

use super::streamed::StreamedObject;
use super::{BuildArgs, CONTENT_ENTRY};
use crate::config::Config;
use crate::server::open;

pub async fn run(args: &BuildArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let key = keys::load_secret(&args.key)?;
    let mut options = PackOptions::new(config.clock().now());
    if let Some(mb) = args.max_volume_mb {
        options.max_volume = mb.saturating_mul(1 << 20);
    }
    if let Some(base) = &args.base {
        let base = Pack::open(base, &key.public())
            .with_context(|| format!("the base pack {}", base.display()))?;
        options.base = Some(base.manifest().clone());
    }
    let store = open(config).await?;
    let selection = selection(args, &store).await?;
    let mut content = store.schoolbag().select(&selection).await?;
    store.close().await;
    let masters = trim_manifests(&mut content)?;
    let storage = MediaStorage::open(&config.media_store).context("cannot open the media store")?;
    let metadata = json!({ "selection": &content.selection });
    let out = args.out.clone();
    let manifest = tokio::task::block_in_place(|| {
        let mut writer = PackWriter::new(&out, &key, metadata, options)?;
        content.pack_id = writer.pack_id();
        let rows = serde_json::to_vec(&content).context("content.json")?;
        writer.add_entry(CONTENT_ENTRY, rows.as_slice())?;
        add_media(&mut writer, &content, &masters, &storage)?;
        anyhow::Ok(writer.finish()?)
    })?;
    let volumes = manifest
        .chunks
        .iter()
        .filter_map(|c| c.stored.map(|place| place.volume))
        .max()
        .unwrap_or(0);
    let carried: u64 = manifest
        .chunks
        .iter()
        .filter(|c| c.stored.is_some())
        .map(|c| u64::from(c.len))
        .sum();
    println!(
        "Pack {} written to {}: {} rows and {} media files, {} bytes in all; \
         {carried} bytes carried in {volumes} volume(s).",
        manifest.pack_id,
        args.out.display(),
        row_count(&content),
        manifest.entries.len().saturating_sub(1),
        manifest.total_size(),
    );
    Ok(ExitCode::SUCCESS)
}

/// The command line's selection; a school is named by its id or its code.
async fn selection(args: &BuildArgs, store: &Store) -> anyhow::Result<PackSelection> {
    let school = match &args.school {
        None => None,
        Some(text) => Some(match text.parse::<Uuid>() {
            Ok(id) => id,
            Err(_) => match store.org().school_by_code(text).await {
                Ok(school) => school.id,
                Err(StoreError::NotFound) => bail!("no school has the id or code {text:?}"),
                Err(e) => return Err(e.into()),
            },
        }),
    };
    Ok(PackSelection {
        levels: args.levels.clone(),
        subjects: args.subjects.clone(),
        programmes: args.programmes.clone(),
        lessons: args.lessons.clone(),
        since: args.since,
        school,
    })
}

/// Replaces each version's media manifest by the one of what the pack carries (lowest video
/// rung, sound only) and returns the master playlists to carry instead of storage's, by key.
fn trim_manifests(content: &mut PackContent) -> anyhow::Result<HashMap<String, String>> {
    let mut masters = HashMap::new();
    for asset in &mut content.media_assets {
        let Some(text) = &asset.manifest else {
            continue;
        };
        let full: MediaManifest = serde_json::from_str(text)
            .with_context(|| format!("the media manifest of version {}", asset.id))?;
        let trimmed = full.trimmed_for_pack();
        let key = format!("{}/{}", asset.output_prefix, trimmed.master);
        masters.insert(key, trimmed.master_playlist());
        asset.manifest = Some(serde_json::to_string(&trimmed).context("a media manifest")?);
    }
    Ok(masters)
}

/// Streams every media file the content names into the pack, each storage key once
/// (versions may share files); a rendition is every object under its folder.
fn add_media(
    writer: &mut PackWriter<'_>,
    content: &PackContent,
    masters: &HashMap<String, String>,
    storage: &MediaStorage,
) -> anyhow::Result<()> {
    let runtime = Handle::current();
    let mut added = BTreeSet::new();
    for file in &content.media {
        if file.kind == MediaFileKind::MasterPlaylist {
            if let Some(text) = masters.get(&file.key) {
                if added.insert(file.key.clone()) {
                    writer.add_entry(&file.key, text.as_bytes())?;
                }
                continue;
            }
        }
        let objects = match file.kind {
            MediaFileKind::LowestVideo | MediaFileKind::SoundOnly => runtime
                .block_on(storage.list(&file.key))
                .with_context(|| format!("cannot list {}", file.key))?
                .into_iter()
                .map(|(key, _)| key)
                .collect(),
            _ => vec![file.key.clone()],
        };
        for key in objects {
            if !added.insert(key.clone()) {
                continue;
            }
            let stream = runtime
                .block_on(storage.get_stream(&key, None))
                .with_context(|| format!("cannot read {key} from the media store"))?;
            writer
                .add_entry(&key, StreamedObject::new(stream, runtime.clone()))
                .with_context(|| format!("cannot add {key} to the pack"))?;
        }
    }
    Ok(())
}

/// The rows `content.json` carries, for the summary.
fn row_count(content: &PackContent) -> usize {
    let c = content;
    c.regions.len()
        + c.provinces.len()
        + c.schools.len()
        + c.classes.len()
        + c.users.len()
        + c.grants.len()
        + c.class_teachers.len()
        + c.parent_links.len()
        + c.units.len()
        + c.lessons.len()
        + c.capsules.len()
        + c.media_assets.len()
        + c.capsule_files.len()
        + c.exercise_sets.len()
        + c.exercise_items.len()
        + c.assignments.len()
        + c.assignment_pupils.len()
}
