//! `POST /sync/up`: a school node sends a signed batch of its learner events, account edits
//! and health; the answer is the acknowledgement, sent only once the batch is committed.
//! `POST /sync/down`: a node sends a signed request naming its down cursor; the answer is
//! the next page of its school's people and assignments (`application/gzip`, a
//! `DownBatch`), and nothing is written but the node's last contact.
//!
//! No session and no CSRF token: nodes are machines, authenticated by the Ed25519 signature
//! over the body, checked against the key registered for the node named in the headers
//! (`x-lawha-node`, `x-lawha-signature` in hex). The body is the batch exactly as signed
//! (gzip of its JSON; a down request's JSON). Refusals are JSON for the node's code, not
//! pages: `{"error": code}` with 400 (unreadable), 401 (unknown node, bad signature, a
//! request dated too far from now), 403 (revoked node), 409/422 (an answer the answer path
//! refuses); internal errors go through [`AppError`] (logged, "internal error" only).
//! Events about people outside the node's school are set aside, not refused: the
//! acknowledgement counts them (`set_aside`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use lawha_store::sync::batch::SignedBatch;
use lawha_store::{StoreError, SyncRefusal};
use serde_json::json;
use uuid::Uuid;

use crate::{AppError, AppState};

/// Largest batch body: a full batch of 2,000 events compresses to well under 1 MB. The
/// store's bound, which a return file's lines follow too.
pub(crate) const MAX_BATCH_BYTES: usize = lawha_store::sync::batch::MAX_SEALED_BYTES;

/// Largest down request: a few hundred bytes of JSON.
pub(crate) const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// The header naming the sending node.
pub const NODE_HEADER: &str = "x-lawha-node";
/// The header carrying the signature of the body, in hex.
pub const SIGNATURE_HEADER: &str = "x-lawha-signature";

/// Applies a node's batch and answers with the acknowledgement (see the module doc).
pub async fn up(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(signed) = signed_batch(&headers, body) else {
        return refused(StatusCode::BAD_REQUEST, "missing-signature", None);
    };
    match state.store.sync().receive(&signed).await {
        Ok(ack) => Json(ack).into_response(),
        Err(e) => refusal(signed.node_id, e),
    }
}

/// Answers a node's down request with the next page of its school's changes (see the
/// module doc).
pub async fn down(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(signed) = signed_batch(&headers, body) else {
        return refused(StatusCode::BAD_REQUEST, "missing-signature", None);
    };
    let gzip = match state.store.sync().answer_down(&signed).await {
        Ok(batch) => batch.to_gzip(),
        Err(e) => return refusal(signed.node_id, e),
    };
    match gzip {
        Ok(body) => ([(header::CONTENT_TYPE, "application/gzip")], body).into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The answer to a refused batch or request.
fn refusal(node: Uuid, error: StoreError) -> Response {
    match error {
        StoreError::SyncRefused(refusal) => {
            tracing::warn!(%node, %refusal, "sync refused");
            let status = match refusal {
                SyncRefusal::UnknownNode
                | SyncRefusal::BadSignature
                | SyncRefusal::StaleRequest => StatusCode::UNAUTHORIZED,
                SyncRefusal::RevokedNode => StatusCode::FORBIDDEN,
                SyncRefusal::Malformed(_)
                | SyncRefusal::LineTooLong(_)
                | SyncRefusal::UnsupportedVersion(_) => StatusCode::BAD_REQUEST,
            };
            refused(status, refusal.code(), Some(refusal.to_string()))
        }
        StoreError::Conflict(refusal) => refused(StatusCode::CONFLICT, refusal.code(), None),
        StoreError::Invalid { field, error } => refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            error.code,
            Some(format!("invalid {field}")),
        ),
        other => AppError::from(other).into_response(),
    }
}

/// The batch as the headers and body carry it; `None` when a header is missing or unreadable.
fn signed_batch(headers: &HeaderMap, body: Bytes) -> Option<SignedBatch> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let node_id = Uuid::parse_str(header(NODE_HEADER)?).ok()?;
    let signature: [u8; 64] = hex::decode(header(SIGNATURE_HEADER)?)
        .ok()?
        .try_into()
        .ok()?;
    Some(SignedBatch {
        node_id,
        signature,
        body: body.to_vec(),
    })
}

fn refused(status: StatusCode, code: &str, detail: Option<String>) -> Response {
    (status, Json(json!({ "error": code, "detail": detail }))).into_response()
}
