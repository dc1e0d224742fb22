//! `GET /help`: the articles by topic, or those a search finds; `GET /help/{slug}`: one
//! article in the page's language. Open to everyone; drafts only for the writers.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_search::{DocKind, SearchQuery};
use lawha_store::help::{Article, HelpTopic};
use lawha_store::StoreError;
use serde::Deserialize;

use super::text::{self, ArticleHtml};
use super::{is_writer, topic_key};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::page::{render, PageCtx};
use crate::session::MaybeSigned;
use crate::AppState;

/// Most articles a search lists.
const SEARCH_LIMIT: usize = 30;
/// Longest search text kept, in characters.
pub(super) const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IndexQuery {
    q: String,
}

/// An article in a list: its link, title and a short excerpt in the page's language.
pub struct Listed {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub published: bool,
}

/// The articles of one topic.
pub struct TopicGroup {
    pub key: String,
    pub articles: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "help/index.html")]
struct IndexPage {
    page: PageCtx,
    q: String,
    /// `Some`: what the search found (maybe nothing); `None`: no search, the topics.
    found: Option<Vec<Listed>>,
    topics: Vec<TopicGroup>,
    writer: bool,
}

fn listed(page: &PageCtx, article: &Article) -> Listed {
    Listed {
        slug: article.slug.clone(),
        title: page
            .pick_or(&article.title_ar, &article.title_fr)
            .to_string(),
        excerpt: text::excerpt(page.pick_or(&article.body_ar, &article.body_fr), 160),
        published: article.published,
    }
}

/// The articles (published, or all for writers) that `q` finds, best first.
pub(super) async fn found(
    state: &AppState,
    q: &str,
    include_unpublished: bool,
    limit: usize,
) -> AppResult<Vec<Article>> {
    let query = SearchQuery {
        kind: DocKind::Article,
        include_unpublished,
        limit,
        ..SearchQuery::text(q)
    };
    let hits = state
        .search
        .index
        .search(&query)
        .map_err(AppError::internal)?;
    let mut articles = Vec::with_capacity(hits.hits.len());
    for id in hits.ids() {
        match state.store.help().article(id).await {
            // The database is the truth: an article the index still shows as published is
            // checked again.
            Ok(a) if a.published || include_unpublished => articles.push(a),
            Ok(_) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(articles)
}

/// `GET /help?q=`.
pub async fn index(
    State(state): State<AppState>,
    page: PageCtx,
    MaybeSigned(viewer): MaybeSigned,
    Query(params): Query<IndexQuery>,
) -> AppResult<Response> {
    let writer = is_writer(viewer.as_ref());
    let q: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let found = if q.is_empty() {
        None
    } else {
        let articles = found(&state, &q, writer, SEARCH_LIMIT).await?;
        Some(articles.iter().map(|a| listed(&page, a)).collect())
    };
    let all = state.store.help().articles(writer).await?;
    let topics = HelpTopic::ALL
        .into_iter()
        .map(|topic| TopicGroup {
            key: topic_key(topic),
            articles: all
                .iter()
                .filter(|a| a.topic == topic)
                .map(|a| listed(&page, a))
                .collect(),
        })
        .filter(|group| !group.articles.is_empty())
        .collect();
    render(&IndexPage {
        page,
        q,
        found,
        topics,
        writer,
    })
}

#[derive(Template)]
#[template(path = "help/show.html")]
struct ShowPage {
    page: PageCtx,
    article: Article,
    title: String,
    body: ArticleHtml,
    topic_key: String,
    writer: bool,
}

/// `GET /help/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    MaybeSigned(viewer): MaybeSigned,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let writer = is_writer(viewer.as_ref());
    let article = state.store.help().article_by_slug(&slug).await?;
    if !article.published && !writer {
        return Err(AppError::NotFound);
    }
    let title = page
        .pick_or(&article.title_ar, &article.title_fr)
        .to_string();
    let body = text::render(page.pick_or(&article.body_ar, &article.body_fr));
    render(&ShowPage {
        topic_key: topic_key(article.topic),
        page,
        article,
        title,
        body,
        writer,
    })
}
