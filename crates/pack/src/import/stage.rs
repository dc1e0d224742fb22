//! Step 1 of an import: every entry written under the staging folder from verified chunks,
//! flushed, and named in the journal of staged entries. A rerun skips what the journal names.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc;

use super::batches::Batches;
use super::layout::Layout;
use super::moves::{Move, Plan};
use super::sources::ChunkSource;
use super::{Progress, Stage};
use crate::durable;
use crate::error::IoContext;
use crate::{ChunkHash, EntryRecord, Manifest, Pack, PackError, CHUNK_SIZE};

/// How many chunks the reader may run ahead of the writer.
const READ_AHEAD: usize = 8;

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

    let mut plan = Plan::default();
    let mut now = Progress {
        stage: Stage::Copying,
        done: 0,
        total: manifest.total_size(),
    };
    let mut to_copy = Vec::new();
    for (index, entry) in manifest.entries.iter().enumerate() {
        if is_installed(entry, installed_entries.get(entry.path.as_str()), layout)? {
            plan.unchanged += 1;
            now.done += entry.size;
            continue;
        }
        plan.moves.push(Move {
            index,
            path: entry.path.clone(),
        });
        if already.contains(entry.path.as_str()) && holds_entry(&layout.staged_path(index), entry)?
        {
            now.done += entry.size;
            continue;
        }
        to_copy.push((index, entry));
    }

    let source = ChunkSource::new(pack.dir(), manifest, layout.dest(), installed);
    std::thread::scope(|scope| {
        let (chunks, spares) = read_ahead(scope, source, &to_copy);
        let mut batch = Batches::start(scope, layout.staging_dir(), journal);
        for (index, entry) in &to_copy {
            let staged = layout.staged_path(*index);
            write_entry(entry, &staged, (&chunks, &spares), &mut now, progress)?;
            batch.add(entry)?;
        }
        batch.finish()
        // Leaving drops `chunks`: a reader still running stops at its next chunk. After an
        // error `batch` is dropped too: the flusher still journals the batches handed over.
    })?;
    Ok(plan)
}

/// Chunks read and verified ahead of the writer, with the buffers it hands back.
type Chunks = mpsc::Receiver<Result<(Vec<u8>, usize), PackError>>;
type Spares = mpsc::Sender<Vec<u8>>;

/// Starts a thread reading and checking the chunks of `entries` in order, up to
/// [`READ_AHEAD`] chunks ahead: reading the stick and hashing overlap writing and flushing.
/// It stops at the first error (which it sends) or when the receiver is dropped.
fn read_ahead<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    mut source: ChunkSource<'scope>,
    entries: &'scope [(usize, &'scope EntryRecord)],
) -> (Chunks, Spares) {
    let (chunk_tx, chunks) = mpsc::sync_channel(READ_AHEAD);
    let (spares, spare_rx) = mpsc::channel::<Vec<u8>>();
    scope.spawn(move || {
        let hashes = entries.iter().flat_map(|(_, entry)| &entry.chunks);
        for hash in hashes {
            let mut buffer = spare_rx.try_recv().unwrap_or_else(|_| vec![0; CHUNK_SIZE]);
            let read = source.read_into(hash, &mut buffer).map(|len| (buffer, len));
            let failed = read.is_err();
            if chunk_tx.send(read).is_err() || failed {
                return;
            }
        }
    });
    (chunks, spares)
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

/// Whether `path` is a plain file of `size` bytes; a symbolic link is not followed (an
/// entry's place holding one is written again, replacing the link, never its target).
fn has_size(path: &Path, size: u64) -> Result<bool, PackError> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(meta.is_file() && meta.len() == size),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(PackError::io(path, e)),
    }
}

/// Whether the staged file at `path` holds exactly `entry`'s bytes: its size, and each of
/// its [`CHUNK_SIZE`] pieces hashing to the entry's chunk in the manifest. A journalled file
/// is checked so rather than trusted by its size: a file of the right size whose blocks were
/// lost or changed after the journal was written (a power cut on a cheap SD card, a
/// failing disk) would otherwise be installed as it is. It costs one read of what was
/// staged, on a rerun only; a file that fails is written again from the pack.
fn holds_entry(path: &Path, entry: &EntryRecord) -> Result<bool, PackError> {
    if !has_size(path, entry.size)? {
        return Ok(false);
    }
    let mut file = File::open(path).at(path)?;
    let mut buffer = vec![0; CHUNK_SIZE];
    let mut left = entry.size;
    for hash in &entry.chunks {
        let len = usize::try_from(left.min(CHUNK_SIZE as u64)).unwrap_or(CHUNK_SIZE);
        let Some(piece) = buffer.get_mut(..len) else {
            return Ok(false);
        };
        match file.read_exact(piece) {
            Ok(()) => {}
            // Cut short since its size was read: written again.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(e) => return Err(PackError::io(path, e)),
        }
        if ChunkHash::of(piece) != *hash {
            return Ok(false);
        }
        left -= len as u64;
    }
    Ok(left == 0)
}

/// Creates (or empties) a staged file readable by its owner only from its first byte:
/// `content.json` holds password hashes, and a chmod after writing would leave a window.
fn create_staged(staged: &Path) -> Result<File, PackError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(staged)
        .at(staged)?;
    // A file left by an earlier run keeps the mode it was made with; make sure of it.
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .at(staged)?;
    Ok(file)
}

/// Writes one entry's chunks, as the reader sends them, to `staged` (flushed later, with
/// its batch).
fn write_entry(
    entry: &EntryRecord,
    staged: &Path,
    (chunks, spares): (&Chunks, &Spares),
    now: &mut Progress,
    progress: &mut impl FnMut(Progress) -> ControlFlow<()>,
) -> Result<(), PackError> {
    let mut file = create_staged(staged)?;
    for _ in &entry.chunks {
        let (buffer, len) = chunks.recv().map_err(|_| {
            PackError::io(staged, std::io::Error::other("the chunk reader stopped"))
        })??;
        file.write_all(&buffer[..len]).at(staged)?;
        // The reader may have finished: then the buffer is simply dropped.
        let _ = spares.send(buffer);
        now.done += len as u64;
        if progress(*now).is_break() {
            return Err(PackError::Interrupted);
        }
    }
    Ok(())
}
