//! [`MediaStorage`]: the object store capsule media lives in (a local directory, an S3 or
//! S3-compatible bucket, or memory), with keys checked, large files streamed in parts, and
//! errors mapped into [`MediaError`].

mod files;
mod key;
mod location;
mod walk;

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::prefix::PrefixStore;
use object_store::{
    Attribute, Attributes, GetOptions, GetRange, ObjectStore, PutOptions, PutPayload,
};
use serde::Serialize;

use crate::content_type::content_type;
use crate::error::{MediaError, Result};
use location::Location;

/// Size, version tag and date of a stored object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectInfo {
    /// Size, bytes.
    pub size: u64,
    /// The store's entity tag, if it keeps one (for HTTP `ETag`).
    pub etag: Option<String>,
    /// When it was last written.
    pub last_modified: DateTime<Utc>,
}

/// The media object store. Cheap to clone (the store is shared).
#[derive(Clone)]
pub struct MediaStorage {
    store: Arc<dyn ObjectStore>,
    /// Whether puts may carry a `Content-Type` (the local file system refuses attributes).
    content_types: bool,
    description: String,
}

impl std::fmt::Debug for MediaStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStorage")
            .field("location", &self.description)
            .finish()
    }
}

impl MediaStorage {
    /// Opens a store: a plain path or `file://` URL (the directory is created), `s3://bucket`
    /// or `s3://bucket/prefix` (endpoint, region and credentials from the standard `AWS_*`
    /// variables; `AWS_ENDPOINT` and `AWS_ALLOW_HTTP=true` for MinIO-style stores), or
    /// `memory:`. Nothing is contacted yet.
    pub fn open(location: &str) -> Result<MediaStorage> {
        Self::open_with_s3_options(location, [])
    }

