//! The files one capsule brings to a device when its lesson is saved for offline, read from
//! its playing version: the rung the viewer's data saver picks and every file its playlist
//! names, the poster for that choice, the subtitles and worksheets.
//!
//! Sizes are the media store's (one listing of the version's folder, kept per node since a
//! ready version never changes); a segment the listing lacks gets an even share of what the
//! rendition's recorded total leaves, a poster it lacks counts nothing. Subtitles and
//! worksheets count the size recorded when they were uploaded.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use lawha_core::capsule::{DataSaver, MediaStatus};
use lawha_media::manifest::Rendition;
use lawha_media::MediaManifest;
use lawha_store::catalog::capsule_files::{CapsuleFile, FileKind};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::media_jobs::media::MediaAsset;
use uuid::Uuid;

use super::playlist;
use super::size::{CapsuleDownload, OfflineFile};
use crate::error::{AppError, AppResult};
use crate::routes::capsules::player::{media_url, Player};
use crate::AppState;

/// The rung `saver` plays offline: sound only when chosen and the source has sound,
/// otherwise the lowest video rung (the name in the bundle, the rendition).
fn rung_for(manifest: &MediaManifest, saver: DataSaver) -> Option<(&'static str, &Rendition)> {
    let lowest = manifest.video_renditions().min_by_key(|r| r.height);
    match (saver, manifest.audio_rendition()) {
        (DataSaver::Audio, Some(audio)) => Some(("audio", audio)),
        _ => lowest.map(|r| ("lowest", r)),
    }
}

/// A ready version's files never change (a new video is a new version), so the files of a
/// rung and their sizes are read from the media store once per node: the lesson and capsule
/// pages size their button without a storage round trip each time. Keyed by version, rung
/// playlist and poster; emptied when full.
type RungKey = (Uuid, String, Option<String>);
static RUNGS: LazyLock<Mutex<HashMap<RungKey, Arc<[OfflineFile]>>>> = LazyLock::new(Mutex::default);
const CACHED_RUNGS: usize = 4096;

/// The media files of `rendition` of the version `asset` (its playlist, every file the
/// playlist names) and its `poster` (a path in the version), with their sizes.
async fn rung_files(
    state: &AppState,
    asset: &MediaAsset,
    rendition: &Rendition,
    poster: Option<String>,
) -> AppResult<Arc<[OfflineFile]>> {
    let cache_key = (asset.id, rendition.playlist.clone(), poster);
    if let Some(files) = RUNGS.lock().ok().and_then(|m| m.get(&cache_key).cloned()) {
        return Ok(files);
    }
    let key = |path: &str| format!("{}/{path}", asset.output_prefix);
    let sizes: HashMap<String, u64> = state
        .media
        .list(&asset.output_prefix)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .collect();
    let size = |path: &str| sizes.get(&key(path)).copied();

    let text = state
        .media
        .get_bytes(&key(&rendition.playlist))
        .await
        .map_err(AppError::internal)?;
    let named = std::str::from_utf8(&text)
        .ok()
        .and_then(|text| playlist::named_files(&rendition.playlist, text))
        .ok_or_else(|| {
            AppError::internal(format!("unreadable playlist {}", key(&rendition.playlist)))
        })?;
    let known: u64 = named.iter().filter_map(|p| size(p)).sum();
    let unknown = named.iter().filter(|p| size(p).is_none()).count() as u64;
    let share = rendition
        .bytes
        .saturating_sub(known)
        .checked_div(unknown)
        .unwrap_or(0);

    let media = |path: &str, bytes: u64| OfflineFile {
        url: media_url(asset.id, path),
        bytes,
    };
    let mut files = vec![media(&rendition.playlist, text.len() as u64)];
    files.extend(named.iter().map(|p| media(p, size(p).unwrap_or(share))));
    if let Some(poster) = &cache_key.2 {
        files.push(media(poster, size(poster).unwrap_or(0)));
    }
    let files: Arc<[OfflineFile]> = files.into();
    if let Ok(mut cached) = RUNGS.lock() {
        if cached.len() >= CACHED_RUNGS {
            cached.clear();
        }
        cached.insert(cache_key, files.clone());
    }
    Ok(files)
}

/// What `capsule` brings offline for a viewer whose data saver is `saver`; `None` when its
/// version `asset` cannot play (not ready, no manifest).
pub async fn capsule_download(
    state: &AppState,
    capsule: &Capsule,
    title: String,
    asset: &MediaAsset,
    saver: DataSaver,
    capsule_files: &[CapsuleFile],
) -> AppResult<Option<CapsuleDownload>> {
    if asset.status != MediaStatus::Ready {
        return Ok(None);
    }
    let manifest: Option<MediaManifest> = asset
        .manifest
        .as_deref()
        .and_then(|m| serde_json::from_str(m).ok());
    let (Some(manifest), Some(player)) = (manifest, Player::of(asset, capsule.id, capsule_files))
    else {
        return Ok(None);
    };
    let Some((rung, rendition)) = rung_for(&manifest, saver) else {
        return Ok(None);
    };
    let poster = player
        .poster_for(&saver)
        .and_then(|url| url.strip_prefix(&media_url(asset.id, "")))
        .map(str::to_owned);
    let mut files = rung_files(state, asset, rendition, poster).await?.to_vec();
    // Subtitles as the player lists them, then the worksheets.
    let documents = capsule_files
        .iter()
        .filter(|f| matches!(f.kind, FileKind::Subtitles | FileKind::Worksheet));
    files.extend(documents.map(|f| OfflineFile {
        url: format!("/capsules/{}/files/{}", capsule.id, f.id),
        bytes: u64::try_from(f.bytes).unwrap_or(0),
    }));
    Ok(Some(CapsuleDownload::new(
        capsule.id,
        title,
        rung,
        media_url(asset.id, &rendition.playlist),
        files,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(with_sound: bool) -> MediaManifest {
        let mut m: MediaManifest = serde_json::from_str(lawha_media::demo::MANIFEST_JSON)
            .unwrap_or_else(|e| panic!("{e}"));
        if !with_sound {
            m.renditions
                .retain(|r| r.kind != lawha_media::manifest::RenditionKind::Audio);
        }
        m
    }

    #[test]
    fn the_data_saver_picks_the_rung() {
        let m = manifest(true);
        let pick = |saver| rung_for(&m, saver).map(|(name, r)| (name, r.name.clone()));
        assert_eq!(pick(DataSaver::Audio), Some(("audio", "audio".to_string())));
        assert_eq!(
            pick(DataSaver::Lowest),
            Some(("lowest", "144p".to_string()))
        );
        assert_eq!(pick(DataSaver::Auto), Some(("lowest", "144p".to_string())));
        let silent = manifest(false);
        let r = rung_for(&silent, DataSaver::Audio).map(|(name, r)| (name, r.name.clone()));
        assert_eq!(r, Some(("lowest", "144p".to_string())));
    }
}
