//! Writing a pack: entries streamed in one chunk at a time (memory stays at one chunk
//! whatever the file's size), each new chunk appended to the volumes, then the manifest
//! written and signed.

use std::collections::HashSet;
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use uuid::{NoContext, Timestamp, Uuid};

use crate::durable;
use crate::error::IoContext;
use crate::signature;
use crate::volumes::VolumeWriter;
use crate::{
    ChunkHash, ChunkRecord, EntryPath, EntryRecord, Manifest, PackError, SecretKey, CHUNK_SIZE,
    DEFAULT_MAX_VOLUME, FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_FILE,
};

/// How a pack is written.
#[derive(Clone, Debug)]
pub struct PackOptions {
    /// When the pack is made (the caller's clock; also the time part of the pack id).
    pub created: DateTime<Utc>,
    /// The largest volume file, at least [`CHUNK_SIZE`]; [`DEFAULT_MAX_VOLUME`] by default.
    pub max_volume: u64,
    /// The manifest of the pack this one is a delta over: the chunks its entries hold are
    /// not carried, the node reads them from the files that pack installed.
    pub base: Option<Manifest>,
}

impl PackOptions {
    /// A full pack made at `created`, in volumes of the default size.
    pub fn new(created: DateTime<Utc>) -> Self {
        PackOptions {
            created,
            max_volume: DEFAULT_MAX_VOLUME,
            base: None,
        }
    }
}

/// A pack being written into an empty folder. After an error, abandon the folder.
pub struct PackWriter<'k> {
    dir: PathBuf,
    key: &'k SecretKey,
    metadata: serde_json::Value,
    created: DateTime<Utc>,
    pack_id: Uuid,
    base_pack_id: Option<Uuid>,
    max_volume: u64,
    volumes: VolumeWriter,
    chunks: Vec<ChunkRecord>,
    /// The chunks of this pack's table, and those the base's entries hold (not written).
    listed: HashSet<ChunkHash>,
    in_base: HashSet<ChunkHash>,
    entries: Vec<EntryRecord>,
    files: HashSet<String>,
    folders: HashSet<String>,
    buffer: Vec<u8>,
}

impl<'k> PackWriter<'k> {
    /// Starts a pack in `dir`, which must be empty or absent.
    pub fn new(
        dir: &Path,
        key: &'k SecretKey,
        metadata: serde_json::Value,
        options: PackOptions,
    ) -> Result<Self, PackError> {
        if options.max_volume < CHUNK_SIZE as u64 {
            return Err(PackError::BadOptions(format!(
                "max_volume {} is below one chunk ({CHUNK_SIZE} bytes)",
                options.max_volume
            )));
        }
        fs::create_dir_all(dir).at(dir)?;
        if fs::read_dir(dir).at(dir)?.next().is_some() {
            return Err(PackError::BadOptions(format!(
                "{} is not empty",
                dir.display()
            )));
        }
        let in_base = options.base.as_ref().map(base_chunks).unwrap_or_default();
        let (seconds, nanos) = (
            options.created.timestamp(),
            options.created.timestamp_subsec_nanos(),
        );
        let pack_id = Uuid::new_v7(Timestamp::from_unix(
            NoContext,
            u64::try_from(seconds).unwrap_or(0),
            nanos,
        ));
        Ok(PackWriter {
            dir: dir.to_owned(),
            key,
            metadata,
            created: options.created,
            pack_id,
            base_pack_id: options.base.map(|b| b.pack_id),
            max_volume: options.max_volume,
            volumes: VolumeWriter::new(dir, options.max_volume),
            chunks: Vec::new(),
            listed: HashSet::new(),
            in_base,
            entries: Vec::new(),
            files: HashSet::new(),
            folders: HashSet::new(),
            buffer: vec![0; CHUNK_SIZE],
        })
    }

    /// The id the pack will have.
    pub fn pack_id(&self) -> Uuid {
        self.pack_id
    }

    /// Adds the file `path` with the bytes `content` yields, read one chunk at a time.
    pub fn add_entry(&mut self, path: &str, mut content: impl Read) -> Result<(), PackError> {
        let path = self.claim(path)?;
        let mut chunks = Vec::new();
        let mut size = 0u64;
        loop {
            let len = fill(&mut content, &mut self.buffer).at(Path::new(path.as_str()))?;
            if len == 0 {
                break;
            }
            let hash = ChunkHash::of(&self.buffer[..len]);
            self.store(hash, len)?;
            chunks.push(hash);
            size += len as u64;
            if len < CHUNK_SIZE {
                break;
            }
        }
        self.entries.push(EntryRecord { path, size, chunks });
        Ok(())
    }

    /// Writes the manifest and its signature; returns the manifest.
    pub fn finish(self) -> Result<Manifest, PackError> {
        self.volumes.finish()?;
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            pack_id: self.pack_id,
            created: self.created,
            signer: self.key.public(),
            metadata: self.metadata,
            base_pack_id: self.base_pack_id,
            max_volume: self.max_volume,
            chunks: self.chunks,
            entries: self.entries,
        };
        manifest.check()?;
        let bytes = manifest.to_bytes();
        durable::write_file(&self.dir.join(MANIFEST_FILE), &bytes)?;
        let signature = signature::sign(self.key, &bytes);
        durable::write_file(&self.dir.join(SIGNATURE_FILE), signature.as_bytes())?;
        Ok(manifest)
    }

    /// Checks `path` and that it clashes with no entry added before (same path, or a file
    /// where the other needs a folder).
    fn claim(&mut self, path: &str) -> Result<EntryPath, PackError> {
        let path = EntryPath::new(path)?;
        let clash = self.files.contains(path.as_str())
            || self.folders.contains(path.as_str())
            || path.ancestors().any(|folder| self.files.contains(folder));
        if clash {
            return Err(PackError::DuplicateEntry(path.to_string()));
        }
        self.files.insert(path.as_str().to_owned());
        self.folders.extend(path.ancestors().map(str::to_owned));
        Ok(path)
    }

    /// Records the chunk in the first `len` bytes of the buffer, writing it unless this pack
    /// or its base has it already.
    fn store(&mut self, hash: ChunkHash, len: usize) -> Result<(), PackError> {
        if self.listed.contains(&hash) {
            return Ok(());
        }
        let stored = if self.in_base.contains(&hash) {
            None
        } else {
            Some(self.volumes.append(&self.buffer[..len])?)
        };
        self.listed.insert(hash);
        self.chunks.push(ChunkRecord {
            hash,
            len: len as u32,
            stored,
        });
        Ok(())
    }
}

/// The chunks a base pack's entries hold: what a node that installed it has on disk.
fn base_chunks(base: &Manifest) -> HashSet<ChunkHash> {
    base.entries
        .iter()
        .flat_map(|entry| entry.chunks.iter().copied())
        .collect()
}

/// Reads into `buffer` until it is full or `content` ends; returns how much was read.
fn fill(content: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match content.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
