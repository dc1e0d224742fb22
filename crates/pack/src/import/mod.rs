//! Importing a pack into a destination folder, verified, resumable and idempotent.
//!
//! 1. **Stage.** Each entry is written to `.pack/staging/<pack id>/files/<number>` from its
//!    chunks: carried ones read from the volumes, "in base" ones from the files the base
//!    pack installed (the destination keeps the installed manifest in `.pack/installed/`),
//!    every chunk checked against its hash as it is read (by a thread reading ahead).
//!    Staged files are flushed (one syncfs per batch of 64 MiB or 256 files, by a thread
//!    of its own while the next are written), then named in the journal
//!    `.pack/staging/<pack id>/staged` (fsynced), so that a rerun after a pulled stick or a
//!    kill -9 skips them once their bytes match the manifest's chunk hashes again (a file
//!    that does not is written again). Entries the installed pack already holds unchanged (same path,
//!    same chunks) are left as they are.
//! 2. **Move.** Only once every entry is staged is the list of renames written (fsynced) to
//!    `.pack/staging/<pack id>/moves`; then each staged file is renamed into place. A rerun
//!    that finds the list finishes the renames whose staged file is still there.
//! 3. **Record.** The file system is flushed (the renames and new folders), the manifest
//!    is written to `.pack/installed/manifest.json`, and `.pack/staging/` removed (what other
//!    packs left staged there is stale once this one is installed).
//!
//! Nothing outside `.pack/` changes before step 2, so a bad chunk anywhere leaves the
//! destination as it was. Importing the installed pack again changes nothing. An import
//! adds and replaces files; it never deletes one that the pack does not name. One import
//! at a time per destination.

mod batches;
mod layout;
mod moves;
mod sources;
mod stage;

use std::ops::ControlFlow;
use std::path::Path;

use crate::{Manifest, Pack, PackError};
use layout::Layout;

/// Where an import or a verification stands, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    /// Bytes (verifying, copying) or entries (moving) done so far, out of `total`.
    pub done: u64,
    pub total: u64,
}

/// The step a [`Progress`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// [`Pack::verify`]: reading the carried chunks.
    Verifying,
    /// Importing: writing verified entries under `.pack/staging/`.
    Copying,
    /// Importing: renaming staged entries into place.
    Moving,
}

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The pack was already the installed one: nothing changed.
    AlreadyInstalled,
    /// The pack is now the installed one.
    Installed {
        /// Entries written (renamed into place).
        written: usize,
        /// Entries the previous pack had installed unchanged, left as they were.
        unchanged: usize,
    },
}

impl Pack {
    /// Installs this pack's entries into `dest` (see the [module](self) for the steps).
    /// `progress` is called after every chunk copied and every entry moved; returning
    /// `ControlFlow::Break` stops the import with [`PackError::Interrupted`], and a rerun
    /// continues where it stopped.
    pub fn import(
        &self,
        dest: &Path,
        mut progress: impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<ImportOutcome, PackError> {
        let manifest = self.manifest();
        let layout = Layout::prepare(dest, manifest.pack_id)?;
        // Checked first: until that other import is finished, the installed manifest does
        // not describe the destination, so even "already installed" would be untrue.
        if let Some(other) = layout.unfinished_other()? {
            return Err(PackError::UnfinishedImport(other));
        }
        let installed = layout.installed()?;
        if installed
            .as_ref()
            .is_some_and(|i| i.pack_id == manifest.pack_id)
        {
            layout.remove_staging()?;
            return Ok(ImportOutcome::AlreadyInstalled);
        }
        let plan = match moves::Plan::read(&layout)? {
            // Interrupted while moving: everything is staged and verified already.
            Some(plan) => plan,
            None => {
                check_base(manifest, installed.as_ref())?;
                let plan = stage::stage_entries(self, &layout, installed.as_ref(), &mut progress)?;
                plan.check_places(&layout)?;
                plan.write(&layout)?;
                plan
            }
        };
        plan.carry_out(&layout, &mut progress)?;
        layout.record_installed(manifest)?;
        layout.remove_staging()?;
        Ok(ImportOutcome::Installed {
            written: plan.moves.len(),
            unchanged: plan.unchanged,
        })
    }
}

/// A delta needs its base installed: its uncarried chunks are read from that pack's files.
fn check_base(manifest: &Manifest, installed: Option<&Manifest>) -> Result<(), PackError> {
    let needs_base = manifest.chunks.iter().any(|c| c.stored.is_none());
    let installed_id = installed.map(|i| i.pack_id);
    match manifest.base_pack_id {
        Some(needed) if needs_base && installed_id != Some(needed) => {
            Err(PackError::BaseMismatch {
                needed,
                installed: installed_id,
            })
        }
        _ => Ok(()),
    }
}
