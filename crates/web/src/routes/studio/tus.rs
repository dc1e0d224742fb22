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
//! Each chunk is kept in the media store under a key of its own
//! (`uploads/{id}/{from}-{to}-{random}`), so the next chunk may reach any node behind a load
//! balancer; a node only holds the chunk it is receiving. The offset moves in the database
//! only from the value the chunk was sent at, in the transaction that records its part:
//! of chunks racing at one offset one is acknowledged, the others get 409 and their parts
//! are deleted. The last chunk joins the parts the database recorded.
//! The CSRF token travels in the query, as for every non-form request.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use futures_util::StreamExt;
use lawha_store::media_jobs::uploads::{Upload, UploadPart};
use uuid::Uuid;

use super::ingest::{clean_name, ingest, Received, Receiver};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
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

/// Where an upload's parts are kept in the media store.
fn parts_prefix(id: Uuid) -> String {
    format!("uploads/{id}")
}

/// A new key for a part holding bytes `from..to`: each request's bytes get their own, so a
/// refused racer cannot overwrite the acknowledged chunk. Zero-padded, to read by offset.
fn part_key(id: Uuid, from: i64, to: i64) -> String {
    format!(
        "{}/{from:015}-{to:015}-{}",
        parts_prefix(id),
        Uuid::new_v4().simple()
    )
}

/// Whether the recorded parts (in byte order) hold bytes `0..total`, each once.
fn whole(parts: &[UploadPart], total: i64) -> bool {
    let mut at = 0;
    for part in parts {
        if part.from_byte != at || part.to_byte <= part.from_byte {
            return false;
        }
        at = part.to_byte;
    }
    at == total
}

fn build(builder: axum::http::response::Builder) -> AppResult<Response> {
    builder.body(Body::empty()).map_err(AppError::internal)
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
        .media_jobs()
        .create_upload(session.user.id, capsule_id, &name, length)
        .await?;
    build(
        tus_headers(StatusCode::CREATED)
            .header(header::LOCATION, format!("/uploads/{}", upload.id))
            .header("Upload-Offset", "0"),
    )
}

/// The upload, if it is this person's.
async fn own_upload(state: &AppState, user_id: Uuid, id: Uuid) -> AppResult<Upload> {
    let upload = state.store.media_jobs().upload(id).await?;
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
    // The chunk goes to a node-local file first: the store wants its size before the
    // bytes, and a broken or oversized chunk must not become a part.
    let room = (upload.total_bytes - offset) as u64;
    let mut receiver = Receiver::create(&state.config.uploads_dir, room).await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            receiver.abandon().await;
            return Err(AppError::BadRequest("broken-upload"));
        };
        if receiver.write(&chunk).await?.is_err() {
            receiver.abandon().await;
            return build(tus_headers(StatusCode::PAYLOAD_TOO_LARGE));
        }
    }
    let chunk = receiver.finish("chunk").await?;
    let to = offset + chunk.bytes as i64;
    let part = (chunk.bytes > 0).then(|| part_key(id, offset, to));
    let stored = match &part {
        Some(key) => state.media.put_file(key, &chunk.path).await.map(|_| ()),
        None => Ok(()),
    };
    let _ = tokio::fs::remove_file(&chunk.path).await;
    stored.map_err(AppError::internal)?;
    if !state
        .store
        .media_jobs()
        .advance_upload(id, offset, to, part.as_deref())
        .await?
    {
        // Another chunk was acknowledged at this offset meanwhile: this one's part is not
        // the upload's (if it stays, the upload's folder still goes when it ends).
        if let Some(key) = &part {
            if let Err(e) = state.media.delete(key).await {
                tracing::warn!(upload = %id, error = %e, "refused chunk left in the media store");
            }
        }
        let now = state.store.media_jobs().upload(id).await?;
        return build(
            tus_headers(StatusCode::CONFLICT).header("Upload-Offset", now.received_bytes),
        );
    }
    let mut response = tus_headers(StatusCode::NO_CONTENT).header("Upload-Offset", to);
    if to == upload.total_bytes {
        let received = join_parts(&state, &upload).await?;
        ingest(&state, upload.capsule_id, session.user.id, received).await?;
        state.store.media_jobs().delete_upload(id).await?;
        if let Err(e) = state.media.delete_prefix(&parts_prefix(id)).await {
            tracing::warn!(upload = %id, error = %e, "upload parts left in the media store");
        }
        if let Ok(value) = HeaderValue::from_str(&format!("/studio/capsules/{}", upload.capsule_id))
        {
            response = response.header("Lawha-Capsule-Page", value);
        }
    }
    build(response)
}

