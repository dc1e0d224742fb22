//! The destination's `.pack/` folder: the installed manifest and, per pack being imported,
//! its staging folder and journals.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::durable;
use crate::entry_path::RESERVED_TOP;
use crate::error::IoContext;
use crate::{EntryPath, Manifest, PackError};

/// The list of renames in a pack's staging folder.
const MOVES: &str = "moves";

/// The paths an import of one pack uses under its destination.
pub(super) struct Layout {
    dest: PathBuf,
    installed: PathBuf,
    staging: PathBuf,
}

impl Layout {
    /// The layout for importing `pack_id` into `dest`, with `.pack/` created.
    pub(super) fn prepare(dest: &Path, pack_id: Uuid) -> Result<Layout, PackError> {
        let reserved = dest.join(RESERVED_TOP);
        let layout = Layout {
            dest: dest.to_owned(),
            installed: reserved.join("installed"),
            staging: reserved.join("staging").join(pack_id.to_string()),
        };
        fs::create_dir_all(&layout.installed).at(&layout.installed)?;
        Ok(layout)
    }

    pub(super) fn dest(&self) -> &Path {
        &self.dest
    }

    /// Where an entry ends up.
    pub(super) fn final_path(&self, entry: &EntryPath) -> PathBuf {
        entry.under(&self.dest)
    }

    /// Where the manifest's entry number `index` is staged: flat, named by its number, so
    /// that staging makes and removes no folders.
    pub(super) fn staged_path(&self, index: usize) -> PathBuf {
        self.staging.join("files").join(index.to_string())
    }

    /// This pack's staging folder.
    pub(super) fn staging_dir(&self) -> PathBuf {
        self.staging.clone()
    }

    /// The journal of entries staged and flushed.
    pub(super) fn staged_journal(&self) -> PathBuf {
        self.staging.join("staged")
    }

    /// The list of renames, written once staging is complete.
    pub(super) fn moves_file(&self) -> PathBuf {
        self.staging.join(MOVES)
    }

    /// Creates the staging folder (and its files folder) if missing.
    pub(super) fn create_staging(&self) -> Result<(), PackError> {
        let files = self.staging.join("files");
        fs::create_dir_all(&files).at(&files)
    }

    fn installed_manifest(&self) -> PathBuf {
        self.installed.join("manifest.json")
    }

    /// The manifest of the pack installed last, if any.
    pub(super) fn installed(&self) -> Result<Option<Manifest>, PackError> {
        let path = self.installed_manifest();
        match fs::read(&path) {
            Ok(bytes) => Manifest::parse(&bytes).map(Some),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(PackError::io(path, e)),
        }
    }

    /// Makes `manifest` the installed one (atomically, durably).
    pub(super) fn record_installed(&self, manifest: &Manifest) -> Result<(), PackError> {
        durable::write_file(&self.installed_manifest(), &manifest.to_bytes())
    }

    /// Another pack whose import stopped while moving its files into place: until that one
    /// is finished, the installed manifest does not describe the destination.
    pub(super) fn unfinished_other(&self) -> Result<Option<String>, PackError> {
        let Some(all) = self.staging.parent() else {
            return Ok(None);
        };
        let listing = match fs::read_dir(all) {
            Ok(listing) => listing,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(PackError::io(all, e)),
        };
        for item in listing {
            let item = item.at(all)?;
            let dir = item.path();
            if dir != self.staging && fs::symlink_metadata(dir.join(MOVES)).is_ok() {
                return Ok(Some(item.file_name().to_string_lossy().into_owned()));
            }
        }
        Ok(None)
    }

    /// Removes every staging folder: once a pack is installed (and no other has moves
    /// pending, which is checked first), what other packs left staged is stale, and on a
    /// small node it may be gigabytes.
    pub(super) fn remove_staging(&self) -> Result<(), PackError> {
        let all = self.staging.parent().unwrap_or(&self.staging);
        match fs::remove_dir_all(all) {
            Ok(()) => durable::sync_parent(all),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(PackError::io(all, e)),
        }
    }
}
