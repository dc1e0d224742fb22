//! `GET /search`: capsules found by words in Arabic or French (with or without diacritics,
//! with a typo), filtered by level, subject and language, a page at a time.
//!
//! As on the curriculum lists, capsules in the interface language come first, each group
//! in relevance order; the ranking does it over all results (`SearchQuery::prefer`), so
//! the pages follow one another. A language chosen (`?lang=`, from the form or carried
//! from a list by the header's link) keeps that language only, and the results offer the
//! lists' plain links to change or drop it, the other criteria kept. A language alone is
//! not a search: it preselects the form's language and lists nothing.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::{reference, Locale};
use lawha_search::{Language, SearchQuery};
use lawha_store::catalog::capsules::Capsule;
use serde::Deserialize;

use super::capsules::access;
use super::content_language::{LangParam, LanguageFilter};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::page::{render, PageCtx};
use crate::session::MaybeSigned;
use crate::AppState;

const PER_PAGE: usize = 20;

#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    page: Option<usize>,
}

/// A filter choice for the form.
pub struct Choice {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: PageCtx,
    q: String,
    levels: Vec<Choice>,
    subjects: Vec<Choice>,
    lang: String,
    searched: bool,
    results: Vec<Capsule>,
    total: usize,
    number: usize,
    pages: usize,
    /// The query without the page, for the pager links.
    base_query: String,
    /// The content-language links over the results.
    filter: LanguageFilter,
}

fn choices(items: impl Iterator<Item = (String, String)>, chosen: &str) -> Vec<Choice> {
    items
        .map(|(code, name)| Choice {
            selected: code.eq_ignore_ascii_case(chosen),
            code,
            name,
        })
        .collect()
}

/// The search crate's name for a language of instruction.
fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::Ar => Language::Ar,
        Locale::Fr => Language::Fr,
    }
}

pub async fn search(
    State(state): State<AppState>,
    mut page: PageCtx,
    MaybeSigned(viewer): MaybeSigned,
    Query(params): Query<SearchParams>,
) -> AppResult<Response> {
    let q: String = params.q.trim().chars().take(200).collect();
    let level = reference::level(&params.level)
        .map(|l| l.code.clone())
        .or_else(|| reference::programme(&params.level).map(|p| p.code.clone()));
    let subject = reference::subjects()
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(params.subject.trim()))
        .map(|s| s.code.clone());
    let language = Language::parse(&params.lang);
    // A language alone is no search: the header's link from a French list
    // (`/search?lang=fr`) opens the form with French chosen, not every French capsule.
    // So the filter's links, shown only over results, always keep words, level or subject.
    let searched = !q.is_empty() || level.is_some() || subject.is_some();
    let number = params.page.unwrap_or(1).clamp(1, 50);
    let (results, total) = if searched {
        let query = SearchQuery {
            text: q.clone(),
            level: level.clone(),
            subject: subject.clone(),
            language,
            prefer: Some(language_of(page.locale)),
            kind: lawha_search::DocKind::Capsule,
            include_unpublished: access::is_reviewer(viewer.as_ref()),
            limit: PER_PAGE,
            offset: (number - 1) * PER_PAGE,
        };
        let found = state
            .search
            .index
            .search(&query)
            .map_err(AppError::internal)?;
        let catalog = state.catalog().await?;
        let visible = catalog
            .capsules_by_ids(&found.ids())
            .into_iter()
            .filter(|c| access::can_watch(c, viewer.as_ref()))
            .collect();
        (visible, found.total)
    } else {
        (Vec::new(), 0)
    };
    let levels = choices(
        reference::levels()
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    page.pick(&l.name_ar, &l.name_fr).to_string(),
                )
            })
            .chain(reference::programmes().iter().map(|p| {
                (
                    p.code.clone(),
                    page.pick(&p.name_ar, &p.name_fr).to_string(),
                )
            })),
        level.as_deref().unwrap_or_default(),
    );
    let subjects = choices(
        reference::subjects().iter().map(|s| {
            (
                s.code.clone(),
                page.pick(&s.name_ar, &s.name_fr).to_string(),
            )
        }),
        subject.as_deref().unwrap_or_default(),
    );
    let criteria = format!(
        "q={}&level={}&subject={}",
        crate::forms::url_encode(&q),
        level.as_deref().unwrap_or_default(),
        subject.as_deref().unwrap_or_default(),
    );
    let base_query = format!("{criteria}&lang={}", language.map_or("", Language::code));
    let filter = LanguageFilter::new(
        &LangParam {
            lang: language.map_or("", Language::code).to_owned(),
        },
        page.locale,
        format!("/search?{criteria}"),
    );
    page.content_language = filter.chosen;
    render(&SearchPage {
        filter,
        lang: language.map_or(String::new(), |l| l.code().to_string()),
        pages: total.div_ceil(PER_PAGE).min(50),
        page,
        q,
        levels,
        subjects,
        searched,
        results,
        total,
        number,
        base_query,
    })
}
