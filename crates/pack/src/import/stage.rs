//! Step 1 of an import: every entry written under the staging folder from verified chunks,
//! fsynced, and named in the journal of staged entries. A rerun skips what the journal names.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::layout::Layout;
use super::moves::Plan;
use super::sources::ChunkSource;
use super::{Progress, Stage};
use crate::durable;
use crate::error::IoContext;
use crate::{EntryRecord, Manifest, Pack, PackError};

/// Staged files are fsynced and journalled in batches of this many bytes (or files), so that
/// small files do not cost one journal fsync each.
const BATCH_BYTES: u64 = 64 << 20;
const BATCH_FILES: usize = 256;

/// Stages every entry of `pack` not already staged or installed unchanged; returns the
/// renames that will put them in place.
pub(super) fn stage_entries(
    pack: &Pack,
    layout: &Layout,
    installed: Option<&Manifest>,
    progress: &mut impl FnMut(Progress) -> ControlFlow<()>,
) -> Result<Plan, PackError> {
    let manifest = pack.manifest();
    layout.create_staging()?;
    let journal = layout.staged_journal();
    let already: HashSet<String> = durable::read_lines(&journal)?.into_iter().collect();
    let installed_entries: HashMap<&str, &EntryRecord> = installed
        .map(|m| m.entries.iter().map(|e| (e.path.as_str(), e)).collect())
        .unwrap_or_default();

    let mut source = ChunkSource::new(pack.dir(), manifest, layout.dest(), installed);
    let mut batch = Batch::new(journal);
    let mut plan = Plan::default();
    let mut now = Progress {
        stage: Stage::Copying,
        done: 0,
        total: manifest.total_size(),
    };
    for entry in &manifest.entries {
        if is_installed(entry, installed_entries.get(entry.path.as_str()), layout)? {
            plan.unchanged += 1;
            now.done += entry.size;
            continue;
        }
        plan.paths.push(entry.path.clone());
        let staged = layout.staged_path(&entry.path);
        if already.contains(entry.path.as_str()) && has_size(&staged, entry.size)? {
            now.done += entry.size;
            continue;
        }
        let file = write_entry(entry, &staged, &mut source, &mut now, progress)?;
        batch.add(entry, staged, file)?;
    }
    batch.flush()?;
    Ok(plan)
}

/// Whether the destination already holds `entry` as the installed pack left it.
fn is_installed(
    entry: &EntryRecord,
    installed: Option<&&EntryRecord>,
    layout: &Layout,
) -> Result<bool, PackError> {
    match installed {
        Some(old) if old.chunks == entry.chunks => {
            has_size(&layout.final_path(&entry.path), entry.size)
        }
        _ => Ok(false),
    }
}

fn has_size(path: &Path, size: u64) -> Result<bool, PackError> {
    match fs::metadata(path) {
        Ok(meta) => Ok(meta.is_file() && meta.len() == size),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(PackError::io(path, e)),
    }
}

/// Writes one entry's chunks to `staged`; returns the file, not yet fsynced.
fn write_entry(
    entry: &EntryRecord,
    staged: &Path,
    source: &mut ChunkSource<'_>,
    now: &mut Progress,
    progress: &mut impl FnMut(Progress) -> ControlFlow<()>,
) -> Result<File, PackError> {
    if let Some(folder) = staged.parent() {
        fs::create_dir_all(folder).at(folder)?;
    }
    let mut file = File::create(staged).at(staged)?;
    for hash in &entry.chunks {
        let bytes = source.read(hash)?;
        file.write_all(bytes).at(staged)?;
        now.done += bytes.len() as u64;
        if progress(*now).is_break() {
            return Err(PackError::Interrupted);
        }
    }
    Ok(file)
}

/// Staged files waiting for their fsync and their journal line.
struct Batch {
    journal: PathBuf,
    files: Vec<(String, File, PathBuf)>,
    bytes: u64,
}

impl Batch {
    fn new(journal: PathBuf) -> Self {
        Batch {
            journal,
            files: Vec::new(),
            bytes: 0,
        }
    }

    fn add(&mut self, entry: &EntryRecord, staged: PathBuf, file: File) -> Result<(), PackError> {
        self.files.push((entry.path.to_string(), file, staged));
        self.bytes += entry.size;
        if self.bytes >= BATCH_BYTES || self.files.len() >= BATCH_FILES {
            self.flush()?;
        }
        Ok(())
    }

    /// Fsyncs the files, then names them in the journal: a journal line is only ever
    /// written for a file whose bytes are on disk.
    fn flush(&mut self) -> Result<(), PackError> {
        if self.files.is_empty() {
            return Ok(());
        }
        let mut lines = String::new();
        for (path, file, staged) in self.files.drain(..) {
            file.sync_all().at(&staged)?;
            lines.push_str(&path);
            lines.push('\n');
        }
        durable::append_lines(&self.journal, &lines)?;
        self.bytes = 0;
        Ok(())
    }
}
