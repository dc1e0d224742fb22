//! `GET /sync/packs` and `GET /sync/packs/{pack_id}/{file}`: school nodes list and download
//! the packs published for them (see `lawha_store::sync::packs`).
//!
//! No session: the node signs the line `GET <path> <unix time>` with its own key and sends
//! it in `x-lawha-node`, `x-lawha-signature` (hex) and `x-lawha-time`. An unknown node, a
//! bad signature, a missing header or a time more than five minutes off is 401; a revoked
//! node 403. A node sees only the packs of its school and those built for no school; any
//! other pack is 404, as is any file but `manifest.json`, `manifest.sig` and
//! `volume-NNNN.bin` of the pack's own folder. Files are served by tower-http's `ServeFile`
//! (byte ranges, 206, 416, `Accept-Ranges`), so a cut download resumes where it stopped.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use lawha_pack::is_pack_file;
use lawha_store::sync::packs::{PublishedPack, RequestingNode};
use lawha_store::{StoreError, SyncRefusal};
use serde::Serialize;
use serde_json::json;
use tower::ServiceExt;
use tower_http::services::ServeFile;
use uuid::Uuid;

use super::sync::{NODE_HEADER, SIGNATURE_HEADER};
use crate::{AppError, AppState};

/// The header carrying the Unix time the node signed with its request line.
pub const TIME_HEADER: &str = "x-lawha-time";

/// A pack as a node sees it: its row and its files, in the order to fetch them.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    pack: PublishedPack,
    files: Vec<PackFile>,
}

#[derive(Serialize)]
struct PackFile {
    name: String,
    size: u64,
}

/// The packs this node may download, the newest first: `{"packs": [...]}`.
pub async fn list(State(state): State<AppState>, request: Request) -> Response {
    let node = match authenticate(&state, signed_line(&request)).await {
        Ok(node) => node,
        Err(refusal) => return refusal,
    };
    let packs = match state.store.sync().packs_for(&node).await {
        Ok(packs) => packs,
        Err(e) => return AppError::from(e).into_response(),
    };
    let mut listed = Vec::with_capacity(packs.len());
    for pack in packs {
        let dir = state.config.packs_dir.join(pack.pack_id.to_string());
        match pack_files(&dir).await {
            Ok(files) => listed.push(Listed { pack, files }),
            Err(e) => {
                // Recorded but not on this platform's disk: not offered.
                tracing::warn!(pack = %pack.pack_id, error = %e, "a published pack's folder is unreadable");
            }
        }
    }
    Json(json!({ "packs": listed })).into_response()
}

/// One file of a pack this node may download, with byte ranges.
pub async fn file(
    State(state): State<AppState>,
    UrlPath((pack_id, name)): UrlPath<(String, String)>,
    request: Request,
) -> Response {
    let node = match authenticate(&state, signed_line(&request)).await {
        Ok(node) => node,
        Err(refusal) => return refusal,
    };
    let Ok(pack_id) = pack_id.parse::<Uuid>() else {
        return refused(StatusCode::NOT_FOUND, "no-such-pack");
    };
    if !is_pack_file(&name) {
        return refused(StatusCode::NOT_FOUND, "no-such-file");
    }
    match state.store.sync().pack_for(&node, pack_id).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => return refused(StatusCode::NOT_FOUND, "no-such-pack"),
        Err(e) => return AppError::from(e).into_response(),
    }
    let path = state.config.packs_dir.join(pack_id.to_string()).join(&name);
    // Octets whatever the name: never compressed (a compressed range would be wrong).
    let serve = ServeFile::new_with_mime(path, &mime::APPLICATION_OCTET_STREAM);
    match serve.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(e) => match e {},
    }
}

/// What a node's request says it signed: the node, its request line and the signature.
struct SignedLine {
    node_id: Uuid,
    method: String,
    path: String,
    time: i64,
    signature: [u8; 64],
}

/// The request's signed line; `None` when a header is missing or unreadable.
fn signed_line(request: &Request) -> Option<SignedLine> {
    let headers = request.headers();
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    Some(SignedLine {
        node_id: Uuid::parse_str(header(NODE_HEADER)?).ok()?,
        method: request.method().as_str().to_owned(),
        path: request.uri().path().to_owned(),
        time: header(TIME_HEADER)?.parse().ok()?,
        signature: hex::decode(header(SIGNATURE_HEADER)?)
            .ok()?
            .try_into()
            .ok()?,
    })
}

/// The node whose signature over its request line checks out, or the refusal to send.
async fn authenticate(
    state: &AppState,
    signed: Option<SignedLine>,
) -> Result<RequestingNode, Response> {
    let Some(s) = signed else {
        return Err(refused(StatusCode::UNAUTHORIZED, "missing-signature"));
    };
    let line = (s.method.as_str(), s.path.as_str(), s.time);
    match state
        .store
        .sync()
        .check_request(s.node_id, line, &s.signature)
        .await
    {
        Ok(node) => Ok(node),
        Err(StoreError::SyncRefused(refusal)) => {
            tracing::warn!(node = %s.node_id, %refusal, "pack request refused");
            let status = match refusal {
                SyncRefusal::RevokedNode => StatusCode::FORBIDDEN,
                _ => StatusCode::UNAUTHORIZED,
            };
            Err(refused(status, refusal.code()))
        }
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

/// A pack folder's files (only those [`is_pack_file`] admits, plain files, not links),
/// manifest and signature last: a node that has them has every volume.
async fn pack_files(dir: &Path) -> std::io::Result<Vec<PackFile>> {
    let mut files = Vec::new();
    let mut listing = tokio::fs::read_dir(dir).await?;
    while let Some(entry) = listing.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta = tokio::fs::symlink_metadata(entry.path()).await?;
        if is_pack_file(&name) && meta.is_file() {
            files.push(PackFile {
                name,
                size: meta.len(),
            });
        }
    }
    files.sort_by(|a, b| {
        (!a.name.starts_with("volume-"), &a.name).cmp(&(!b.name.starts_with("volume-"), &b.name))
    });
    Ok(files)
}

fn refused(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({ "error": code }))).into_response()
}
