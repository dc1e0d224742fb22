//! Offline packs: the content a school node without network receives on a USB stick or over
//! a slow link. This crate knows nothing about the database: a pack is a set of named
//! entries (relative paths such as `content.json` or `media/<asset>/<file>`) with their
//! bytes, plus free JSON metadata given by whoever builds it.
//!
//! # Format (version 1)
//!
//! A pack is a folder:
//!
//! - `manifest.json` — the [`Manifest`]: format version, pack id (UUID v7), creation time,
//!   the signer's public key, the builder's metadata (opaque JSON), the optional id of the
//!   base pack, the largest volume size, the chunk table and the entries.
//! - `manifest.sig` — one line `ed25519 <public key hex> <signature hex>`: the Ed25519
//!   signature over the exact bytes of `manifest.json`. A reader checks it against the key
//!   it pins before it parses anything.
//! - `volume-0001.bin`, `volume-0002.bin`, … — the carried chunks, back to back, each volume
//!   no larger than the manifest's `max_volume` (by default 4 GiB − 1, the largest file
//!   FAT32 holds). A chunk never spans two volumes.
//!
//! Each entry is cut into chunks of [`CHUNK_SIZE`] bytes (the last one shorter); a chunk is
//! named by its BLAKE3 hash and stored once however many entries hold it. The chunk table
//! gives each chunk's hash, length and place: a volume and an offset, or nothing when the
//! chunk is not carried because the base pack had it (a delta: the node reads it from the
//! files it installed from the base pack). An entry lists its path, its size and the hashes
//! of its chunks in order. Paths are checked when written and when read ([`EntryPath`]):
//! relative, `/`-separated, no `.` or `..` component, no backslash or control character, at
//! most 1024 bytes, and never under `.pack/`, which importing reserves.
//!
//! # Use
//!
//! [`PackWriter`] streams entries into a new pack and signs it; [`Pack::open`] checks the
//! signature and the manifest, [`Pack::verify`] every carried chunk, and [`Pack::import`]
//! installs the entries into a destination folder, verified, resumable and idempotent (see
//! [`import`]). [`keys`] makes, stores and reads the platform's key pair.

mod durable;
mod entry_path;
mod error;
mod hash;
pub mod import;
pub mod keys;
mod manifest;
mod reader;
pub mod signature;
mod volumes;
mod writer;

pub use entry_path::EntryPath;
pub use error::PackError;
pub use hash::ChunkHash;
pub use import::{ImportOutcome, Progress, Stage};
pub use keys::{PublicKey, SecretKey};
pub use manifest::{ChunkPlace, ChunkRecord, EntryRecord, Manifest};
pub use reader::{Pack, VerifySummary};
pub use writer::{PackOptions, PackWriter};

/// Whether `name` is one of a pack folder's own files: [`MANIFEST_FILE`], [`SIGNATURE_FILE`]
/// or a volume (`volume-NNNN.bin`). Only these are copied, published and served.
pub fn is_pack_file(name: &str) -> bool {
    if name == MANIFEST_FILE || name == SIGNATURE_FILE {
        return true;
    }
    name.strip_prefix("volume-")
        .and_then(|rest| rest.strip_suffix(".bin"))
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The size of every chunk but the last of an entry. Changing it makes deltas against packs
/// built before carry everything again (their chunks no longer match), nothing worse.
pub const CHUNK_SIZE: usize = 1 << 20;

/// The largest volume file by default: the largest file a FAT32 stick holds.
pub const DEFAULT_MAX_VOLUME: u64 = (4 << 30) - 1;

/// The manifest format this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The file names inside a pack folder.
pub const MANIFEST_FILE: &str = "manifest.json";
/// See [`MANIFEST_FILE`].
pub const SIGNATURE_FILE: &str = "manifest.sig";

/// The result type of this crate.
pub type Result<T, E = PackError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::is_pack_file;

    #[test]
    fn only_a_packs_own_files_are_pack_files() {
        for good in [
            "manifest.json",
            "manifest.sig",
            "volume-0001.bin",
            "volume-12345.bin",
        ] {
            assert!(is_pack_file(good), "{good}");
        }
        for bad in [
            "",
            "..",
            "../manifest.json",
            "manifest.json.part",
            "volume-1.bin",
            "volume-00a1.bin",
            "volume-0001.bin/..",
            "content.json",
            "volume-.bin",
        ] {
            assert!(!is_pack_file(bad), "{bad}");
        }
    }
}
