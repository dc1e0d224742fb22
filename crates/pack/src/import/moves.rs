//! Step 2 of an import: the staged entries renamed into place, following a list written
//! (fsynced) before the first rename, so that a rerun after a crash finishes the moves.

use std::fs;
use std::io::ErrorKind;
use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use super::layout::Layout;
use super::{Progress, Stage};
use crate::durable;
use crate::error::IoContext;
use crate::{EntryPath, PackError};

/// The renames that install a staged pack.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Plan {
    /// Entries staged, to be renamed to their path under the destination.
    pub(super) moves: Vec<Move>,
    /// Entries left as the previous pack installed them (for the outcome only).
    pub(super) unchanged: usize,
}

/// One staged entry: its number in the manifest (its staged name) and its path.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Move {
    pub(super) index: usize,
    pub(super) path: EntryPath,
}

impl Plan {
    /// The list written by an import that then stopped, if any.
    pub(super) fn read(layout: &Layout) -> Result<Option<Plan>, PackError> {
        let path = layout.moves_file();
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| PackError::BadManifest(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(PackError::io(path, e)),
        }
    }

    /// Records the list durably: from here on the import is committed to finishing.
    pub(super) fn write(&self, layout: &Layout) -> Result<(), PackError> {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        durable::write_file(&layout.moves_file(), &bytes)
    }

    /// Refuses the plan if the destination has something in the way of an entry, so that
    /// the renames, once started, do not stop halfway on it.
    pub(super) fn check_places(&self, layout: &Layout) -> Result<(), PackError> {
        for Move { path, .. } in &self.moves {
            let target = layout.final_path(path);
            if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                return Err(blocked(path, "a folder has its name"));
            }
            let dest = layout.dest();
            let folders = target.ancestors().skip(1).take_while(|f| *f != dest);
            for folder in folders {
                // A link is not followed: one standing where a folder goes (even to a
                // folder) would send the renames outside the destination.
                if fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                    return Err(blocked(path, "a file stands where its folder goes"));
                }
            }
        }
        Ok(())
    }

    /// Renames each staged entry still in staging into place, then flushes the file system
    /// (the renames and new folders in one commit). An entry no longer staged was moved by
    /// an earlier run.
    pub(super) fn carry_out(
        &self,
        layout: &Layout,
        progress: &mut impl FnMut(Progress) -> ControlFlow<()>,
    ) -> Result<(), PackError> {
        let mut now = Progress {
            stage: Stage::Moving,
            done: 0,
            total: self.moves.len() as u64,
        };
        for Move { index, path } in &self.moves {
            let (staged, target) = (layout.staged_path(*index), layout.final_path(path));
            if fs::symlink_metadata(&staged).is_ok() {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).at(parent)?;
                }
                fs::rename(&staged, &target).at(&target)?;
            }
            now.done += 1;
            if progress(now).is_break() {
                return Err(PackError::Interrupted);
            }
        }
        durable::sync_filesystem(layout.dest())
    }
}

fn blocked(path: &EntryPath, reason: &'static str) -> PackError {
    PackError::Blocked {
        path: path.to_string(),
        reason,
    }
}
