//! The clip every demo capsule plays, made by this crate's own pipeline
//! (`examples/demo_media.rs`) and shipped in the binary, so that `lawha demo` shows
//! playable capsules on a machine without ffmpeg.

use bytes::Bytes;

use crate::error::Result;
use crate::storage::MediaStorage;

/// Where the clip's files go in the media store (a version folder, as uploads get).
pub const PREFIX: &str = "media/demo-clip-1";

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

    #[tokio::test]
    async fn install_writes_once() {
        let storage = MediaStorage::in_memory();
        assert_eq!(install(&storage).await.ok(), Some(FILES.len()));
        assert_eq!(install(&storage).await.ok(), Some(0));
        assert!(storage.head(&source_key()).await.ok().flatten().is_some());
    }
}
