//! Reading submitted forms leniently: fields arrive as text and are validated by the
//! handler *after* authorisation, so that a person without access learns nothing from
//! validation errors, and a person with access gets errors per field, in their language.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

use crate::error::AppError;

/// The fields of an urlencoded form. Malformed bodies read as empty.
#[derive(Debug, Clone, Default)]
pub struct FormFields(pub HashMap<String, String>);

impl FormFields {
    /// A field's value, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(|v| v.trim()).unwrap_or_default()
    }

    /// A field's value exactly as typed (passwords).
    pub fn raw(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or_default()
    }

    /// `Some(value)` when the field is present and not blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
                _ => AppError::BadRequest("body"),
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        Ok(FormFields(pairs.into_iter().collect()))
    }
}

/// Per-field error codes of a form, shown next to each field and in a summary.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, code: &'static str) {
        self.0.push((field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error code for a field, if any.
    pub fn code(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    /// The error code for a field, "" when none (for templates).
    pub fn code_or_empty(&self, field: &str) -> &'static str {
        self.code(field).unwrap_or_default()
    }

    pub fn has(&self, field: &str) -> bool {
        self.code(field).is_some()
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("/a b?c=d&e"), "%2Fa+b%3Fc%3Dd%26e");
    }
}
