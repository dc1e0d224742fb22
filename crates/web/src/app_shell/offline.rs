//! `/offline/{lang}`: the page the service worker shows when a page cannot be reached.
//! It is rendered without any visitor (no name, no navigation, no form token), so the
//! copy a phone keeps holds nothing of whoever used it.

use std::sync::LazyLock;

use askama::Template;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use lawha_core::Locale;

use crate::error::AppError;
use crate::extract::Path;
use crate::page::PageCtx;

#[derive(Template)]
#[template(path = "offline.html")]
struct OfflineTemplate {
    page: PageCtx,
}

/// Where the offline page of `locale` is served (and kept by the worker).
pub fn href(locale: Locale) -> String {
    format!("/offline/{}", locale.code())
}

fn render(locale: Locale) -> String {
    let template = OfflineTemplate {
        page: PageCtx {
            locale,
            path: href(locale),
            viewer: None,
            csrf: String::new(),
            nav: Vec::new(),
            zone: chrono_tz::Tz::Africa__Casablanca,
            content_language: None,
        },
    };
    // The template has no input: if it renders once it always does (a test renders it).
    template.render().unwrap_or_default()
}

/// Both languages' pages, rendered once: they are the same for everyone until the next
/// release.
static PAGES: LazyLock<[(Locale, String); 2]> =
    LazyLock::new(|| Locale::ALL.map(|locale| (locale, render(locale))));

/// The offline page of `locale`.
pub fn html(locale: Locale) -> &'static str {
    PAGES
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, html)| html.as_str())
        .unwrap_or_default()
}

/// Serves `/offline/{lang}` (the worker fetches both when it installs).
pub async fn serve(Path(lang): Path<String>) -> Result<Response, AppError> {
    let locale = Locale::ALL
        .into_iter()
        .find(|l| l.code() == lang)
        .ok_or(AppError::NotFound)?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Html(html(locale))).into_response())
}
