//! The web error type, mapped once to HTTP responses.
//!
//! Handlers return [`AppError`]; its response carries only a status and an [`ErrorPage`]
//! extension. The `render_errors` middleware (in [`crate::page`]) turns that into a
//! translated page for the visitor's language. Internal details go to the log, never to
//! the client.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lawha_store::StoreError;

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
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The request body is larger than the route accepts.
    #[error("request body too large")]
    TooLarge,
    /// The request is sound but the state forbids it now; carries the message key shown.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("internal error: {0}")]
    Internal(String),
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
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        AppError::Internal(format!("template: {err}"))
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
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "error-bad-request"),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            AppError::Conflict(key) => (StatusCode::CONFLICT, *key),
            AppError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
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
