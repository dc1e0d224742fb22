//! The manifest: what a pack holds and where each byte of it lies. It is read only after its
//! signature checked out, and then checked whole ([`Manifest::parse`]), so that everything
//! after — verifying, importing — can rely on its shape.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ChunkHash, EntryPath, PackError, PublicKey, CHUNK_SIZE, FORMAT_VERSION};

/// The largest `manifest.json` read (a 4 TB pack of 1 MiB chunks stays well below).
pub(crate) const MAX_MANIFEST_BYTES: u64 = 256 << 20;

/// The signed description of a pack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    pub pack_id: Uuid,
    pub created: DateTime<Utc>,
    /// The key that signed it (also named in `manifest.sig`, which is checked first).
    pub signer: PublicKey,
    /// Whatever the builder said about the pack (levels, subjects, the content's version…).
    pub metadata: serde_json::Value,
    /// The pack whose installed files hold the chunks this one does not carry.
    pub base_pack_id: Option<Uuid>,
    /// No volume is larger.
    pub max_volume: u64,
    /// Every chunk the entries use, once each.
    pub chunks: Vec<ChunkRecord>,
    /// The files, in the order they were added.
    pub entries: Vec<EntryRecord>,
}

/// One chunk: its name, its length and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkRecord {
    pub hash: ChunkHash,
    pub len: u32,
    /// `null` when the chunk is not carried: the base pack's installed files hold it.
    pub stored: Option<ChunkPlace>,
}

/// Where a carried chunk lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkPlace {
    /// 1 for `volume-0001.bin`.
    pub volume: u32,
    pub offset: u64,
}

/// One file of the pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRecord {
    pub path: EntryPath,
    pub size: u64,
    /// Its chunks in order: every one [`CHUNK_SIZE`] long but the last.
    pub chunks: Vec<ChunkHash>,
}

