//! Listing a directory's files for upload, with keys made of their relative paths.

use std::path::{Path, PathBuf};

use crate::error::{MediaError, Result};

/// Every regular file under `dir`, as (relative key with `/` separators, path), in a stable
/// order. Symbolic links are skipped: an upload never follows a link out of its directory.
pub(crate) async fn files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    let mut pending = vec![(String::new(), dir.to_path_buf())];
    while let Some((relative, path)) = pending.pop() {
        let io = |e| MediaError::io(format!("cannot list {}", path.display()), e);
        let mut entries = tokio::fs::read_dir(&path).await.map_err(io)?;
        while let Some(entry) = entries.next_entry().await.map_err(io)? {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(MediaError::InvalidKey {
                    key: name.to_string_lossy().into_owned(),
                    reason: "file name is not UTF-8",
                });
            };
            let key = if relative.is_empty() {
                name.to_owned()
            } else {
                format!("{relative}/{name}")
            };
            let kind = entry.file_type().await.map_err(io)?;
            if kind.is_dir() {
                pending.push((key, entry.path()));
            } else if kind.is_file() {
                found.push((key, entry.path()));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// 0 for media and images, 1 for a rendition's playlist, 2 for a top-level playlist (the
/// master), which names the others.
pub(crate) fn upload_phase(relative: &str) -> u8 {
    match (relative.ends_with(".m3u8"), relative.contains('/')) {
        (false, _) => 0,
        (true, true) => 1,
        (true, false) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lists_files_recursively_with_slash_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("144p")).unwrap();
        std::fs::write(dir.path().join("master.m3u8"), "#EXTM3U").unwrap();
        std::fs::write(dir.path().join("144p/seg_0000.ts"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc", dir.path().join("escape")).unwrap();
        let keys: Vec<String> = files(dir.path())
            .await
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["144p/seg_0000.ts", "master.m3u8"]);
    }

    #[test]
    fn playlists_go_last_and_the_master_after_them() {
        assert_eq!(upload_phase("poster.jpg"), 0);
        assert_eq!(upload_phase("144p/seg_0001.ts"), 0);
        assert_eq!(upload_phase("144p/index.m3u8"), 1);
        assert_eq!(upload_phase("master.m3u8"), 2);
    }
}
