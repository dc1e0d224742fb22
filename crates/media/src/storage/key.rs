//! Object keys: clean relative paths such as `capsules/0190…/144p/seg_0001.ts`, checked
//! before any store sees them so that no key can climb out of its prefix or directory.

use object_store::path::Path as ObjectPath;

use crate::error::{MediaError, Result};

/// Longest accepted key, bytes (S3's limit).
const MAX_KEY_BYTES: usize = 1024;

/// Checks `key` and turns it into an object-store path.
pub(crate) fn object_path(key: &str) -> Result<ObjectPath> {
    let invalid = |reason| MediaError::InvalidKey {
        key: key.to_owned(),
        reason,
    };
    if key.is_empty() {
        return Err(invalid("empty"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(invalid("longer than 1024 bytes"));
    }
    if key.starts_with('/') {
        return Err(invalid("starts with '/'"));
    }
    if key.contains('\\') {
        return Err(invalid("contains '\\'"));
    }
    if key.chars().any(char::is_control) {
        return Err(invalid("contains a control character"));
    }
    for segment in key.split('/') {
        match segment {
            "" => return Err(invalid("has an empty segment ('//' or a trailing '/')")),
            "." | ".." => return Err(invalid("has a '.' or '..' segment")),
            _ => {}
        }
    }
    ObjectPath::parse(key).map_err(|_| invalid("not accepted by the object store"))
}

/// Checks a prefix (a key, or empty for the whole store; one trailing `/` is allowed).
pub(crate) fn prefix_path(prefix: &str) -> Result<Option<ObjectPath>> {
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed.is_empty() {
        return Ok(None);
    }
    object_path(trimmed).map(Some)
}

/// `prefix/rest`, or `rest` alone under an empty prefix.
pub(crate) fn join(prefix: &str, rest: &str) -> String {
    let prefix = prefix.strip_suffix('/').unwrap_or(prefix);
    if prefix.is_empty() {
        rest.to_owned()
    } else {
        format!("{prefix}/{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_clean_relative_paths() {
        for key in [
            "a",
            "capsules/0190abcd/144p/seg_0001.ts",
            "x/poster.jpg",
            "é/ب.txt",
        ] {
            assert_eq!(object_path(key).unwrap().as_ref(), key);
        }
    }

    #[test]
    fn refuses_keys_that_could_escape_or_confuse() {
        for key in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a/./b",
            ".",
            "a//b",
            "a/",
            "a\\b",
            "a\nb",
        ] {
            let err = object_path(key).unwrap_err();
            assert_eq!(err.code(), "invalid-key", "{key:?}");
        }
        assert!(object_path(&"a".repeat(1025)).is_err());
    }

    #[test]
    fn prefixes_may_be_empty_or_end_with_a_slash() {
        assert_eq!(prefix_path("").unwrap(), None);
        assert_eq!(prefix_path("/").unwrap(), None);
        assert_eq!(
            prefix_path("capsules/").unwrap().unwrap().as_ref(),
            "capsules"
        );
        assert!(prefix_path("../").is_err());
        assert_eq!(join("capsules/", "a/b"), "capsules/a/b");
        assert_eq!(join("", "a"), "a");
    }
}
