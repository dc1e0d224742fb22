//! `Path` and `Query` extractors whose refusals are ours: an id that is no UUID or a query
//! value of the wrong type becomes [`AppError::BadRequest`], so the visitor gets the
//! translated error page rather than axum's English plain text (and nothing of serde's
//! message, which may quote the input). Handlers import these instead of axum's.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::FromRequestParts;

use crate::error::AppError;

/// Path parameters, as `axum::extract::Path`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

/// The query string, as `axum::extract::Query`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        // A route whose pattern lacks the parameters is our bug, not the visitor's.
        if rejection.status().is_server_error() {
            AppError::internal(rejection)
        } else {
            AppError::BadRequest("path")
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        AppError::BadRequest("query")
    }
}
