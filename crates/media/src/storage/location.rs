//! Where media lives, as configured: a directory, `file://` URL, `s3://bucket[/prefix]`, or
//! `memory:` (tests).

use std::path::PathBuf;

use url::Url;

use crate::error::{MediaError, Result};

/// A parsed storage location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A local directory (created if missing).
    Local(PathBuf),
    /// An S3 or S3-compatible bucket, optionally under a key prefix.
    S3 { bucket: String, prefix: String },
    /// A store in this process's memory.
    Memory,
}

/// Reads a location. Anything without `://` (and not `memory:`) is a path.
pub(crate) fn parse(location: &str) -> Result<Location> {
    let invalid = |detail: &str| MediaError::InvalidLocation {
        location: location.to_owned(),
        detail: detail.to_owned(),
    };
    let trimmed = location.trim();
    if trimmed.is_empty() {
        return Err(invalid("empty"));
    }
    if trimmed == "memory:" || trimmed == "memory://" {
        return Ok(Location::Memory);
    }
    if !trimmed.contains("://") {
        return Ok(Location::Local(PathBuf::from(trimmed)));
    }
    let url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    match url.scheme() {
        "file" => url
            .to_file_path()
            .map(Location::Local)
            .map_err(|()| invalid("a file:// URL must hold an absolute local path")),
        "s3" => {
            let bucket = url
                .host_str()
                .filter(|b| !b.is_empty())
                .ok_or_else(|| invalid("no bucket"))?;
            if !url.username().is_empty() || url.password().is_some() {
                // Credentials belong in AWS_* variables, not in a URL that ends up in logs.
                return Err(invalid(
                    "credentials in the URL; use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                ));
            }
            let prefix = url.path().trim_matches('/').to_owned();
            if !prefix.is_empty() {
                super::key::object_path(&prefix)?;
            }
            Ok(Location::S3 {
                bucket: bucket.to_owned(),
                prefix,
            })
        }
        other => Err(invalid(&format!(
            "unsupported scheme {other:?} (use a path, file://, s3:// or memory:)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_kind() {
        assert_eq!(parse("media").unwrap(), Location::Local("media".into()));
        assert_eq!(
            parse("/srv/lawha/media").unwrap(),
            Location::Local("/srv/lawha/media".into())
        );
        assert_eq!(
            parse("file:///srv/lawha/media").unwrap(),
            Location::Local("/srv/lawha/media".into())
        );
        assert_eq!(parse("memory:").unwrap(), Location::Memory);
        assert_eq!(
            parse("s3://lawha-media").unwrap(),
            Location::S3 {
                bucket: "lawha-media".into(),
                prefix: String::new()
            }
        );
        assert_eq!(
            parse("s3://lawha/prod/media/").unwrap(),
            Location::S3 {
                bucket: "lawha".into(),
                prefix: "prod/media".into()
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for bad in [
            "",
            "  ",
            "gs://bucket",
            "s3://",
            "s3://key:secret@bucket",
            "file://relative",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(
                matches!(err.code(), "invalid-location" | "invalid-key"),
                "{bad:?}: {err}"
            );
        }
    }
}