/// The whole file of a finished upload, joined from the parts the database recorded into a
/// node-local file (hashed on the way) for [`ingest`].
async fn join_parts(state: &AppState, upload: &Upload) -> AppResult<Received> {
    let internal = |e: lawha_media::MediaError| AppError::internal(e);
    let parts = state.store.media_jobs().upload_parts(upload.id).await?;
    if !whole(&parts, upload.total_bytes) {
        return Err(AppError::internal(format!(
            "upload {} is missing parts",
            upload.id
        )));
    }
    let mut receiver =
        Receiver::create(&state.config.uploads_dir, upload.total_bytes as u64).await?;
    for part in &parts {
        let mut bytes = state
            .media
            .get_stream(&part.part_key, None)
            .await
            .map_err(internal)?;
        while let Some(chunk) = bytes.next().await {
            let written = match chunk {
                Ok(chunk) => receiver.write(&chunk).await?,
                Err(e) => {
                    receiver.abandon().await;
                    return Err(internal(e));
                }
            };
            if written.is_err() {
                receiver.abandon().await;
                return Err(AppError::internal(format!(
                    "upload {} parts exceed its length",
                    upload.id
                )));
            }
        }
    }
    let received = receiver.finish(&upload.file_name).await?;
    if received.bytes != upload.total_bytes as u64 {
        let _ = tokio::fs::remove_file(&received.path).await;
        return Err(AppError::internal(format!(
            "upload {} parts are shorter than recorded",
            upload.id
        )));
    }
    Ok(received)
}

/// Removes uploads nobody touched for a day with their parts, and files a node left in its
/// uploads directory that long (a request cut off by a restart).
pub async fn clean_stale(state: &AppState) -> AppResult<usize> {
    let day = std::time::Duration::from_secs(24 * 3600);
    remove_files_older_than(&state.config.uploads_dir, day).await;
    let stale = state
        .store
        .media_jobs()
        .stale_uploads(state.now() - chrono::Duration::hours(24))
        .await?;
    for upload in &stale {
        if let Err(e) = state.media.delete_prefix(&parts_prefix(upload.id)).await {
            tracing::warn!(upload = %upload.id, error = %e, "stale upload parts not deleted");
            continue;
        }
        state.store.media_jobs().delete_upload(upload.id).await?;
    }
    Ok(stale.len())
}

/// Best effort: a file that cannot be removed now is tried again at the next clean-up.
async fn remove_files_older_than(dir: &std::path::Path, age: std::time::Duration) {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let old = entry
            .metadata()
            .await
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|elapsed| elapsed > age);
        if old {
            let _ = tokio::fs::remove_file(entry.path()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{metadata, part_key, whole};
    use lawha_store::media_jobs::uploads::UploadPart;
    use uuid::Uuid;

    #[tokio::test]
    async fn only_old_files_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.part"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let hour = std::time::Duration::from_secs(3600);
        super::remove_files_older_than(dir.path(), hour).await;
        assert!(dir.path().join("a.part").exists(), "younger than an hour");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        super::remove_files_older_than(dir.path(), std::time::Duration::from_millis(10)).await;
        assert!(!dir.path().join("a.part").exists());
        assert!(
            dir.path().join("sub").is_dir(),
            "directories are left alone"
        );
    }

    #[test]
    fn parts_must_hold_every_byte_once() {
        let parts = |ranges: &[(i64, i64)]| -> Vec<UploadPart> {
            ranges
                .iter()
                .map(|(from, to)| UploadPart {
                    from_byte: *from,
                    to_byte: *to,
                    part_key: part_key(Uuid::nil(), *from, *to),
                })
                .collect()
        };
        assert!(whole(&parts(&[(0, 10), (10, 25), (25, 30)]), 30));
        assert!(!whole(&parts(&[(0, 10), (12, 30)]), 30), "a gap");
        assert!(!whole(&parts(&[(0, 10), (5, 30)]), 30), "an overlap");
        assert!(!whole(&parts(&[(0, 10)]), 30), "missing the end");
        assert!(!whole(&parts(&[(0, 10), (10, 40)]), 30), "past the end");
        assert!(!whole(&[], 30));
    }

    #[test]
    fn each_part_gets_a_key_of_its_own() {
        let id = Uuid::nil();
        assert_ne!(part_key(id, 0, 10), part_key(id, 0, 10));
        assert!(part_key(id, 0, 10)
            .starts_with(&format!("uploads/{id}/000000000000000-000000000000010-")));
    }

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
