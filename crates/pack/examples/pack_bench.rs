//! The pack import benchmark's two halves, timed from outside by `bench/pack_import.sh`:
//!
//!   pack_bench build PACK_DIR MEGABYTES   writes a pack of about MEGABYTES MB of
//!                                         incompressible data, shaped like a week of content
//!                                         (videos of tens of MB, posters, many small JSON
//!                                         files), signed with a fixed test key
//!   pack_bench import PACK_DIR DEST       opens, checks and imports it into DEST
//!                                         (every chunk verified, files fsynced)

use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use chrono::{TimeZone, Utc};
use lawha_pack::{Pack, PackError, PackOptions, PackWriter, SecretKey};

const MB: usize = 1_000_000;

fn key() -> SecretKey {
    SecretKey::from_seed([7; 32])
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["build", dir, megabytes] => match megabytes.parse() {
            Ok(megabytes) => build(Path::new(dir), megabytes),
            Err(_) => Err(PackError::BadOptions(format!(
                "not a number of MB: {megabytes}"
            ))),
        },
        ["import", dir, dest] => import(Path::new(dir), Path::new(dest)),
        _ => {
            eprintln!("usage: pack_bench build PACK_DIR MEGABYTES | import PACK_DIR DEST");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pack_bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Content in the proportions of a pack: nine tenths in videos of 20–40 MB, the rest in
/// posters of 150 kB and JSON files of 4 kB (one per lesson).
fn build(dir: &Path, megabytes: usize) -> Result<(), PackError> {
    let created = Utc
        .with_ymd_and_hms(2026, 12, 5, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let key = key();
    let metadata = serde_json::json!({ "bench": true, "megabytes": megabytes });
    let mut writer = PackWriter::new(dir, &key, metadata, PackOptions::new(created))?;
    let total = megabytes * MB;
    let (mut written, mut seed) = (0, 0u64);
    while written < total {
        seed += 1;
        let (path, len) = match seed % 10 {
            0 => (
                format!("media/{seed}/video.mp4"),
                20 * MB + (seed as usize % 20) * MB,
            ),
            1..=5 => (format!("media/{seed}/poster.jpg"), 150_000),
            _ => (format!("lessons/{seed}.json"), 4_000),
        };
        let len = len.min(total - written).max(1);
        writer.add_entry(&path, Stream::new(seed, len))?;
        written += len;
    }
    let manifest = writer.finish()?;
    println!(
        "pack {}: {} entries, {} chunks, {written} bytes",
        manifest.pack_id,
        manifest.entries.len(),
        manifest.chunks.len()
    );
    Ok(())
}

fn import(dir: &Path, dest: &Path) -> Result<(), PackError> {
    let pack = Pack::open(dir, &key().public())?;
    let outcome = pack.import(dest, |_| ControlFlow::Continue(()))?;
    println!("{outcome:?}");
    Ok(())
}

/// `len` incompressible bytes drawn from `seed` (BLAKE3's output stream), read in pieces.
struct Stream {
    reader: blake3::OutputReader,
    left: usize,
}

impl Stream {
    fn new(seed: u64, len: usize) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&seed.to_le_bytes());
        Stream {
            reader: hasher.finalize_xof(),
            left: len,
        }
    }
}

impl std::io::Read for Stream {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = buffer.len().min(self.left);
        self.reader.fill(&mut buffer[..n]);
        self.left -= n;
        Ok(n)
    }
}
