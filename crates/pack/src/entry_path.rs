//! Entry paths: the only names a pack may give its files, checked when a pack is written and
//! again when its manifest is read, so that no pack can write outside its destination.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::PackError;

/// The longest path, in bytes.
pub const MAX_PATH_BYTES: usize = 1024;
/// The longest component, in bytes (the limit of common file systems).
const MAX_COMPONENT_BYTES: usize = 255;
/// The folder of the destination that importing keeps for itself.
pub(crate) const RESERVED_TOP: &str = ".pack";

/// A relative, `/`-separated path inside a pack, such as `media/<asset>/poster.jpg`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryPath(String);

impl EntryPath {
    /// Checks `path` against the rules of the format.
    pub fn new(path: &str) -> Result<Self, PackError> {
        match problem(path) {
            None => Ok(EntryPath(path.to_owned())),
            Some(reason) => Err(PackError::BadPath {
                path: path.to_owned(),
                reason,
            }),
        }
    }

    /// The path as written in the manifest.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path below `root`, component by component.
    pub fn under(&self, root: &Path) -> PathBuf {
        let mut full = root.to_path_buf();
        full.extend(self.0.split('/'));
        full
    }

    /// The folders above this path, outermost first (`a`, `a/b` for `a/b/c`).
    pub fn ancestors(&self) -> impl Iterator<Item = &str> {
        self.0.match_indices('/').map(|(at, _)| &self.0[..at])
    }
}

/// Why `path` is refused, or `None`.
fn problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("empty");
    }
    if path.len() > MAX_PATH_BYTES {
        return Some("longer than 1024 bytes");
    }
    if path.starts_with('/') {
        return Some("absolute");
    }
    if path.contains('\\') {
        return Some("contains a backslash");
    }
    if path.chars().any(char::is_control) {
        return Some("contains a control character");
    }
    for (index, component) in path.split('/').enumerate() {
        match component {
            "" => return Some("has an empty component"),
            "." | ".." => return Some("has a . or .. component"),
            RESERVED_TOP if index == 0 => return Some("is under .pack/, which importing reserves"),
            c if c.len() > MAX_COMPONENT_BYTES => {
                return Some("has a component longer than 255 bytes")
            }
            _ => {}
        }
    }
    None
}

impl fmt::Display for EntryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for EntryPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for EntryPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EntryPath::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_pass() {
        for ok in [
            "content.json",
            "media/a1/720p.mp4",
            "ملفات/درس.pdf",
            "a/.hidden",
            "a..b",
        ] {
            assert!(EntryPath::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn escapes_and_oddities_are_refused() {
        let long = "a/".repeat(600);
        let long_component = "x".repeat(256);
        for bad in [
            "",
            "/etc/passwd",
            "../up",
            "a/../../up",
            "a/./b",
            "a//b",
            "a/",
            "a\\b",
            "C:\\x",
            "new\nline",
            "nul\0",
            ".pack/installed/manifest.json",
            ".pack",
            long.as_str(),
            long_component.as_str(),
        ] {
            assert!(
                matches!(EntryPath::new(bad), Err(PackError::BadPath { .. })),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn ancestors_and_placement() {
        let path = EntryPath::new("a/b/c.txt").unwrap();
        assert_eq!(path.ancestors().collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(path.under(Path::new("/d")), Path::new("/d/a/b/c.txt"));
    }
}
