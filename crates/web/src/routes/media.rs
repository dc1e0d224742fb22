//! `GET /media/{version}/{path}`: the files of a capsule's version (playlists, segments,
//! the MP4, poster), for whoever may watch the capsule, with ranges and caching
//! ([`crate::media_http`]).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use lawha_core::capsule::MediaStatus;
use uuid::Uuid;

use super::capsules::access;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::media_http::{self, Caching};
use crate::session::MaybeSigned;
use crate::AppState;

/// A path inside a version's folder: relative, no `..`, only the characters the
/// pipeline writes.
pub(crate) fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
}

pub async fn serve(
    State(state): State<AppState>,
    MaybeSigned(viewer): MaybeSigned,
    Path((id, path)): Path<(Uuid, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if !valid_path(&path) {
        return Err(AppError::NotFound);
    }
    let asset = state.store.media_jobs().media(id).await?;
    if asset.status != MediaStatus::Ready {
        return Err(AppError::NotFound);
    }
    let capsule = state.store.catalog().capsule(asset.capsule_id).await?;
    access::require_watch(&capsule, viewer.as_ref())?;
    let key = format!("{}/{path}", asset.output_prefix);
    media_http::serve(
        &state.media,
        &key,
        &headers,
        Caching::for_capsule(&capsule),
        None,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::valid_path;

    #[test]
    fn only_plain_relative_paths() {
        assert!(valid_path("master.m3u8"));
        assert!(valid_path("144p/segment_003.ts"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "a/./b",
            "a b",
            "a%2e",
        ] {
            assert!(!valid_path(bad), "{bad}");
        }
    }
}
