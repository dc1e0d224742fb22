//! `GET /studio/new` without a lesson: the new capsule's lesson, chosen in steps that work
//! without JavaScript — a level (or programme), then one of its subjects, then a lesson
//! among that subject's units (one list, grouped by unit). Each step is a GET form that
//! comes back here with one more choice; the last one opens the capsule form.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use lawha_store::catalog::curriculum::UnitWithLessons;

use super::curriculum_names::{self, Choice};
use crate::error::AppResult;
use crate::page::PageCtx;
use crate::AppState;

/// What the steps sent so far (codes as typed; checked here).
#[derive(Debug, Default)]
pub struct Steps {
    pub level: String,
    pub subject: String,
    /// A lesson that was asked for and not found (`lesson` present but unknown).
    pub unknown_lesson: bool,
}

#[derive(Template)]
#[template(path = "studio/choose.html")]
struct ChoosePage {
    page: PageCtx,
    levels: Vec<Choice>,
    level: Option<Choice>,
    /// The chosen level's subjects that have units.
    subjects: Vec<Choice>,
    subject: Option<Choice>,
    units: Vec<UnitWithLessons>,
    /// `(field, error code)`: the step's choice that was refused.
    error: Option<(&'static str, &'static str)>,
}

impl ChoosePage {
    fn has_error(&self, field: &str) -> bool {
        self.error.is_some_and(|(f, _)| f == field)
    }

    fn error_code(&self) -> &'static str {
        self.error.map_or("", |(_, code)| code)
    }
}

/// Renders the step the choices sent reach; a refused choice is shown at its field
/// (422), the steps before it kept.
pub async fn page(state: &AppState, page: PageCtx, steps: Steps) -> AppResult<Response> {
    let levels = curriculum_names::levels();
    let mut error = steps
        .unknown_lesson
        .then_some(("lesson", "studio-unknown-lesson"));
    let level = match steps.level.trim() {
        "" => None,
        code => {
            let found = curriculum_names::find(&levels, code);
            if found.is_none() {
                error = Some(("level", "studio-unknown-level"));
            }
            found
        }
    };
    let catalog = state.catalog().await?;
    let all_subjects = curriculum_names::subjects();
    let subjects: Vec<Choice> = match &level {
        Some(l) => catalog
            .subjects_with_units(&l.code)
            .iter()
            .filter_map(|(code, _)| curriculum_names::find(&all_subjects, code))
            .collect(),
        None => Vec::new(),
    };
    let subject = match (&level, steps.subject.trim()) {
        (None, _) | (_, "") => None,
        (Some(_), code) => {
            let found = curriculum_names::find(&subjects, code);
            if found.is_none() {
                error = Some(("subject", "studio-unknown-subject"));
            }
            found
        }
    };
    let units = match (&level, &subject) {
        (Some(l), Some(s)) => catalog.units_with_lessons(&l.code, &s.code),
        _ => Vec::new(),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ChoosePage {
        page,
        levels,
        level,
        subjects,
        subject,
        units,
        error,
    };
    Ok((status, Html(view.render()?)).into_response())
}
