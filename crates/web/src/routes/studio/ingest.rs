//! What every video upload path does once it has the bytes: keep the file in the media
//! store as the version's original, record the version and queue its processing (one
//! transaction, in `MediaJobs::add_media`), and let the search index know.

use std::path::{Path, PathBuf};

use lawha_media::ingest::{ingest_source, Source};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::AppState;

/// A file received into the uploads directory, with its size and SHA-256.
#[derive(Debug)]
pub struct Received {
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Why an upload was refused; the code is shown (`upload-error-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal(pub &'static str);

/// Writes chunks to a new file in `dir`, hashing as it goes, refusing past `limit`
/// bytes (the partial file is removed).
pub struct Receiver {
    path: PathBuf,
    file: tokio::fs::File,
    hasher: Sha256,
    bytes: u64,
    limit: u64,
}

impl Receiver {
    pub async fn create(dir: &Path, limit: u64) -> AppResult<Receiver> {
        tokio::fs::create_dir_all(dir).await.map_err(internal)?;
        let path = dir.join(format!("{}.part", Uuid::now_v7()));
        let file = tokio::fs::File::create(&path).await.map_err(internal)?;
        Ok(Receiver {
            path,
            file,
            hasher: Sha256::new(),
            bytes: 0,
            limit,
        })
    }

    /// Appends a chunk; `Err(Refusal("too-large"))` past the limit.
    pub async fn write(&mut self, chunk: &[u8]) -> AppResult<Result<(), Refusal>> {
        if self.bytes + chunk.len() as u64 > self.limit {
            return Ok(Err(Refusal("too-large")));
        }
        self.file.write_all(chunk).await.map_err(internal)?;
        self.hasher.update(chunk);
        self.bytes += chunk.len() as u64;
        Ok(Ok(()))
    }

    pub async fn finish(mut self, name: &str) -> AppResult<Received> {
        self.file.flush().await.map_err(internal)?;
        self.file.sync_all().await.map_err(internal)?;
        Ok(Received {
            path: self.path,
            name: clean_name(name),
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }

    /// Drops the partial file.
    pub async fn abandon(self) {
        drop(self.file);
        let _ = tokio::fs::remove_file(&self.path).await;
    }
}

/// A file name as shown to producers: no folders, no control characters, bounded.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "video".to_string()
    } else {
        cleaned
    }
}

/// Makes a received file the capsule's new version (queued for processing). The
/// uploads-directory file is removed whatever happens.
pub async fn ingest(
    state: &AppState,
    capsule_id: Uuid,
    user_id: Uuid,
    received: Received,
) -> AppResult<Uuid> {
    let result = ingest_source(
        &state.media,
        &state.store,
        &Source {
            capsule_id,
            created_by: Some(user_id),
            name: received.name.clone(),
            path: received.path.clone(),
            bytes: received.bytes,
            sha256: Some(received.sha256.clone()),
        },
    )
    .await;
    let _ = tokio::fs::remove_file(&received.path).await;
    let (asset, _) = result.map_err(AppError::internal)?;
    tracing::info!(capsule = %capsule_id, media = %asset.id, bytes = received.bytes, "video received");
    state.sync_search().await;
    Ok(asset.id)
}

fn internal(e: std::io::Error) -> AppError {
    AppError::internal(format!("upload file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_folders_and_controls() {
        assert_eq!(clean_name("C:\\Users\\prof\\cours 1.mp4"), "cours 1.mp4");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b.mp4"), "ab.mp4");
        assert_eq!(clean_name("  "), "video");
    }
}
