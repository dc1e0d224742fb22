//! The clip every demo capsule plays, made by this crate's own pipeline
//! (`examples/demo_media.rs`) and shipped in the binary, so that `lawha demo` shows
//! playable capsules on a machine without ffmpeg.

use bytes::Bytes;

use crate::error::Result;
use crate::storage::MediaStorage;

/// Where the clip's files go in the media store (a version folder, as uploads get; see
/// [`crate::ingest::output_prefix`]).
pub const PREFIX: &str = "renditions/demo-clip-1";

/// The clip's manifest and compliance report, as the worker would have stored them.
pub const MANIFEST_JSON: &str = include_str!("../demo/manifest.json");
pub const REPORT_JSON: &str = include_str!("../demo/report.json");

const FILES: &[(&str, &[u8])] = &[
    ("144p/index.m3u8", include_bytes!("../demo/144p/index.m3u8")),
    (
        "144p/seg_0000.ts",
        include_bytes!("../demo/144p/seg_0000.ts"),
    ),
    (
        "144p/seg_0001.ts",
        include_bytes!("../demo/144p/seg_0001.ts"),
    ),
    (
        "144p/seg_0002.ts",
        include_bytes!("../demo/144p/seg_0002.ts"),
    ),
    (
        "144p/seg_0003.ts",
        include_bytes!("../demo/144p/seg_0003.ts"),
    ),
    ("240p/index.m3u8", include_bytes!("../demo/240p/index.m3u8")),
    (
        "240p/seg_0000.ts",
        include_bytes!("../demo/240p/seg_0000.ts"),
    ),
    (
        "240p/seg_0001.ts",
        include_bytes!("../demo/240p/seg_0001.ts"),
    ),
    (
        "240p/seg_0002.ts",
        include_bytes!("../demo/240p/seg_0002.ts"),
    ),
    (
        "240p/seg_0003.ts",
        include_bytes!("../demo/240p/seg_0003.ts"),
    ),
    (
        "audio/index.m3u8",
        include_bytes!("../demo/audio/index.m3u8"),
    ),
    (
        "audio/seg_0000.ts",
        include_bytes!("../demo/audio/seg_0000.ts"),
    ),
    (
        "audio/seg_0001.ts",
        include_bytes!("../demo/audio/seg_0001.ts"),
    ),
    (
        "audio/seg_0002.ts",
        include_bytes!("../demo/audio/seg_0002.ts"),
    ),
    (
        "audio/seg_0003.ts",
        include_bytes!("../demo/audio/seg_0003.ts"),
    ),
    (
        "audio/seg_0004.ts",
        include_bytes!("../demo/audio/seg_0004.ts"),
    ),
    ("download.mp4", include_bytes!("../demo/download.mp4")),
    ("master.m3u8", include_bytes!("../demo/master.m3u8")),
    ("poster.jpg", include_bytes!("../demo/poster.jpg")),
    ("thumb.jpg", include_bytes!("../demo/thumb.jpg")),
];

/// The key standing for the clip's original (the MP4: the demo has no other).
pub fn source_key() -> String {
    format!("{PREFIX}/download.mp4")
}

/// Writes the clip's files to `storage`, skipping those already there.
pub async fn install(storage: &MediaStorage) -> Result<usize> {
    let mut written = 0;
    for (path, bytes) in FILES {
        let key = format!("{PREFIX}/{path}");
        if storage.head(&key).await?.is_none() {
            storage.put_bytes(&key, Bytes::from_static(bytes)).await?;
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::MediaManifest;

    #[test]
    fn the_manifest_names_shipped_files() {
        let manifest: MediaManifest =
            serde_json::from_str(MANIFEST_JSON).unwrap_or_else(|e| panic!("{e}"));
        let shipped: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
        for path in manifest
            .renditions
            .iter()
            .map(|r| r.playlist.as_str())
            .chain([
                manifest.master.as_str(),
                manifest.progressive.as_str(),
                manifest.poster.as_str(),
                manifest.thumbnail.as_str(),
            ])
        {
            assert!(shipped.contains(&path), "{path} is not shipped");
        }
    }

    /// The store is the data directory's `media` folder: the clip's files sit in
    /// `media/renditions/…`, never in a `media/media/` of their own; a version recorded
    /// before, under `media/{id}`, still reads by its recorded key.
    #[tokio::test]
    async fn media_lands_once_under_the_media_folder() {
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = data_dir.path().join("media");
        let storage =
            MediaStorage::open(&root.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        install(&storage).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(root.join(PREFIX).join("master.m3u8").is_file());
        assert!(!root.join("media").exists(), "media/media/ again");
        let key = crate::ingest::output_prefix(uuid::Uuid::nil());
        assert!(key.starts_with("renditions/"), "{key}");

        let before = "media/0190a4e0-0000-7000-8000-000000000000/master.m3u8";
        storage
            .put_bytes(before, Bytes::from_static(b"#EXTM3U"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(root.join(before).is_file());
        let read = storage
            .get_bytes(before)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.as_ref(), b"#EXTM3U");
    }

    #[tokio::test]
    async fn install_writes_once() {
        let storage = MediaStorage::in_memory();
        assert_eq!(install(&storage).await.ok(), Some(FILES.len()));
        assert_eq!(install(&storage).await.ok(), Some(0));
        assert!(storage.head(&source_key()).await.ok().flatten().is_some());
    }
}
