//! The web error type, mapped once to HTTP responses.
//!
//! Handlers return [`AppError`]; its response carries only a status and an [`ErrorPage`]
//! extension. The `render_errors` middleware (in [`crate::page`]) turns that into a
//! translated page for the visitor's language. Internal details go to the log with their
//! whole chain of causes, never to the client. Store errors map here, once: a conflict or
//! a taken value is 409, a refused value 422, unless the handler shows it on its form.

use std::error::Error;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lawha_store::StoreError;

/// What a busy answer asks the client to wait, in seconds: about what a full queue of
/// password hashes takes to drain.
pub const BUSY_RETRY_AFTER_SECS: u64 = 3;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in: send to the sign-in page, then back to `next`.
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The form's anti-forgery token was missing or wrong.
    #[error("invalid csrf token")]
    Csrf,
    #[error("too many attempts")]
    TooManyAttempts,
    /// Too much work of one kind at once (password hashing): try again in a moment.
    #[error("busy")]
    Busy,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The request body is larger than the route accepts.
    #[error("request body too large")]
    TooLarge,
    /// The request is sound but the state forbids it now; carries the message key shown.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A value sent was refused (by a rule no form of the handler shows beside a field).
    #[error("invalid {field}: {code}")]
    Invalid {
        field: &'static str,
        code: &'static str,
    },
    /// Our fault: the cause, with its own causes, goes to the log only.
    #[error("internal error")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl AppError {
    /// An internal error from its cause (an error, or a message saying what went wrong).
    pub fn internal(cause: impl Into<Box<dyn Error + Send + Sync>>) -> AppError {
        AppError::Internal(cause.into())
    }
}

/// An error and its causes, outermost first: `a: b: c`.
fn chain(err: &(dyn Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Which error page to render; read by the error-page middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorPage {
    /// Translation key of the message.
    pub message_key: &'static str,
}

impl ErrorPage {
    /// The page for a response an axum extractor made when it refused the request (a
    /// `Path` that is no UUID, a `Query` value of the wrong type, a body over the limit…):
    /// those are English plain text, recognised by their content type, as no handler of
    /// ours answers an error in plain text. `None` for any other response.
    pub fn for_rejection(response: &Response) -> Option<ErrorPage> {
        let status = response.status();
        let plain_text = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("text/plain"));
        if !plain_text || !(status.is_client_error() || status.is_server_error()) {
            return None;
        }
        let message_key = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
            s if s.is_server_error() => "error-internal",
            _ => "error-bad-request",
        };
        Some(ErrorPage { message_key })
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Busy => AppError::Busy,
            StoreError::Conflict(_) | StoreError::Taken(_) => AppError::Conflict("error-conflict"),
            StoreError::Invalid { field, error } => AppError::Invalid {
                field,
                code: error.code,
            },
            other => AppError::internal(other),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::internal(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, key) = match &self {
            AppError::SignInRequired { next } => {
                let target = if next == "/" || next.is_empty() {
                    "/login".to_string()
                } else {
                    format!("/login?next={}", crate::forms::url_encode(next))
                };
                return Redirect::to(&target).into_response();
            }
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            AppError::Csrf => (StatusCode::FORBIDDEN, "error-csrf"),
            AppError::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, "error-too-many"),
            AppError::Busy => {
                let mut response = (
                    [(header::RETRY_AFTER, BUSY_RETRY_AFTER_SECS)],
                    StatusCode::SERVICE_UNAVAILABLE,
                )
                    .into_response();
                response.extensions_mut().insert(ErrorPage {
                    message_key: "error-busy",
                });
                return response;
            }
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "error-bad-request"),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            AppError::Conflict(key) => (StatusCode::CONFLICT, *key),
            AppError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "error-invalid"),
            AppError::Internal(cause) => {
                tracing::error!(error = %chain(cause.as_ref()), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
        };
        let mut response = status.into_response();
        response
            .extensions_mut()
            .insert(ErrorPage { message_key: key });
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("reading the page")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn internal_errors_keep_their_causes() {
        let cause = Outer(std::io::Error::other("disk on fire"));
        let err = AppError::internal(cause);
        let source = err.source().map(chain);
        assert_eq!(source.as_deref(), Some("reading the page: disk on fire"));
        assert_eq!(err.to_string(), "internal error");
    }

    #[test]
    fn store_refusals_are_client_errors() {
        let status = |err: StoreError| AppError::from(err).into_response().status();
        assert_eq!(
            status(StoreError::Conflict(lawha_store::Refusal::NoPupils)),
            StatusCode::CONFLICT
        );
        assert_eq!(
            status(StoreError::Taken(lawha_store::Unique::Email)),
            StatusCode::CONFLICT
        );
        assert_eq!(
            status(StoreError::invalid(
                "name",
                lawha_core::validate::FieldError::new("required")
            )),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(status(StoreError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(
            status(StoreError::Corrupt("x".into())),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
