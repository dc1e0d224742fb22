//! The help centre (issue 18): articles in Arabic and French, by topic, found by the same
//! search index as capsules (`lawha_search::DocKind::Article`).
//!
//! - [`pages`]: `/help` (the index by topic, and search) and `/help/{slug}` — open to
//!   everyone, signed in or not: people who cannot sign in are the first readers;
//! - [`edit`]: `/help/articles/new` and `/help/articles/{id}/edit`, for the writers;
//! - [`suggest`]: `/help/suggest?q=`, the articles matching what someone is typing (JSON,
//!   throttled per client address), for `static/help_suggest.js`;
//! - [`text`]: an article's body as HTML (escaped, a few marks).
//!
//! Who writes: ministry and AREF (regional) administrators and support agents, whatever
//! their scope — the articles are national. School administrators and teachers read.
//! Drafts (unpublished) exist only for the writers.

pub mod edit;
pub mod pages;
pub mod suggest;
pub mod text;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use axum::Router;
use lawha_core::Role;
use lawha_store::help::HelpTopic;
use lawha_store::SessionInfo;

use crate::error::AppError;
use crate::session::Signed;
use crate::AppState;

/// The roles that write help articles.
pub const WRITER_ROLES: [Role; 3] = [Role::MinistryAdmin, Role::RegionalAdmin, Role::SupportAgent];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/help", get(pages::index))
        .route("/help/suggest", get(suggest::suggest))
        .route("/help/articles/new", get(edit::new_form).post(edit::create))
        .route(
            "/help/articles/{id}/edit",
            get(edit::edit_form).post(edit::update),
        )
        .route("/help/{slug}", get(pages::show))
}

/// Whether `viewer` writes help articles.
pub fn is_writer(viewer: Option<&SessionInfo>) -> bool {
    viewer.is_some_and(|s| s.grants.iter().any(|g| WRITER_ROLES.contains(&g.role)))
}

/// A signed-in writer of help articles; others get 403 (anonymous: sign in first).
#[derive(Debug, Clone)]
pub struct Writer(pub SessionInfo);

impl<S: Send + Sync> FromRequestParts<S> for Writer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Signed(session) = Signed::from_request_parts(parts, state).await?;
        if is_writer(Some(&session)) {
            Ok(Writer(session))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The message key naming a topic.
pub fn topic_key(topic: HelpTopic) -> String {
    format!("hc-topic-{}", topic.as_str().replace('_', "-"))
}
