//! Writing a result directory all at once: files go to a hidden sibling directory that is
//! renamed into place only when everything succeeded, so a failed or cancelled job leaves
//! nothing that could be mistaken for a result.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::error::{MediaError, Result};

/// A hidden directory beside the target, removed on drop unless committed.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: TempDir,
    target: PathBuf,
}

impl Staging {
    /// Prepares to write `target`, which must not exist or be an empty directory.
    pub(crate) fn new(target: &Path) -> Result<Staging> {
        let target = std::path::absolute(target)
            .map_err(|e| MediaError::io(format!("cannot resolve {}", target.display()), e))?;
        if !is_absent_or_empty(&target)? {
            return Err(MediaError::OutputNotEmpty { path: target });
        }
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent)
            .map_err(|e| MediaError::io(format!("cannot create {}", parent.display()), e))?;
        // In the same parent, so the final rename stays on one file system (atomic).
        let dir = tempfile::Builder::new()
            .prefix(".lawha-media-")
            .tempdir_in(parent)
            .map_err(|e| {
                MediaError::io(
                    format!("cannot create a directory in {}", parent.display()),
                    e,
                )
            })?;
        Ok(Staging { dir, target })
    }

    /// Where to write.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Moves the staged files to the target.
    pub(crate) fn commit(self) -> Result<()> {
        let target = self.target;
        if !is_absent_or_empty(&target)? {
            return Err(MediaError::OutputNotEmpty { path: target });
        }
        if target.exists() {
            std::fs::remove_dir(&target)
                .map_err(|e| MediaError::io(format!("cannot replace {}", target.display()), e))?;
        }
        let staged = self.dir.keep();
        std::fs::rename(&staged, &target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            MediaError::io(format!("cannot move the result to {}", target.display()), e)
        })
    }
}

fn is_absent_or_empty(path: &Path) -> Result<bool> {
    match std::fs::read_dir(path) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        // A plain file (or anything unreadable) in the way.
        Err(_) => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_into_an_absent_or_empty_target() {
        let root = tempfile::tempdir().unwrap();
        for target in [root.path().join("new/deep"), root.path().join("empty")] {
            if target.ends_with("empty") {
                std::fs::create_dir(&target).unwrap();
            }
            let staging = Staging::new(&target).unwrap();
            std::fs::write(staging.path().join("a.txt"), "x").unwrap();
            staging.commit().unwrap();
            assert_eq!(std::fs::read_to_string(target.join("a.txt")).unwrap(), "x");
        }
    }

    #[test]
    fn a_dropped_staging_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let staging = Staging::new(&target).unwrap();
        std::fs::write(staging.path().join("partial.ts"), "x").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn refuses_a_non_empty_target() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("keep.txt"), "x").unwrap();
        let err = Staging::new(root.path()).unwrap_err();
        assert_eq!(err.code(), "output-not-empty");
        let err = Staging::new(&root.path().join("keep.txt")).unwrap_err();
        assert_eq!(err.code(), "output-not-empty");
    }
}
