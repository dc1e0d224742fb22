//! Moving whole files between the local disk and the store: single files (streamed in parts
//! when large), directory trees, and downloads.

use std::path::Path;

use bytes::Bytes;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use object_store::{PutMultipartOptions, WriteMultipart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{key, storage_error, walk, MediaStorage};
use crate::error::{MediaError, Result};

/// Files up to this size are sent in one request; larger ones in parts of this size, so a
/// 2 GB source never sits in memory (S3 wants parts of at least 5 MiB).
pub(crate) const PART_BYTES: usize = 8 << 20;
/// Parts (or files of a directory) in flight at once.
const CONCURRENCY: usize = 4;

impl MediaStorage {
    /// Stores the file at `file` under `key`, streamed in parts if it is large. Returns its
    /// size in bytes.
    pub async fn put_file(&self, key: &str, file: &Path) -> Result<u64> {
        let path = key::object_path(key)?;
        let io = |e| MediaError::io(format!("cannot read {}", file.display()), e);
        let mut reader = tokio::fs::File::open(file).await.map_err(io)?;
        let size = reader.metadata().await.map_err(io)?.len();
        if size <= PART_BYTES as u64 {
            let mut buf = Vec::with_capacity(size as usize);
            reader.read_to_end(&mut buf).await.map_err(io)?;
            self.put_bytes(key, Bytes::from(buf)).await?;
            return Ok(size);
        }

        let opts = PutMultipartOptions {
            attributes: self.attributes(key),
            ..PutMultipartOptions::default()
        };
        let upload = self
            .store
            .put_multipart_opts(&path, opts)
            .await
            .map_err(|e| storage_error(key, e))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buf = vec![0_u8; 1 << 20];
        loop {
            let n = match reader.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(io(e));
                }
            };
            if let Err(e) = writer.wait_for_capacity(CONCURRENCY).await {
                let _ = writer.abort().await;
                return Err(storage_error(key, e));
            }
            writer.write(buf.get(..n).unwrap_or_default());
        }
        writer.finish().await.map_err(|e| storage_error(key, e))?;
        Ok(size)
    }

    /// Stores every file under `dir` (recursively) as `prefix/relative/path`, and returns
    /// the bytes stored. Playlists go last, the top-level ones after the others, so a reader
    /// never finds a playlist naming a segment not yet stored. Symbolic links are skipped.
    pub async fn put_dir(&self, prefix: &str, dir: &Path) -> Result<u64> {
        key::prefix_path(prefix)?;
        let mut files = walk::files(dir).await?;
        files.sort_by_key(|(relative, _)| walk::upload_phase(relative));
        let mut total = 0;
        for phase in 0..=2 {
            // Owned keys and paths: closures over borrowed items make this future fail
            // the `Send` check of callers that spawn it (rust-lang/rust#102211).
            let batch: Vec<(String, std::path::PathBuf)> = files
                .iter()
                .filter(|(relative, _)| walk::upload_phase(relative) == phase)
                .map(|(relative, path)| (key::join(prefix, relative), path.clone()))
                .collect();
            let sizes: Vec<u64> = stream::iter(batch)
                .map(|(key, path)| async move { self.put_file(&key, &path).await })
                .buffer_unordered(CONCURRENCY)
                .try_collect()
                .await?;
            total += sizes.iter().sum::<u64>();
        }
        Ok(total)
    }

    /// Writes the object to `file` (through a temporary file beside it, renamed when
    /// complete). Returns its size in bytes.
    pub async fn download_to(&self, key: &str, file: &Path) -> Result<u64> {
        let mut chunks = self.get_stream(key, None).await?;
        let parent = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let io = |e| MediaError::io(format!("cannot write {}", file.display()), e);
        let partial = tempfile::Builder::new()
            .prefix(".lawha-download-")
            .tempfile_in(parent)
            .map_err(io)?;
        let mut out = tokio::fs::File::from_std(partial.reopen().map_err(io)?);
        let mut size = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            out.write_all(&chunk).await.map_err(io)?;
            size += chunk.len() as u64;
        }
        out.sync_all().await.map_err(io)?;
        drop(out);
        partial.persist(file).map_err(|e| io(e.error))?;
        Ok(size)
    }
}
