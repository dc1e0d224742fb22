//! The one error type of the crate: each refusal names what is wrong and where.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::{ChunkHash, PublicKey};

/// Why a pack could not be written, opened, verified or imported.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A file could not be read or written. The OS error is part of the message, not a
    /// `source`: printing the chain (`{:#}`) would otherwise say it twice.
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `manifest.sig` names a key other than the pinned one.
    #[error("the pack is signed by the key {found}, not by the pinned platform key {pinned}")]
    ForeignKey { found: PublicKey, pinned: PublicKey },
    /// The signature does not match the manifest's bytes.
    #[error("the signature does not match manifest.json: the manifest was changed or truncated")]
    BadSignature,
    /// `manifest.sig` is not a signature line.
    #[error("manifest.sig is malformed: {0}")]
    MalformedSignature(&'static str),
    /// The manifest is signed but breaks a rule of the format.
    #[error("manifest.json is invalid: {0}")]
    BadManifest(String),
    /// An entry path that the format does not allow.
    #[error("invalid entry path {path:?}: {reason}")]
    BadPath { path: String, reason: &'static str },
    /// The writer was given the same path twice.
    #[error("the entry {0} was added twice")]
    DuplicateEntry(String),
    /// A carried chunk's bytes do not hash to its name.
    #[error("chunk {hash} (volume {volume}, offset {offset}) is corrupt: its bytes do not match its hash")]
    BadChunk {
        hash: ChunkHash,
        volume: u32,
        offset: u64,
    },
    /// A volume ends before one of its chunks.
    #[error("volume {volume} is truncated: chunk {hash} at offset {offset} runs past its end")]
    TruncatedVolume {
        hash: ChunkHash,
        volume: u32,
        offset: u64,
    },
    /// A volume file named by the chunk table is absent.
    #[error("volume {volume} ({path}) is missing")]
    MissingVolume { volume: u32, path: PathBuf },
    /// A delta's chunk could not be found intact among the files the base pack installed.
    #[error("chunk {hash} comes from the base pack, but {path} no longer holds it")]
    BadBaseChunk { hash: ChunkHash, path: String },
    /// A delta imported where its base pack is not the installed one.
    #[error("this pack is a delta over pack {needed}, but the destination has {}", installed.map_or("no pack".to_owned(), |id| format!("pack {id}")))]
    BaseMismatch {
        needed: Uuid,
        installed: Option<Uuid>,
    },
    /// The destination has something in the way of an entry (a folder where a file goes, a
    /// file where a folder goes); found before anything is moved.
    #[error("cannot install {path}: {reason} in the destination")]
    Blocked { path: String, reason: &'static str },
    /// Another pack's import stopped while moving its files into place.
    #[error("the import of pack {0} stopped while moving its files; import that pack again first")]
    UnfinishedImport(String),
    /// The writer's options cannot make a valid pack.
    #[error("invalid pack options: {0}")]
    BadOptions(String),
    /// A key file that cannot be used.
    #[error("key file {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    /// A public key given as text that is not one.
    #[error("not a public key: {0}")]
    BadPublicKey(&'static str),
    /// The progress callback asked to stop; a rerun continues where this one stopped.
    #[error("the import was interrupted; run it again to finish")]
    Interrupted,
}

impl PackError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PackError::Io {
            path: path.into(),
            error: source,
        }
    }
}

/// `result.at(path)`: an I/O result turned into [`PackError::Io`] naming the file.
pub(crate) trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T, PackError>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &Path) -> Result<T, PackError> {
        self.map_err(|e| PackError::io(path, e))
    }
}
