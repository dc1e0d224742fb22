//! Serving stored media over HTTP: the right MIME type, byte ranges (players and download
//! managers resume and seek with them), ETags, and cache headers that let operators' and
//! schools' caches keep public segments forever while private ones stay private.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_range_header::{RangeInvalid, RangeUnsatisfiableError};
use lawha_media::storage::MediaStorage;
use lawha_store::catalog::capsules::Capsule;

use crate::error::{AppError, AppResult};
use crate::routes::capsules::access;

/// How a response may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Public and never changing (a version's files are written once): a year, shared.
    PublicImmutable,
    /// Only this browser, for an hour: restricted or unpublished capsules.
    Private,
}

impl Caching {
    pub fn for_capsule(capsule: &Capsule) -> Caching {
        if access::publicly_cacheable(capsule) {
            Caching::PublicImmutable
        } else {
            Caching::Private
        }
    }

    fn header(self) -> &'static str {
        match self {
            Caching::PublicImmutable => "public, max-age=31536000, immutable",
            Caching::Private => "private, max-age=3600",
        }
    }
}

/// The MIME type of a media file (the media crate's one table), `application/octet-stream`
/// when unknown.
pub fn content_type(key: &str) -> &'static str {
    lawha_media::content_type(key).unwrap_or("application/octet-stream")
}

/// A single byte range asked for, resolved against the object's size (parsed and clamped by
/// `http-range-header`). `Ok(None)`: the whole object (no header, another unit, several
/// ranges, which are not served as multipart, or an empty object). `Err`: a range that is
/// malformed or lies past the end (416).
fn range(headers: &HeaderMap, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let parsed = match http_range_header::parse_range_header(value.trim()) {
        Ok(parsed) => parsed,
        // Not `bytes=`: a unit we do not serve, so the whole object (RFC 9110 §14.2).
        Err(RangeUnsatisfiableError::Invalid(RangeInvalid::DoesNotStartWithToken)) => {
            return Ok(None)
        }
        Err(_) => return Err(()),
    };
    if parsed.len() > 1 {
        return Ok(None);
    }
    let ranges = parsed.validate(size).map_err(|_| ())?;
    Ok(ranges.first().map(|r| (*r.start(), *r.end())))
}

/// Serves `key` from the media store. `download_as`: offer it as a file of that name.
pub async fn serve(
    storage: &MediaStorage,
    key: &str,
    headers: &HeaderMap,
    caching: Caching,
    download_as: Option<&str>,
) -> AppResult<Response> {
    let info = storage
        .head(key)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let etag = format!(
        "\"{}\"",
        info.etag
            .clone()
            .unwrap_or_else(|| format!(
                "{:x}-{:x}",
                info.size,
                info.last_modified.timestamp_millis()
            ))
            .trim_matches('"')
    );
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, content_type(key))
        .header(header::CACHE_CONTROL, caching.header())
        .header(header::ETAG, &etag)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(
            header::LAST_MODIFIED,
            info.last_modified
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string(),
        );
    if let Some(name) = download_as {
        let ascii: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        builder = builder.header(
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
                crate::forms::url_encode(name)
            ),
        );
    }
    let matches_etag = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches_etag {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .map_err(AppError::internal);
    }
    // A range only applies to the version the client holds (If-Range with our ETag).
    let if_range_ok = headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.trim() == etag);
    let wanted = if if_range_ok {
        range(headers, info.size)
    } else {
        Ok(None)
    };
    let (status, span) = match wanted {
        Ok(Some((first, last))) => (StatusCode::PARTIAL_CONTENT, Some((first, last))),
        Ok(None) => (StatusCode::OK, None),
        Err(()) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{}", info.size)) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
    };
    let stream = storage
        .get_stream(key, span.map(|(first, last)| first..last + 1))
        .await
        .map_err(AppError::internal)?;
    let length = span.map_or(info.size, |(first, last)| last - first + 1);
    builder = builder
        .status(status)
        .header(header::CONTENT_LENGTH, length);
    if let Some((first, last)) = span {
        builder = builder.header(
            header::CONTENT_RANGE,
            format!("bytes {first}-{last}/{}", info.size),
        );
    }
    builder
        .body(Body::from_stream(stream))
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranged(value: &str, size: u64) -> Result<Option<(u64, u64)>, ()> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::RANGE,
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
        );
        range(&headers, size)
    }

    #[test]
    fn ranges() {
        assert_eq!(range(&HeaderMap::new(), 10), Ok(None));
        assert_eq!(ranged("bytes=0-3", 10), Ok(Some((0, 3))));
        assert_eq!(ranged("bytes=4-", 10), Ok(Some((4, 9))));
        assert_eq!(ranged("bytes=-3", 10), Ok(Some((7, 9))));
        assert_eq!(ranged("bytes=5-100", 10), Ok(Some((5, 9))));
        assert_eq!(ranged("bytes=0-1,4-5", 10), Ok(None));
        assert_eq!(ranged("bytes=10-", 10), Err(()));
        assert_eq!(ranged("bytes=5-2", 10), Err(()));
        assert_eq!(ranged("bytes=x-", 10), Err(()));
        assert_eq!(ranged("items=0-1", 10), Ok(None));
        assert_eq!(ranged("bytes=-0", 10), Err(()));
        assert_eq!(ranged("bytes=-30", 10), Ok(Some((0, 9))));
    }

    #[test]
    fn types() {
        assert_eq!(
            content_type("media/x/144p/index.m3u8"),
            "application/vnd.apple.mpegurl"
        );
        assert_eq!(content_type("a/seg_001.TS"), "video/mp2t");
        assert_eq!(content_type("a/download.mp4"), "video/mp4");
        assert_eq!(content_type("f/subs.vtt"), "text/vtt; charset=utf-8");
        assert_eq!(content_type("f/x"), "application/octet-stream");
    }
}
