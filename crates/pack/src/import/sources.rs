//! Where an import reads each chunk from: the pack's volumes, or — for a delta's chunks
//! "in base" — the files the base pack installed. Every chunk is checked against its hash.

use std::collections::HashMap;
use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::path::Path;

use crate::volumes::VolumeReader;
use crate::{ChunkHash, ChunkRecord, EntryPath, Manifest, PackError, CHUNK_SIZE};

/// Reads verified chunks of one pack.
pub(super) struct ChunkSource<'a> {
    chunks: HashMap<ChunkHash, &'a ChunkRecord>,
    volumes: VolumeReader,
    base: BaseFiles<'a>,
}

impl<'a> ChunkSource<'a> {
    pub(super) fn new(
        pack_dir: &Path,
        manifest: &'a Manifest,
        dest: &Path,
        installed: Option<&'a Manifest>,
    ) -> Self {
        ChunkSource {
            chunks: manifest.chunk_index(),
            volumes: VolumeReader::new(pack_dir),
            base: BaseFiles::new(dest, installed),
        }
    }

    /// The bytes of chunk `hash`, checked.
    /// Reads chunk `hash` into the start of `buffer` (at least [`CHUNK_SIZE`] long), checked;
    /// returns its length.
    pub(super) fn read_into(
        &mut self,
        hash: &ChunkHash,
        buffer: &mut [u8],
    ) -> Result<usize, PackError> {
        let chunk = *self.chunks.get(hash).ok_or_else(|| {
            // The manifest was checked: every entry's chunk is listed.
            PackError::BadManifest(format!("chunk {hash} is not listed"))
        })?;
        let bytes = match chunk.stored {
            Some(place) => self.volumes.read(chunk, place, buffer)?,
            None => self.base.read(chunk, buffer)?,
        };
        Ok(bytes.len())
    }
}

/// The installed files of the base pack, as a store of chunks.
struct BaseFiles<'a> {
    dest: std::path::PathBuf,
    /// For each chunk, one installed entry holding it and its offset there.
    holders: HashMap<ChunkHash, (&'a EntryPath, u64)>,
    open: Option<(&'a EntryPath, File)>,
}

impl<'a> BaseFiles<'a> {
    fn new(dest: &Path, installed: Option<&'a Manifest>) -> Self {
        let mut holders = HashMap::new();
        for entry in installed.map_or(&[][..], |m| &m.entries) {
            for (index, hash) in entry.chunks.iter().enumerate() {
                let offset = index as u64 * CHUNK_SIZE as u64;
                holders.entry(*hash).or_insert((&entry.path, offset));
            }
        }
        BaseFiles {
            dest: dest.to_owned(),
            holders,
            open: None,
        }
    }

    fn read<'b>(
        &mut self,
        chunk: &ChunkRecord,
        buffer: &'b mut [u8],
    ) -> Result<&'b [u8], PackError> {
        let Some(&(path, offset)) = self.holders.get(&chunk.hash) else {
            return Err(PackError::BadBaseChunk {
                hash: chunk.hash,
                path: "(no installed file)".to_owned(),
            });
        };
        let bytes = &mut buffer[..chunk.len as usize];
        let bad = |_| PackError::BadBaseChunk {
            hash: chunk.hash,
            path: path.to_string(),
        };
        let file = self.file(path).map_err(bad)?;
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(bytes))
            .map_err(bad)?;
        if ChunkHash::of(bytes) != chunk.hash {
            return Err(bad(std::io::Error::from(ErrorKind::InvalidData)));
        }
        Ok(bytes)
    }

    fn file(&mut self, path: &'a EntryPath) -> std::io::Result<&mut File> {
        let file = match self.open.take() {
            Some((open, file)) if open == path => file,
            _ => File::open(path.under(&self.dest))?,
        };
        Ok(&mut self.open.insert((path, file)).1)
    }
}
