//! Which media files a node carries for a capsule: the lowest video rung, the sound-only
//! rung, the master playlist, the lowest rung's single MP4, the poster and its thumbnail of the version that plays (read from its media
//! manifest, whose fields `lawha_media::MediaManifest` writes), and the capsule's subtitles
//! and worksheets. Keys are the media storage's: a version's renditions live under its
//! `output_prefix` (`renditions/{id}`), each rung in a folder named by its playlist's.

use serde::Deserialize;

use super::content::{MediaFile, MediaFileKind};
use super::records::{CapsuleFileRow, MediaAssetRow};
use crate::{Result, StoreError};

/// The fields of a media manifest this module reads; the rest is ignored.
#[derive(Deserialize)]
struct Manifest {
    renditions: Vec<Rendition>,
    master: String,
    #[serde(default)]
    progressive_bytes: Option<u64>,
    /// Absent from manifests written before progressive MP4s were made.
    #[serde(default)]
    progressive: String,
    poster: String,
    thumbnail: String,
}

#[derive(Deserialize)]
struct Rendition {
    kind: String,
    height: u32,
    playlist: String,
    bytes: u64,
}

/// The media files of a version that plays: lowest video rung, sound only, master
/// playlist, poster, thumbnail. A version without a manifest (never ready) has none.
pub(crate) fn version_files(asset: &MediaAssetRow) -> Result<Vec<MediaFile>> {
    let Some(manifest) = &asset.manifest else {
        return Ok(Vec::new());
    };
    let manifest: Manifest = serde_json::from_str(manifest)
        .map_err(|e| StoreError::Corrupt(format!("media manifest of {}: {e}", asset.id)))?;
    let key = |path: &str| format!("{}/{path}", asset.output_prefix);
    let file = |kind, key: String, bytes| MediaFile {
        capsule_id: asset.capsule_id,
        kind,
        key,
        bytes,
    };
    let lowest = manifest
        .renditions
        .iter()
        .filter(|r| r.kind == "video")
        .min_by_key(|r| r.height);
    let sound = manifest.renditions.iter().find(|r| r.kind == "audio");
    let mut files = Vec::new();
    for (kind, rendition) in [
        (MediaFileKind::LowestVideo, lowest),
        (MediaFileKind::SoundOnly, sound),
    ] {
        if let Some(r) = rendition {
            files.push(file(kind, key(folder_of(&r.playlist)), Some(r.bytes)));
        }
    }
    files.push(file(
        MediaFileKind::MasterPlaylist,
        key(&manifest.master),
        None,
    ));
    if !manifest.progressive.is_empty() {
        files.push(file(
            MediaFileKind::Progressive,
            key(&manifest.progressive),
            manifest.progressive_bytes,
        ));
    }
    files.push(file(MediaFileKind::Poster, key(&manifest.poster), None));
    files.push(file(
        MediaFileKind::Thumbnail,
        key(&manifest.thumbnail),
        None,
    ));
    Ok(files)
}

/// A capsule's subtitles or worksheet.
pub(crate) fn capsule_file(row: &CapsuleFileRow) -> MediaFile {
    let kind = if row.kind == "subtitles" {
        MediaFileKind::Subtitles
    } else {
        MediaFileKind::Worksheet
    };
    MediaFile {
        capsule_id: row.capsule_id,
        kind,
        key: row.object_key.clone(),
        bytes: u64::try_from(row.bytes).ok(),
    }
}

/// `144p/index.m3u8` → `144p`: a rung's folder holds its playlist and segments.
fn folder_of(playlist: &str) -> &str {
    playlist
        .rsplit_once('/')
        .map_or(playlist, |(folder, _)| folder)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    use super::*;

    fn asset(manifest: Option<&str>) -> MediaAssetRow {
        let at = Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        MediaAssetRow {
            id: Uuid::nil(),
            capsule_id: Uuid::from_u128(1),
            source_key: "sources/x/clip.mp4".into(),
            source_name: "clip.mp4".into(),
            source_bytes: 10,
            source_sha256: String::new(),
            output_prefix: "media/v1".into(),
            status: "ready".into(),
            error_code: None,
            error_detail: None,
            manifest: manifest.map(str::to_string),
            report: None,
            compliant: None,
            master_key: None,
            created_by: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn the_lowest_video_rung_and_the_sound_come_with_master_and_poster() {
        let manifest = r#"{"duration_ms":1,"width":1280,"height":720,"master":"master.m3u8",
            "progressive":"download.mp4","progressive_bytes":5,"poster":"poster.jpg",
            "thumbnail":"thumb.jpg","renditions":[
            {"name":"360p","kind":"video","width":640,"height":360,"frame_rate":25.0,
             "bandwidth":1,"average_bandwidth":1,"codecs":"","playlist":"360p/index.m3u8","bytes":900},
            {"name":"144p","kind":"video","width":256,"height":144,"frame_rate":25.0,
             "bandwidth":1,"average_bandwidth":1,"codecs":"","playlist":"144p/index.m3u8","bytes":300},
            {"name":"audio","kind":"audio","width":0,"height":0,"frame_rate":0.0,
             "bandwidth":1,"average_bandwidth":1,"codecs":"","playlist":"audio/index.m3u8","bytes":70}]}"#;
        let files = version_files(&asset(Some(manifest))).unwrap_or_default();
        let listed: Vec<_> = files
            .iter()
            .map(|f| (f.kind, f.key.as_str(), f.bytes))
            .collect();
        assert_eq!(
            listed,
            [
                (MediaFileKind::LowestVideo, "media/v1/144p", Some(300)),
                (MediaFileKind::SoundOnly, "media/v1/audio", Some(70)),
                (MediaFileKind::MasterPlaylist, "media/v1/master.m3u8", None),
                (MediaFileKind::Progressive, "media/v1/download.mp4", Some(5)),
                (MediaFileKind::Poster, "media/v1/poster.jpg", None),
                (MediaFileKind::Thumbnail, "media/v1/thumb.jpg", None),
            ]
        );
    }

    #[test]
    fn a_version_never_ready_has_no_files_and_a_bad_manifest_is_an_error() {
        assert_eq!(version_files(&asset(None)).ok(), Some(Vec::new()));
        assert!(version_files(&asset(Some("{"))).is_err());
    }
}
