//! Taking in a capsule's video: the original goes to the media store under a new version
//! id, then the version is recorded and its transcode queued in one database transaction
//! (`MediaJobs::add_media`). If recording fails, the stored original is deleted again, so a
//! failed ingest leaves nothing behind; a retry is a new, clean attempt.

use std::path::{Path, PathBuf};

use lawha_store::media_jobs::media::{Job, MediaAsset, NewMedia};
use lawha_store::Store;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

use crate::error::{MediaError, Result};
use crate::storage::MediaStorage;

/// A video file on this machine, to become a version of a capsule.
#[derive(Debug, Clone)]
pub struct Source {
    pub capsule_id: Uuid,
    pub created_by: Option<Uuid>,
    /// The name it had for its producer (shown in the studio).
    pub name: String,
    pub path: PathBuf,
    pub bytes: u64,
    /// Computed here when `None`.
    pub sha256: Option<String>,
}

/// The object key of a version's original: `sources/{id}/original.{ext}`.
pub fn source_key(id: Uuid, name: &str) -> String {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| !e.is_empty() && e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into());
    format!("sources/{id}/original.{ext}")
}

/// The folder of a version's renditions: `renditions/{id}`. The media store is itself
/// the `media` folder of the data directory, so a `media/` prefix here put every version
/// under `media/media/`. Versions made before keep the prefix recorded with them
/// (`media/{id}`), which still reads: keys are never rebuilt from an id.
pub fn output_prefix(id: Uuid) -> String {
    format!("{RENDITIONS}/{id}")
}

/// The media store's folder of versions' renditions.
pub const RENDITIONS: &str = "renditions";

/// Stores the original and queues its processing.
pub async fn ingest_source(
    storage: &MediaStorage,
    store: &Store,
    source: &Source,
) -> Result<(MediaAsset, Job)> {
    if source.bytes == 0 {
        return Err(MediaError::EmptyFile {
            path: source.path.clone(),
        });
    }
    let sha256 = match &source.sha256 {
        Some(sha) => sha.clone(),
        None => sha256_of(&source.path).await?,
    };
    let id = lawha_core::new_id();
    let key = source_key(id, &source.name);
    storage.put_file(&key, &source.path).await?;
    let recorded = store
        .media_jobs()
        .add_media(&NewMedia {
            capsule_id: source.capsule_id,
            id,
            source_key: key.clone(),
            source_name: source.name.clone(),
            source_bytes: i64::try_from(source.bytes).unwrap_or(i64::MAX),
            source_sha256: sha256,
            output_prefix: output_prefix(id),
            created_by: source.created_by,
        })
        .await;
    match recorded {
        Ok(done) => Ok(done),
        Err(e) => {
            if let Err(cleanup) = storage.delete(&key).await {
                tracing::warn!(error = %cleanup, "could not delete an original after a failed ingest");
            }
            Err(e.into())
        }
    }
}

/// The SHA-256 of a file, hex, read in 1 MiB pieces.
pub async fn sha256_of(path: &Path) -> Result<String> {
    let io = |e| MediaError::io(format!("cannot read {}", path.display()), e);
    let mut file = tokio::fs::File::open(path).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).await.map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_a_clean_extension() {
        let id = Uuid::nil();
        assert_eq!(
            source_key(id, "Cours 1.MP4"),
            format!("sources/{id}/original.mp4")
        );
        assert_eq!(
            source_key(id, "video"),
            format!("sources/{id}/original.bin")
        );
        assert_eq!(
            source_key(id, "x.tar.g z"),
            format!("sources/{id}/original.bin")
        );
        assert_eq!(output_prefix(id), format!("renditions/{id}"));
    }
}
