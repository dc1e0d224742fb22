//! What the pack tests share: a fixed key, packs written from lists of entries, pseudo-random
//! contents, and a listing of a destination (paths and hashes, `.pack/` left out).

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use lawha_pack::{Manifest, Pack, PackOptions, PackWriter, Progress, SecretKey};

pub fn key() -> SecretKey {
    SecretKey::from_seed([42; 32])
}

pub fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 8, 0, 0).unwrap()
}

/// `len` pseudo-random bytes drawn from `seed` (BLAKE3's output stream: fast in tests).
pub fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut out = vec![0; len];
    let mut hasher = blake3::Hasher::new();
    hasher.update(&seed.to_le_bytes());
    hasher.finalize_xof().fill(&mut out);
    out
}

pub type Entries = Vec<(String, Vec<u8>)>;

/// Writes `entries` as a pack in `dir` with `options`.
pub fn write_pack(dir: &Path, entries: &Entries, options: PackOptions) -> Manifest {
    let key = key();
    let metadata = serde_json::json!({ "levels": ["1AC"], "note": "test" });
    let mut writer = PackWriter::new(dir, &key, metadata, options).unwrap();
    for (path, content) in entries {
        writer.add_entry(path, &content[..]).unwrap();
    }
    writer.finish().unwrap()
}

pub fn open(dir: &Path) -> Pack {
    Pack::open(dir, &key().public()).unwrap()
}

/// Imports without stopping.
pub fn import(pack: &Pack, dest: &Path) -> lawha_pack::Result<lawha_pack::ImportOutcome> {
    pack.import(dest, |_: Progress| ControlFlow::Continue(()))
}

/// Imports `pack`, which must write every one of its entries.
pub fn import_writing_all(pack: &Pack, dest: &Path) {
    let written = pack.manifest().entries.len();
    let outcome = import(pack, dest).unwrap();
    assert_eq!(
        outcome,
        lawha_pack::ImportOutcome::Installed {
            written,
            unchanged: 0
        }
    );
}

/// Every file under `root` but `.pack/`, with the hash of its bytes.
pub fn listing(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    for item in fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative == ".pack" {
            continue;
        }
        if path.is_dir() {
            out.insert(format!("{relative}/"), String::new());
            walk(root, &path, out);
        } else {
            out.insert(
                relative,
                blake3::hash(&fs::read(&path).unwrap()).to_hex().to_string(),
            );
        }
    }
}

/// What a destination should hold after importing `entries`.
pub fn expected(entries: &Entries) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (path, content) in entries {
        let mut folder = String::new();
        for part in path.split('/').collect::<Vec<_>>().split_last().unwrap().1 {
            folder = if folder.is_empty() {
                part.to_string()
            } else {
                format!("{folder}/{part}")
            };
            out.insert(format!("{folder}/"), String::new());
        }
        out.insert(path.clone(), blake3::hash(content).to_hex().to_string());
    }
    out
}
