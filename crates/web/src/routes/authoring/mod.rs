//! Writing an exercise set in the browser: an author (teacher, vocational trainer,
//! producer) types or uploads questions in Moodle's GIFT format, previews them as read,
//! with their answer keys, and saves the set to a lesson.
//!
//! One multipart form does all of it (the file input needs multipart; the CSRF token is in
//! the query, as for every upload): `action=preview` reads the questions and draws them,
//! `action=save` reads them again and creates the set with all its items in one
//! transaction. Nothing is kept on the server between the two: the text travels back in
//! the form, so any node can save it and an abandoned preview leaves nothing behind.

mod preview;
mod source;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{NewExerciseSet, SetMode};
use lawha_store::StoreError;
use uuid::Uuid;

use self::preview::PreviewItem;
use self::source::SourceError;
use crate::error::AppResult;
use crate::extract::Path;
use crate::forms::FieldErrors;
use crate::page::{render, render_blocking, PageCtx};
use crate::rich_text::filters;
use crate::session::Author;
use crate::upload::{read_limited, read_text, UploadError};
use crate::AppState;
use lawha_core::exercise::xml::Skipped;
use lawha_core::Locale;

/// Most answers a quiz may allow per question.
const MAX_ATTEMPTS_LIMIT: i32 = 20;

/// What the author filled in, as typed (drawn back into the form).
#[derive(Debug, Default)]
struct Draft {
    title_ar: String,
    title_fr: String,
    mode: String,
    max_attempts: String,
    /// The questions' language (`ar`, `fr`), or empty: read from their text.
    language: String,
    source: String,
    action: String,
    /// Import the supported questions, leaving out those of types Lawha lacks (offered
    /// after such a refusal; all or nothing otherwise).
    skip_unsupported: bool,
    /// An uploaded file; when there is one, it replaces `source`.
    file: Vec<u8>,
}

#[derive(Template)]
#[template(path = "authoring/new_set.html")]
struct NewSetPage {
    page: PageCtx,
    lesson: Lesson,
    draft: Draft,
    errors: FieldErrors,
    /// A problem with the upload or the questions, shown above the form.
    problem: Option<Problem>,
    preview: Vec<PreviewItem>,
    /// Questions left out at the author's request, by line and type.
    skipped: Vec<Skipped>,
}

impl NewSetPage {
    /// Whether to offer leaving out unsupported questions: after such a refusal, and
    /// while the author keeps the choice.
    fn offer_skip(&self) -> bool {
        self.draft.skip_unsupported
            || self
                .problem
                .as_ref()
                .is_some_and(|p| p.message_key == "question-error-unsupported-type")
    }
}

