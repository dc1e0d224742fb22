//! Opening and verifying a pack: the signature is checked before any byte of the manifest
//! is parsed, then the manifest whole, then (in `verify`) every carried chunk.

use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::error::IoContext;
use crate::import::{Progress, Stage};
use crate::manifest::MAX_MANIFEST_BYTES;
use crate::volumes::VolumeReader;
use crate::{signature, Manifest, PackError, PublicKey, CHUNK_SIZE, MANIFEST_FILE, SIGNATURE_FILE};

/// The largest `manifest.sig` read: one line of about 200 bytes.
const MAX_SIGNATURE_BYTES: u64 = 1024;

/// A pack whose signature and manifest checked out.
#[derive(Debug)]
pub struct Pack {
    dir: PathBuf,
    manifest: Manifest,
}

/// What [`Pack::verify`] read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifySummary {
    pub chunks: u64,
    pub bytes: u64,
}

impl Pack {
    /// Opens the pack in `dir`, refusing it unless `manifest.sig` is `pinned`'s signature
    /// over the exact bytes of `manifest.json` and the manifest keeps the format's rules.
    pub fn open(dir: &Path, pinned: &PublicKey) -> Result<Pack, PackError> {
        let signature = read_bounded(&dir.join(SIGNATURE_FILE), MAX_SIGNATURE_BYTES)?;
        let bytes = read_bounded(&dir.join(MANIFEST_FILE), MAX_MANIFEST_BYTES)?;
        signature::check(&signature, &bytes, pinned)?;
        let manifest = Manifest::parse(&bytes)?;
        if manifest.signer != *pinned {
            return Err(PackError::BadManifest(format!(
                "it names {} as its signer, but {pinned} signed it",
                manifest.signer
            )));
        }
        Ok(Pack {
            dir: dir.to_owned(),
            manifest,
        })
    }

    /// The checked manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The pack's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reads every carried chunk in volume order and checks its hash; the first bad,
    /// truncated or missing one is named in the error. `progress` hears of bytes read out of
    /// the bytes carried and may stop the check ([`PackError::Interrupted`]).
    pub fn verify(
        &self,
        mut progress: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<VerifySummary, PackError> {
        let mut carried: Vec<_> = self
            .manifest
            .chunks
            .iter()
            .filter_map(|chunk| chunk.stored.map(|place| (place, chunk)))
            .collect();
        carried.sort_by_key(|(place, _)| (place.volume, place.offset));
        let total = carried.iter().map(|(_, chunk)| u64::from(chunk.len)).sum();
        let mut volumes = VolumeReader::new(&self.dir);
        let mut buffer = vec![0; CHUNK_SIZE];
        let mut summary = VerifySummary {
            chunks: 0,
            bytes: 0,
        };
        for (place, chunk) in carried {
            volumes.read(chunk, place, &mut buffer)?;
            summary.chunks += 1;
            summary.bytes += u64::from(chunk.len);
            let now = Progress {
                stage: Stage::Verifying,
                done: summary.bytes,
                total,
            };
            if progress(now).is_break() {
                return Err(PackError::Interrupted);
            }
        }
        Ok(summary)
    }
}

/// The whole of a small file, refusing one longer than `limit`.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, PackError> {
    let file = File::open(path).at(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).at(path)?;
    if bytes.len() as u64 > limit {
        return Err(PackError::BadManifest(format!(
            "{} is larger than {limit} bytes",
            path.display()
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PackOptions, PackWriter, SecretKey};
    use chrono::TimeZone;
    use serde_json::{json, Value};

    /// A valid pack's manifest as JSON, changed by `change`, re-signed by the same key: only
    /// the manifest's own rules stand between it and the importer.
    fn resigned(change: impl Fn(&mut Value)) -> PackError {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::from_seed([3; 32]);
        let created = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut writer =
            PackWriter::new(tmp.path(), &key, json!({}), PackOptions::new(created)).unwrap();
        writer
            .add_entry("a/one.bin", &vec![1u8; CHUNK_SIZE + 1][..])
            .unwrap();
        writer.add_entry("two.bin", &b"two"[..]).unwrap();
        writer.finish().unwrap();
        let path = tmp.path().join(MANIFEST_FILE);
        let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        change(&mut manifest);
        let bytes = serde_json::to_vec(&manifest).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        std::fs::write(
            tmp.path().join(SIGNATURE_FILE),
            signature::sign(&key, &bytes),
        )
        .unwrap();
        Pack::open(tmp.path(), &key.public()).unwrap_err()
    }

    fn refusal(change: impl Fn(&mut Value)) -> String {
        resigned(change).to_string()
    }

    #[test]
    fn a_signed_manifest_with_a_bad_path_is_refused() {
        for bad in [
            "../escape",
            "/etc/cron.d/x",
            "a\\b",
            ".pack/installed/manifest.json",
            "a/./b",
        ] {
            let text = refusal(|m| m["entries"][1]["path"] = json!(bad));
            assert!(text.contains("invalid entry path"), "{bad}: {text}");
        }
    }

    #[test]
    fn a_signed_manifest_breaking_the_rules_is_refused() {
        type Change = Box<dyn Fn(&mut Value)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "format version 2",
                Box::new(|m| m["format_version"] = json!(2)),
            ),
            (
                "listed twice",
                Box::new(|m| m["entries"][1]["path"] = json!("a/one.bin")),
            ),
            (
                "both a file and the folder",
                Box::new(|m| m["entries"][1]["path"] = json!("a")),
            ),
            (
                "chunks add up",
                Box::new(|m| m["entries"][1]["size"] = json!(4)),
            ),
            (
                "not listed",
                Box::new(|m| m["entries"][1]["chunks"][0] = json!("ab".repeat(32))),
            ),
            (
                "short chunk before its last",
                Box::new(|m| {
                    let short = m["entries"][1]["chunks"][0].clone();
                    m["entries"][0]["chunks"][0] = short;
                }),
            ),
            (
                "has no base",
                Box::new(|m| m["chunks"][0]["stored"] = Value::Null),
            ),
            (
                "outside any volume",
                Box::new(|m| m["chunks"][0]["stored"]["offset"] = json!(u64::MAX - 3)),
            ),
            (
                "outside any volume",
                Box::new(|m| m["chunks"][0]["stored"]["volume"] = json!(0)),
            ),
            (
                "has length 0",
                Box::new(|m| m["chunks"][0]["len"] = json!(0)),
            ),
            ("unknown field", Box::new(|m| m["extra"] = json!(1))),
            ("below one chunk", Box::new(|m| m["max_volume"] = json!(10))),
        ];
        for (expected, change) in cases {
            let text = refusal(change);
            assert!(text.contains(expected), "expected {expected:?}, got {text}");
        }
    }
}
