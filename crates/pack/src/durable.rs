//! Writing files so that they survive a crash or a pulled stick: data and folder entries
//! are flushed before anything that depends on them is written. Unix only (folders are
//! fsynced, file systems flushed with syncfs), as is the rest of Lawha.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::IoContext;
use crate::PackError;

/// Makes `path` hold exactly `bytes`, atomically: a temporary file beside it, fsynced, renamed
/// over it, and the folder fsynced.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PackError> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = Path::new(&temporary);
    let mut file = File::create(temporary).at(temporary)?;
    file.write_all(bytes).at(temporary)?;
    file.sync_all().at(temporary)?;
    fs::rename(temporary, path).at(path)?;
    sync_parent(path)
}

/// Fsyncs the folder holding `path`, so that a new name or a rename in it is durable.
pub(crate) fn sync_parent(path: &Path) -> Result<(), PackError> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => sync_dir(parent),
        _ => sync_dir(Path::new(".")),
    }
}

/// Fsyncs a folder.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), PackError> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

/// Flushes every written file and folder entry of the file system holding `path` (syncfs):
/// one journal commit for a batch of files, where an fsync each costs one per file.
pub(crate) fn sync_filesystem(path: &Path) -> Result<(), PackError> {
    let handle = File::open(path).at(path)?;
    rustix::fs::syncfs(&handle).map_err(|e| PackError::io(path, e.into()))
}

/// Creates `path` for writing, refusing to replace a file; readable by its owner only.
pub(crate) fn create_private(path: &Path) -> Result<File, PackError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).at(path)
}

/// Refuses a secret file that its group or others may read or write.
pub(crate) fn check_private(path: &Path) -> Result<(), PackError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).at(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(PackError::KeyFile {
                path: path.to_owned(),
                reason: format!("mode {:o} lets others read it; chmod 600 it", mode & 0o777),
            });
        }
    }
    Ok(())
}

/// Appends `lines` (each ended by a newline) to the journal at `path` and fsyncs it: once
/// this returns, they survive a crash.
pub(crate) fn append_lines(path: &Path, lines: &str) -> Result<(), PackError> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .at(path)?;
    file.write_all(lines.as_bytes()).at(path)?;
    file.sync_all().at(path)?;
    sync_parent(path)
}

/// The complete lines of a journal written by [`append_lines`]; a last line cut short by a
/// crash is left out. A missing journal has no lines.
pub(crate) fn read_lines(path: &Path) -> Result<Vec<String>, PackError> {
    let text = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(PackError::io(path, e)),
    };
    let complete = text
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(&[][..], |end| &text[..end]);
    Ok(String::from_utf8_lossy(complete)
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}
