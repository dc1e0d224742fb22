//! Writing help articles: `/help/articles/new` and `/help/articles/{id}/edit`, for the
//! writers ([`super::Writer`]). The search index follows at once on this node.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lawha_store::help::{ArticleFields, HelpTopic};
use uuid::Uuid;

use super::{topic_key, Writer};
use crate::error::AppResult;
use crate::extract::Path;
use crate::forms::{FieldErrors, FormFields};
use crate::page::{render, PageCtx};
use crate::AppState;

/// The text fields in form order, and whether each is several lines.
const FIELDS: [(&str, bool); 5] = [
    ("slug", false),
    ("title_ar", false),
    ("title_fr", false),
    ("body_ar", true),
    ("body_fr", true),
];

#[derive(Template)]
#[template(path = "help/form.html")]
struct FormPage {
    page: PageCtx,
    /// `None`: a new article.
    article_id: Option<Uuid>,
    draft: ArticleFields,
    errors: FieldErrors,
}

impl FormPage {
    fn fields(&self) -> &'static [(&'static str, bool)] {
        &FIELDS
    }

    fn value(&self, name: &str) -> &str {
        let d = &self.draft;
        match name {
            "slug" => &d.slug,
            "title_ar" => &d.title_ar,
            "title_fr" => &d.title_fr,
            "body_ar" => &d.body_ar,
            "body_fr" => &d.body_fr,
            _ => "",
        }
    }

    /// Each topic: its code, its message key, and whether it is chosen.
    fn topics(&self) -> Vec<(&'static str, String, bool)> {
        HelpTopic::ALL
            .into_iter()
            .map(|t| (t.as_str(), topic_key(t), self.draft.topic == t.as_str()))
            .collect()
    }
}

fn from_form(form: &FormFields) -> ArticleFields {
    ArticleFields {
        slug: form.get("slug").into(),
        topic: form.get("topic").into(),
        title_ar: form.get("title_ar").into(),
        title_fr: form.get("title_fr").into(),
        // Bodies keep their line breaks and inner spacing: they carry the marks.
        body_ar: form.raw("body_ar").into(),
        body_fr: form.raw("body_fr").into(),
        published: form.get("published") == "on",
    }
}

fn redraw(
    page: PageCtx,
    article_id: Option<Uuid>,
    draft: ArticleFields,
    errors: FieldErrors,
) -> AppResult<Response> {
    let view = FormPage {
        page,
        article_id,
        draft,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

/// `GET /help/articles/new`.
pub async fn new_form(_writer: Writer, page: PageCtx) -> AppResult<Response> {
    render(&FormPage {
        page,
        article_id: None,
        draft: ArticleFields::default(),
        errors: FieldErrors::default(),
    })
}

/// `POST /help/articles/new`: stores the article and opens it.
pub async fn create(
    State(state): State<AppState>,
    Writer(session): Writer,
    page: PageCtx,
    form: FormFields,
) -> AppResult<Response> {
    let draft = from_form(&form);
    let mut errors = FieldErrors::default();
    let valid = match draft.validate() {
        Ok(valid) => valid,
        Err((field, e)) => {
            errors.add(field, e.code);
            return redraw(page, None, draft, errors);
        }
    };
    let created = state
        .store
        .help()
        .create_article(Some(session.user.id), &valid)
        .await;
    let Some(article) = errors.saved(created, "slug")? else {
        return redraw(page, None, draft, errors);
    };
    tracing::info!(author = %session.user.id, article = %article.id, "help article created");
    state.sync_search().await;
    Ok(Redirect::to(&format!("/help/{}", article.slug)).into_response())
}

/// `GET /help/articles/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    _writer: Writer,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let a = state.store.help().article(id).await?;
    let draft = ArticleFields {
        slug: a.slug,
        topic: a.topic.as_str().into(),
        title_ar: a.title_ar,
        title_fr: a.title_fr,
        body_ar: a.body_ar,
        body_fr: a.body_fr,
        published: a.published,
    };
    render(&FormPage {
        page,
        article_id: Some(id),
        draft,
        errors: FieldErrors::default(),
    })
}

/// `POST /help/articles/{id}/edit`: saves the article and opens it.
pub async fn update(
    State(state): State<AppState>,
    Writer(session): Writer,
    page: PageCtx,
    Path(id): Path<Uuid>,
    form: FormFields,
) -> AppResult<Response> {
    // An unknown article is 404 before the form is read.
    state.store.help().article(id).await?;
    let draft = from_form(&form);
    let mut errors = FieldErrors::default();
    let valid = match draft.validate() {
        Ok(valid) => valid,
        Err((field, e)) => {
            errors.add(field, e.code);
            return redraw(page, Some(id), draft, errors);
        }
    };
    let updated = state.store.help().update_article(id, &valid).await;
    let Some(article) = errors.saved(updated, "slug")? else {
        return redraw(page, Some(id), draft, errors);
    };
    tracing::info!(author = %session.user.id, article = %article.id, "help article edited");
    state.sync_search().await;
    Ok(Redirect::to(&format!("/help/{}", article.slug)).into_response())
}