    /// Like [`MediaStorage::open`], with S3 settings given here as well as in the environment
    /// (keys as `object_store` names them: `aws_endpoint`, `aws_access_key_id`,
    /// `aws_allow_http`…); these win over `AWS_*` variables. Ignored for other locations.
    pub fn open_with_s3_options<'a>(
        location: &str,
        s3_options: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<MediaStorage> {
        let invalid = |detail: String| MediaError::InvalidLocation {
            location: location.to_owned(),
            detail,
        };
        match location::parse(location)? {
            Location::Memory => Ok(Self::in_memory()),
            Location::Local(dir) => {
                std::fs::create_dir_all(&dir)
                    .map_err(|e| MediaError::io(format!("cannot create {}", dir.display()), e))?;
                let fs = LocalFileSystem::new_with_prefix(&dir)
                    .map_err(|e| invalid(e.to_string()))?
                    // Deleting a capsule's last file removes its emptied directories too.
                    .with_automatic_cleanup(true);
                Ok(MediaStorage {
                    store: Arc::new(fs),
                    content_types: false,
                    description: format!("directory {}", dir.display()),
                })
            }
            Location::S3 { bucket, prefix } => {
                let mut builder = AmazonS3Builder::from_env().with_url(format!("s3://{bucket}"));
                for (name, value) in s3_options {
                    let key: AmazonS3ConfigKey = name
                        .parse()
                        .map_err(|_| invalid(format!("unknown S3 setting {name}")))?;
                    builder = builder.with_config(key, value);
                }
                let s3 = builder.build().map_err(|e| invalid(e.to_string()))?;
                let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix.as_str()))
                };
                Ok(MediaStorage {
                    store,
                    content_types: true,
                    description: format!("s3://{bucket}/{prefix}"),
                })
            }
        }
    }

    /// The directory a location names, or `None` for a bucket or memory: for work done
    /// on files in place (importing an offline pack).
    pub fn local_directory(location: &str) -> Result<Option<std::path::PathBuf>> {
        Ok(match location::parse(location)? {
            Location::Local(dir) => Some(dir),
            Location::S3 { .. } | Location::Memory => None,
        })
    }

    /// A store in this process's memory (tests, demos).
    pub fn in_memory() -> MediaStorage {
        MediaStorage {
            store: Arc::new(InMemory::new()),
            content_types: true,
            description: "memory".into(),
        }
    }

    /// Where the store is, for logs (never holds credentials).
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// Stores `bytes` under `key`.
    pub async fn put_bytes(&self, key: &str, bytes: Bytes) -> Result<()> {
        let path = key::object_path(key)?;
        let opts = PutOptions {
            attributes: self.attributes(key),
            ..PutOptions::default()
        };
        self.store
            .put_opts(&path, PutPayload::from(bytes), opts)
            .await
            .map_err(|e| storage_error(key, e))?;
        Ok(())
    }

    /// Size, tag and date of `key`; `None` if it does not exist.
    pub async fn head(&self, key: &str) -> Result<Option<ObjectInfo>> {
        let path = key::object_path(key)?;
        match self.store.head(&path).await {
            Ok(meta) => Ok(Some(ObjectInfo {
                size: meta.size,
                etag: meta.e_tag,
                last_modified: meta.last_modified,
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(storage_error(key, e)),
        }
    }

    /// The whole object.
    pub async fn get_bytes(&self, key: &str) -> Result<Bytes> {
        let path = key::object_path(key)?;
        let result = self
            .store
            .get(&path)
            .await
            .map_err(|e| storage_error(key, e))?;
        result.bytes().await.map_err(|e| storage_error(key, e))
    }

    /// Bytes `range` of the object (end exclusive; an end past the object is cut to it).
    pub async fn get_range(&self, key: &str, range: Range<u64>) -> Result<Bytes> {
        let path = key::object_path(key)?;
        check_range(key, &range)?;
        self.store
            .get_range(&path, range)
            .await
            .map_err(|e| storage_error(key, e))
    }

    /// The object (or bytes `range` of it) as a stream of chunks, for an HTTP body.
    pub async fn get_stream(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<BoxStream<'static, Result<Bytes>>> {
        let path = key::object_path(key)?;
        if let Some(r) = &range {
            check_range(key, r)?;
        }
        let opts = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = self
            .store
            .get_opts(&path, opts)
            .await
            .map_err(|e| storage_error(key, e))?;
        let owned_key = key.to_owned();
        Ok(result
            .into_stream()
            .map_err(move |e| storage_error(&owned_key, e))
            .boxed())
    }

    /// Deletes the object `key`; deleting one that does not exist is not an error (a retried
    /// clean-up must not fail).
    pub async fn delete(&self, key: &str) -> Result<()> {
        let path = key::object_path(key)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage_error(key, e)),
        }
    }

    /// The keys under `prefix` (whole path segments), with their sizes, in key order. An
    /// empty prefix lists the whole store.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, u64)>> {
        let path = key::prefix_path(prefix)?;
        let mut found: Vec<(String, u64)> = self
            .store
            .list(path.as_ref())
            .map_ok(|meta| (meta.location.to_string(), meta.size))
            .try_collect()
            .await
            .map_err(|e| storage_error(prefix, e))?;
        found.sort();
        Ok(found)
    }

    /// Deletes every object under `prefix` (whole path segments: `capsules/1` does not
    /// touch `capsules/10`). Returns how many were deleted. An empty prefix is refused: it
    /// would empty the store.
    pub async fn delete_prefix(&self, prefix: &str) -> Result<u64> {
        let Some(path) = key::prefix_path(prefix)? else {
            return Err(MediaError::InvalidKey {
                key: prefix.to_owned(),
                reason: "deleting everything is not allowed",
            });
        };
        let locations = self
            .store
            .list(Some(&path))
            .map_ok(|meta| meta.location)
            .boxed();
        let mut deleted = self.store.delete_stream(locations);
        let mut count = 0;
        while let Some(result) = deleted.next().await {
            match result {
                Ok(_) => count += 1,
                // Listed then gone (another deleter), or a prefix that never existed.
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(storage_error(prefix, e)),
            }
        }
        Ok(count)
    }

    pub(crate) fn attributes(&self, key: &str) -> Attributes {
        match content_type(key) {
            Some(t) if self.content_types => Attributes::from_iter([(Attribute::ContentType, t)]),
            _ => Attributes::new(),
        }
    }
}

fn check_range(key: &str, range: &Range<u64>) -> Result<()> {
    if range.start >= range.end {
        return Err(MediaError::Storage {
            detail: format!("empty byte range {}..{} of {key}", range.start, range.end),
        });
    }
    Ok(())
}

pub(crate) fn storage_error(key: &str, e: object_store::Error) -> MediaError {
    match e {
        object_store::Error::NotFound { .. } => MediaError::NotFound {
            key: key.to_owned(),
        },
        other => MediaError::Storage {
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
