//! Uploads from plain forms (no JavaScript needed): a video, or a capsule's subtitles or
//! worksheet. The form's CSRF token is in the query, as for every multipart form. Refusals
//! come back to the studio page with a code it explains.

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::capsule::vtt;
use lawha_core::Locale;
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use uuid::Uuid;

use super::ingest::{ingest, Receiver, Refusal};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::session::Editor;
use crate::upload::{read_limited, read_text, UploadError};
use crate::AppState;

/// Largest worksheet accepted.
const MAX_WORKSHEET_BYTES: usize = 20 * 1024 * 1024;

fn back(id: Uuid, refusal: Option<Refusal>) -> Response {
    let target = match refusal {
        Some(Refusal(code)) => format!("/studio/capsules/{id}?error={code}"),
        None => format!("/studio/capsules/{id}"),
    };
    Redirect::to(&target).into_response()
}

/// `POST /studio/capsules/{id}/video`: the `video` field, streamed to disk.
pub async fn upload_video(
    State(state): State<AppState>,
    Editor(session): Editor,
    Path(id): Path<Uuid>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    state.store.catalog().capsule(id).await?;
    let Ok(mut multipart) = multipart else {
        return Ok(back(id, Some(Refusal("broken-upload"))));
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(back(id, Some(Refusal("no-file")))),
            Err(e) => return Ok(back(id, Some(refusal_of(UploadError::from(e))))),
        };
        if field.name() != Some("video") {
            continue;
        }
        let name = field.file_name().unwrap_or("video").to_string();
        let mut receiver =
            Receiver::create(&state.config.uploads_dir, state.config.max_video_bytes).await?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Err(refusal) = receiver.write(&chunk).await? {
                        receiver.abandon().await;
                        return Ok(back(id, Some(refusal)));
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    receiver.abandon().await;
                    return Ok(back(id, Some(refusal_of(UploadError::from(e)))));
                }
            }
        }
        let received = receiver.finish(&name).await?;
        if received.bytes == 0 {
            let _ = tokio::fs::remove_file(&received.path).await;
            return Ok(back(id, Some(Refusal("empty-file"))));
        }
        ingest(&state, id, session.user.id, received).await?;
        return Ok(back(id, None));
    }
}

fn refusal_of(e: UploadError) -> Refusal {
    match e {
        UploadError::TooLarge => Refusal("too-large"),
        UploadError::Broken => Refusal("broken-upload"),
    }
}

/// `POST /studio/capsules/{id}/files`: `kind` (subtitles or worksheet), `language`, `file`.
pub async fn upload_file(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<Uuid>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    state.store.catalog().capsule(id).await?;
    let Ok(mut multipart) = multipart else {
        return Ok(back(id, Some(Refusal("broken-upload"))));
    };
    let (mut kind, mut language, mut file) = (String::new(), String::new(), None);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Ok(back(id, Some(refusal_of(UploadError::from(e))))),
        };
        let read = match field.name().unwrap_or_default() {
            "kind" => read_text(&mut field, 64).await.map(|t| kind = t),
            "language" => read_text(&mut field, 64).await.map(|t| language = t),
            "file" => {
                let name = field.file_name().unwrap_or("file").to_string();
                read_limited(&mut field, MAX_WORKSHEET_BYTES)
                    .await
                    .map(|b| file = Some((name, b)))
            }
            _ => Ok(()),
        };
        if let Err(e) = read {
            return Ok(back(id, Some(refusal_of(e))));
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok(back(id, Some(Refusal("no-file"))));
    };
    let Some(language) = Locale::parse(&language).filter(|_| !language.trim().is_empty()) else {
        return Ok(back(id, Some(Refusal("bad-language"))));
    };
    let file_id = Uuid::now_v7();
    let (kind, transcript, extension) = match FileKind::parse(kind.trim()) {
        Some(FileKind::Subtitles) => match vtt::parse(&bytes) {
            Ok(cues) => (FileKind::Subtitles, Some(vtt::transcript(&cues)), "vtt"),
            Err(_) => return Ok(back(id, Some(Refusal("not-webvtt")))),
        },
        Some(FileKind::Worksheet) if bytes.starts_with(b"%PDF-") => {
            (FileKind::Worksheet, None, "pdf")
        }
        Some(FileKind::Worksheet) => return Ok(back(id, Some(Refusal("not-pdf")))),
        None => return Err(AppError::BadRequest("kind")),
    };
    let key = format!("capsules/{id}/files/{file_id}.{extension}");
    let size = bytes.len() as i64;
    state
        .media
        .put_bytes(&key, bytes.into())
        .await
        .map_err(AppError::internal)?;
    let replaced = state
        .store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id: file_id,
            capsule_id: id,
            kind,
            language,
            name: super::ingest::clean_name(&name),
            object_key: key,
            bytes: size,
            transcript,
        })
        .await?;
    for old in replaced {
        if let Err(e) = state.media.delete(&old).await {
            tracing::warn!(error = %e, "could not delete replaced subtitles");
        }
    }
    state.sync_search().await;
    Ok(back(id, None))
}
