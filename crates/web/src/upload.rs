//! Reading multipart uploads with a size limit per field: a field past its limit stops
//! the read at once instead of being buffered whole.

use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;

/// What went wrong reading an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    TooLarge,
    Broken,
}

impl From<MultipartError> for UploadError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadError::TooLarge
        } else {
            UploadError::Broken
        }
    }
}

/// Reads a field, stopping as soon as it passes `limit` bytes.
pub async fn read_limited(field: &mut Field<'_>, limit: usize) -> Result<Vec<u8>, UploadError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if bytes.len() + chunk.len() > limit {
            return Err(UploadError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A short text field (a title, a choice), read leniently as UTF-8.
pub async fn read_text(field: &mut Field<'_>, limit: usize) -> Result<String, UploadError> {
    let bytes = read_limited(field, limit).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