impl Manifest {
    /// Reads and checks a manifest's bytes (see [`Manifest::check`]).
    pub fn parse(bytes: &[u8]) -> Result<Manifest, PackError> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|e| PackError::BadManifest(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// The bytes that are signed and written as `manifest.json`.
    pub fn to_bytes(&self) -> Vec<u8> {
        // A manifest holds only strings, numbers and JSON values that came from JSON:
        // serialising it cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The chunk table by hash.
    pub fn chunk_index(&self) -> HashMap<ChunkHash, &ChunkRecord> {
        self.chunks.iter().map(|c| (c.hash, c)).collect()
    }

    /// The total size of the entries.
    pub fn total_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// The rules every manifest keeps: a known version; volumes of at least one chunk;
    /// chunks named once, 1..=[`CHUNK_SIZE`] bytes, inside their volume, carried unless the
    /// pack has a base; entry paths valid (checked while reading), distinct, none a folder
    /// of another; each entry made of known chunks, full-sized but the last, adding up to
    /// its size.
    pub fn check(&self) -> Result<(), PackError> {
        if self.format_version != FORMAT_VERSION {
            return Err(bad(format!(
                "format version {} (this build reads {FORMAT_VERSION})",
                self.format_version
            )));
        }
        if self.max_volume < CHUNK_SIZE as u64 {
            return Err(bad(format!(
                "max_volume {} is below one chunk",
                self.max_volume
            )));
        }
        let chunks = self.check_chunks()?;
        self.check_entries(&chunks)
    }

    fn check_chunks(&self) -> Result<HashMap<ChunkHash, u32>, PackError> {
        let mut lengths = HashMap::with_capacity(self.chunks.len());
        for chunk in &self.chunks {
            if chunk.len == 0 || chunk.len as usize > CHUNK_SIZE {
                return Err(bad(format!(
                    "chunk {} has length {}",
                    chunk.hash, chunk.len
                )));
            }
            if lengths.insert(chunk.hash, chunk.len).is_some() {
                return Err(bad(format!("chunk {} is listed twice", chunk.hash)));
            }
            match chunk.stored {
                Some(place) => {
                    let end = place.offset.checked_add(u64::from(chunk.len));
                    if place.volume == 0 || end.is_none_or(|end| end > self.max_volume) {
                        return Err(bad(format!("chunk {} lies outside any volume", chunk.hash)));
                    }
                }
                None if self.base_pack_id.is_none() => {
                    return Err(bad(format!(
                        "chunk {} is not carried, and the pack has no base",
                        chunk.hash
                    )));
                }
                None => {}
            }
        }
        Ok(lengths)
    }

    fn check_entries(&self, lengths: &HashMap<ChunkHash, u32>) -> Result<(), PackError> {
        let paths: HashSet<&str> = self.entries.iter().map(|e| e.path.as_str()).collect();
        if paths.len() != self.entries.len() {
            return Err(bad("an entry path is listed twice".to_owned()));
        }
        for entry in &self.entries {
            if let Some(folder) = entry.path.ancestors().find(|a| paths.contains(a)) {
                return Err(bad(format!(
                    "{folder} is both a file and the folder of {}",
                    entry.path
                )));
            }
            let mut size = 0u64;
            for (index, hash) in entry.chunks.iter().enumerate() {
                let len = *lengths.get(hash).ok_or_else(|| {
                    bad(format!(
                        "{} uses chunk {hash}, which is not listed",
                        entry.path
                    ))
                })?;
                if index + 1 < entry.chunks.len() && len as usize != CHUNK_SIZE {
                    return Err(bad(format!(
                        "{} has a short chunk before its last",
                        entry.path
                    )));
                }
                size += u64::from(len);
            }
            if size != entry.size {
                return Err(bad(format!(
                    "{} has size {} but its chunks add up to {size}",
                    entry.path, entry.size
                )));
            }
        }
        Ok(())
    }
}

fn bad(reason: String) -> PackError {
    PackError::BadManifest(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PackOptions, PackWriter, SecretKey};
    use chrono::TimeZone;
    use rand::{Rng, SeedableRng};

    /// The fuzz target's property over a fixed-seed set of mutations of a real manifest
    /// (bytes flipped, cut, duplicated): parsing never panics, and what it accepts writes
    /// back to the same manifest.
    #[test]
    fn mutated_manifests_never_panic_and_accepted_ones_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::from_seed([5; 32]);
        let created = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut writer = PackWriter::new(
            tmp.path(),
            &key,
            serde_json::json!({"k": [1, "v"]}),
            PackOptions::new(created),
        )
        .unwrap();
        writer
            .add_entry("a/b.bin", &vec![9u8; CHUNK_SIZE + 3][..])
            .unwrap();
        writer.add_entry("c.json", &b"{}"[..]).unwrap();
        writer.add_entry("empty", &b""[..]).unwrap();
        let original = writer.finish().unwrap().to_bytes();
        assert!(Manifest::parse(&original).is_ok());

        const JSON_BYTES: &[u8] = b"0123456789abcdef\"{}[],:-";
        let mut rng = rand::rngs::StdRng::seed_from_u64(15);
        let mut accepted = 0;
        for _ in 0..3000 {
            let mut bytes = original.clone();
            for _ in 0..rng.gen_range(1..4) {
                let at = rng.gen_range(0..bytes.len());
                match rng.gen_range(0..4) {
                    0 => bytes[at] = rng.gen(),
                    1 => bytes[at] = JSON_BYTES[rng.gen_range(0..JSON_BYTES.len())],
                    2 => bytes.truncate(at),
                    _ => {
                        let end = (at + rng.gen_range(1..40)).min(bytes.len());
                        let piece = bytes[at..end].to_vec();
                        bytes.splice(at..at, piece);
                    }
                }
                if bytes.is_empty() {
                    break;
                }
            }
            if let Ok(manifest) = Manifest::parse(&bytes) {
                accepted += 1;
                assert_eq!(Manifest::parse(&manifest.to_bytes()).unwrap(), manifest);
            }
        }
        // Some mutations (a digit of the metadata, of a time) keep a valid manifest.
        assert!(accepted > 0);
    }
}
