//! What both engines' clients share about HTTP: reading a bounded answer, and turning a
//! transport failure into "engine down" without the request URL (which carries room ids,
//! checksums or session ids).

use crate::{DownReason, LiveError};

/// Reads a successful answer's body, at most `limit` bytes; a non-2xx status, a longer body or
/// a broken transfer is the engine being down.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, LiveError> {
    let status = response.status();
    if !status.is_success() {
        return Err(LiveError::EngineDown(DownReason::Status(status.as_u16())));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(LiveError::EngineDown(DownReason::TooLarge));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A transport error, without the request URL.
pub(crate) fn transport(error: reqwest::Error) -> LiveError {
    if error.is_timeout() {
        LiveError::EngineDown(DownReason::Timeout)
    } else {
        LiveError::EngineDown(DownReason::Unreachable)
    }
}
