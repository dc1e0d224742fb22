//! Resumable video uploads: the core of the tus 1.0 protocol (<https://tus.io/protocols/resumable-upload>),
//! enough for the studio's own uploader (`static/upload.js`) and any tus client.
//!
//! - `POST /uploads` with `Upload-Length` and `Upload-Metadata` (`capsule`, `filename`)
//!   creates an upload: 201 with its `Location`.
//! - `HEAD /uploads/{id}` tells how many bytes arrived (`Upload-Offset`): a client whose
//!   connection broke asks, then goes on from there.
//! - `PATCH /uploads/{id}` with `Upload-Offset` appends a chunk
//!   (`application/offset+octet-stream`). The offset must be the one recorded, so a
//!   retried chunk is never appended twice. The last chunk makes the file a version of the
//!   capsule (see [`super::ingest`]); the response names the studio page.
//!
//! The partial file lives on the node that received it (`uploads_dir`): behind a load
//! balancer, uploads need a shared directory or sticky sessions (see ARCHITECTURE.md).
//! The CSRF token travels in the query, as for every non-form request.

use std::io::SeekFrom;
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use futures_util::StreamExt;
use lawha_store::uploads::Upload;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use uuid::Uuid;

use super::ingest::{clean_name, ingest, Received};
use crate::error::{AppError, AppResult};
use crate::session::Editor;
use crate::AppState;

const TUS_VERSION: &str = "1.0.0";

fn tus_headers(status: StatusCode) -> axum::http::response::Builder {
    Response::builder()
        .status(status)
        .header("Tus-Resumable", TUS_VERSION)
        .header(header::CACHE_CONTROL, "no-store")
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// `capsule <base64>,filename <base64>` → its pairs.
fn metadata(raw: &str) -> Vec<(String, String)> {
    raw.split(',')
        .filter_map(|pair| {
            let mut parts = pair.trim().splitn(2, ' ');
            let key = parts.next()?.to_string();
            let value = base64::engine::general_purpose::STANDARD
                .decode(parts.next().unwrap_or_default())
                .ok()?;
            Some((key, String::from_utf8(value).ok()?))
        })
        .collect()
}

fn part_path(state: &AppState, id: Uuid) -> PathBuf {
    state.config.uploads_dir.join(format!("tus-{id}.part"))
}

fn build(builder: axum::http::response::Builder) -> AppResult<Response> {
    builder
        .body(Body::empty())
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// `POST /uploads`.
pub async fn create(
    State(state): State<AppState>,
    Editor(session): Editor,
    headers: HeaderMap,
) -> AppResult<Response> {
    let length: i64 = header_str(&headers, "upload-length")
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::BadRequest("upload-length"))?;
    if length <= 0 {
        return Err(AppError::BadRequest("empty-file"));
    }
    if length as u64 > state.config.max_video_bytes {
        return build(tus_headers(StatusCode::PAYLOAD_TOO_LARGE));
    }
    let meta = metadata(header_str(&headers, "upload-metadata").unwrap_or_default());
    let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let capsule_id = get("capsule")
        .and_then(|v| Uuid::parse_str(v).ok())
        .ok_or(AppError::BadRequest("capsule"))?;
    let name = clean_name(get("filename").unwrap_or("video"));
    let upload = state
        .store
        .create_upload(session.user.id, capsule_id, &name, length)
        .await?;
    tokio::fs::create_dir_all(&state.config.uploads_dir)
        .await
        .map_err(io)?;
    tokio::fs::File::create(part_path(&state, upload.id))
        .await
        .map_err(io)?;
    build(
        tus_headers(StatusCode::CREATED)
            .header(header::LOCATION, format!("/uploads/{}", upload.id))
            .header("Upload-Offset", "0"),
    )
}

/// The upload, if it is this person's.
async fn own_upload(state: &AppState, user_id: Uuid, id: Uuid) -> AppResult<Upload> {
    let upload = state.store.upload(id).await?;
    if upload.user_id != user_id {
        return Err(AppError::NotFound);
    }
    Ok(upload)
}

/// `HEAD /uploads/{id}`.
pub async fn offset(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let upload = own_upload(&state, session.user.id, id).await?;
    build(
        tus_headers(StatusCode::OK)
            .header("Upload-Offset", upload.received_bytes)
            .header("Upload-Length", upload.total_bytes),
    )
}

/// `PATCH /uploads/{id}`.
pub async fn append(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    let upload = own_upload(&state, session.user.id, id).await?;
    if header_str(&headers, "content-type") != Some("application/offset+octet-stream") {
        return build(tus_headers(StatusCode::UNSUPPORTED_MEDIA_TYPE));
    }
    let offset: i64 = header_str(&headers, "upload-offset")
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::BadRequest("upload-offset"))?;
    if offset != upload.received_bytes {
        return build(
            tus_headers(StatusCode::CONFLICT).header("Upload-Offset", upload.received_bytes),
        );
    }
    let path = part_path(&state, id);
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .await
        .map_err(|_| AppError::NotFound)?;
    // Bytes past the recorded offset are from a chunk whose end was never acknowledged.
    file.set_len(offset as u64).await.map_err(io)?;
    file.seek(SeekFrom::Start(offset as u64))
        .await
        .map_err(io)?;
    let room = (upload.total_bytes - offset) as u64;
    let mut written: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("broken-upload"))?;
        written += chunk.len() as u64;
        if written > room {
            return build(tus_headers(StatusCode::PAYLOAD_TOO_LARGE));
        }
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.sync_data().await.map_err(io)?;
    let to = offset + written as i64;
    if !state.store.advance_upload(id, offset, to).await? {
        let now = state.store.upload(id).await?;
        return build(
            tus_headers(StatusCode::CONFLICT).header("Upload-Offset", now.received_bytes),
        );
    }
    let mut response = tus_headers(StatusCode::NO_CONTENT).header("Upload-Offset", to);
    if to == upload.total_bytes {
        let received = Received {
            sha256: lawha_media::ingest::sha256_of(&path)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?,
            path,
            name: upload.file_name.clone(),
            bytes: to as u64,
        };
        ingest(&state, upload.capsule_id, session.user.id, received).await?;
        state.store.delete_upload(id).await?;
        if let Ok(value) = HeaderValue::from_str(&format!("/studio/capsules/{}", upload.capsule_id))
        {
            response = response.header("Lawha-Capsule-Page", value);
        }
    }
    build(response)
}

/// Removes uploads nobody touched for a day, and their partial files.
pub async fn clean_stale(state: &AppState) -> AppResult<usize> {
    let stale = state
        .store
        .stale_uploads(chrono::Utc::now() - chrono::Duration::hours(24))
        .await?;
    for upload in &stale {
        let _ = tokio::fs::remove_file(part_path(state, upload.id)).await;
        state.store.delete_upload(upload.id).await?;
    }
    Ok(stale.len())
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(format!("upload file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::metadata;

    #[test]
    fn metadata_pairs_are_decoded() {
        // capsule=abc, filename=cours é.mp4
        let pairs = metadata("capsule YWJj, filename Y291cnMgw6kubXA0,bad !!!");
        assert_eq!(
            pairs,
            [
                ("capsule".into(), "abc".into()),
                ("filename".into(), "cours é.mp4".into())
            ]
        );
    }
}
