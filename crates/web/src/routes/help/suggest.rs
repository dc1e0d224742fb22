//! `GET /help/suggest?q=`: the published articles matching what someone is typing, as a
//! small JSON list, for `static/help_suggest.js` (the ticket form and any field marked
//! `data-help-suggest`). Open to everyone, as the help pages are.
//!
//! The script asks at most once per pause in typing, but anyone can call it in a loop:
//! each client address gets [`PER_MINUTE`] answers a minute on this node, then 429 until
//! the minute is over. The count is in memory (a bounded cache, `throttle::PerMinute`,
//! one per application state): it only needs to keep one address from taking the search
//! index's time from the others. Answers for the same
//! words come from the index's cache of recent searches.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::pages::{found, MAX_QUERY_CHARS};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::page::PageCtx;
use crate::routes::signin::ClientParts;
use crate::AppState;

/// Answers one client address gets per minute.
pub const PER_MINUTE: u32 = 60;
/// Most articles suggested at once.
const SUGGESTIONS: usize = 5;
/// Fewer characters than this suggest nothing (and cost no search).
const MIN_CHARS: usize = 3;

/// How many client addresses the count remembers at once.
pub const ADDRESSES: u64 = 100_000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuggestQuery {
    q: String,
}

#[derive(Serialize)]
struct Suggestion {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct Suggestions {
    articles: Vec<Suggestion>,
}

/// `GET /help/suggest?q=`.
pub async fn suggest(
    State(state): State<AppState>,
    page: PageCtx,
    client: ClientParts,
    Query(params): Query<SuggestQuery>,
) -> AppResult<Response> {
    if !state.suggestions.admit(client.address()) {
        return Err(AppError::TooManyAttempts);
    }
    let q: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let articles = if q.chars().count() < MIN_CHARS {
        Vec::new()
    } else {
        found(&state, &q, false, SUGGESTIONS)
            .await?
            .into_iter()
            .map(|a| Suggestion {
                title: page.pick_or(&a.title_ar, &a.title_fr).to_string(),
                href: format!("/help/{}", a.slug),
            })
            .collect()
    };
    let body = serde_json::to_string(&Suggestions { articles }).map_err(AppError::internal)?;
    Ok((
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response())
}