/// A problem with the questions: where and what (a translation key and the values it
/// quotes, as written in the file).
struct Problem {
    line: Option<usize>,
    message_key: String,
    args: Vec<(&'static str, String)>,
}

impl From<SourceError> for Problem {
    fn from(e: SourceError) -> Self {
        Problem {
            line: Some(e.line),
            message_key: format!("question-error-{}", e.code),
            args: e.args,
        }
    }
}

impl Problem {
    fn plain(message_key: &str) -> Problem {
        Problem {
            line: None,
            message_key: message_key.to_string(),
            args: Vec::new(),
        }
    }
}

/// Draws the form with its preview (rendered maths: off the async workers).
async fn draw(status: StatusCode, view: NewSetPage) -> AppResult<Response> {
    let mut response = render_blocking(view).await?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /lessons/{id}/sets/new`: the empty form.
pub async fn form(
    State(state): State<AppState>,
    _author: Author,
    page: PageCtx,
    Path(lesson_id): Path<Uuid>,
) -> AppResult<Response> {
    let lesson = state.store.catalog().lesson(lesson_id).await?;
    render(&NewSetPage {
        page,
        lesson,
        draft: Draft::default(),
        errors: FieldErrors::default(),
        problem: None,
        preview: Vec::new(),
        skipped: Vec::new(),
    })
}

/// Reads the multipart form, each field within its limit.
async fn read_draft(mut multipart: Multipart) -> Result<Draft, UploadError> {
    let mut draft = Draft::default();
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "title_ar" => draft.title_ar = read_text(&mut field, 1024).await?,
            "title_fr" => draft.title_fr = read_text(&mut field, 1024).await?,
            "mode" => draft.mode = read_text(&mut field, 64).await?,
            "max_attempts" => draft.max_attempts = read_text(&mut field, 64).await?,
            "language" => draft.language = read_text(&mut field, 64).await?,
            "action" => draft.action = read_text(&mut field, 64).await?,
            "skip_unsupported" => {
                draft.skip_unsupported = read_text(&mut field, 64).await? == "1";
            }
            "source" => draft.source = read_text(&mut field, source::MAX_BYTES).await?,
            "file" => draft.file = read_limited(&mut field, source::MAX_BYTES).await?,
            // The CSRF token (checked already) and anything else.
            _ => {}
        }
    }
    Ok(draft)
}

/// The set's settings, or the errors per field.
fn settings(draft: &Draft, errors: &mut FieldErrors) -> (SetMode, Option<i32>) {
    let mode = SetMode::parse(draft.mode.trim()).unwrap_or_else(|| {
        errors.add("mode", "required");
        SetMode::Practice
    });
    let raw = draft.max_attempts.trim();
    let max_attempts = match (mode, raw) {
        (SetMode::Practice, _) | (SetMode::Quiz, "") => None,
        (SetMode::Quiz, raw) => match raw.parse::<i32>() {
            Ok(n) if (1..=MAX_ATTEMPTS_LIMIT).contains(&n) => Some(n),
            _ => {
                errors.add("max_attempts", "attempts-out-of-range");
                None
            }
        },
    };
    (mode, max_attempts)
}

/// `POST /lessons/{id}/sets/new?csrf=…` (multipart): previews or saves the set.
pub async fn submit(
    State(state): State<AppState>,
    Author(session): Author,
    page: PageCtx,
    Path(lesson_id): Path<Uuid>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let lesson = state.store.catalog().lesson(lesson_id).await?;
    let draft = match multipart {
        Ok(m) => read_draft(m).await,
        Err(_) => Err(UploadError::Broken),
    };
    let mut view = NewSetPage {
        page,
        lesson,
        draft: Draft::default(),
        errors: FieldErrors::default(),
        problem: None,
        preview: Vec::new(),
        skipped: Vec::new(),
    };
    view.draft = match draft {
        Ok(draft) => draft,
        Err(UploadError::TooLarge) => {
            view.problem = Some(Problem::plain("authoring-too-large"));
            return draw(StatusCode::PAYLOAD_TOO_LARGE, view).await;
        }
        Err(UploadError::Broken) => {
            view.problem = Some(Problem::plain("authoring-broken-upload"));
            return draw(StatusCode::BAD_REQUEST, view).await;
        }
    };
    let file = std::mem::take(&mut view.draft.file);
    if !file.is_empty() {
        match source::text_of(&file) {
            // Drawn back into the text area, to edit and preview again.
            Ok(text) => view.draft.source = text,
            Err(problem) => {
                view.problem = Some(problem.into());
                return draw(StatusCode::UNPROCESSABLE_ENTITY, view).await;
            }
        }
    }
    let (mode, max_attempts) = settings(&view.draft, &mut view.errors);
    let questions = match source::parse(&view.draft.source, view.draft.skip_unsupported) {
        Ok((questions, skipped)) => {
            view.skipped = skipped;
            questions
        }
        Err(problem) => {
            view.problem = Some(problem.into());
            return draw(StatusCode::UNPROCESSABLE_ENTITY, view).await;
        }
    };
    view.preview = questions
        .iter()
        .map(|q| PreviewItem::of(&view.page, q))
        .collect();
    if view.draft.action != "save" {
        let status = if view.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return draw(status, view).await;
    }
    if !view.errors.is_empty() {
        return draw(StatusCode::UNPROCESSABLE_ENTITY, view).await;
    }
    let new = NewExerciseSet {
        lesson_id,
        titles: Titles {
            ar: view.draft.title_ar.clone(),
            fr: view.draft.title_fr.clone(),
        },
        mode,
        max_attempts,
        created_by: Some(session.user.id),
    };
    let items: Vec<_> = questions.into_iter().map(|q| q.item).collect();
    match state
        .store
        .catalog()
        .create_exercise_set_in(&new, &items, Locale::parse(&view.draft.language))
        .await
    {
        Ok(set) => {
            tracing::info!(set = %set.id, lesson = %lesson_id, questions = items.len(), "exercise set created");
            Ok(Redirect::to(&format!("/exercises/{}", set.id)).into_response())
        }
        Err(StoreError::Invalid { field, error }) => {
            view.errors.add(field, error.code);
            draw(StatusCode::UNPROCESSABLE_ENTITY, view).await
        }
        Err(e) => Err(e.into()),
    }
}
