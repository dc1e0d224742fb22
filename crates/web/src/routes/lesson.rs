//! A lesson's page: where it sits in the curriculum, its capsules and its exercise sets. Public like the
//! rest of the curriculum; working through a set needs an account.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::{Lesson, Unit};
use lawha_store::learning::exercises::{ExerciseSet, SetMode};
use uuid::Uuid;

use super::capsules::access;
use super::content_language::{LangParam, LanguageFilter};
use super::curriculum::{place_of, LevelLink};
use super::offline::SaveButton;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::page::{render, PageCtx};
use crate::session::Author;
use crate::AppState;

/// An exercise set as listed on its lesson's page.
pub struct SetLink {
    pub set: ExerciseSet,
    pub is_quiz: bool,
}

#[derive(Template)]
#[template(path = "curriculum/lesson.html")]
struct LessonPage {
    page: PageCtx,
    lesson: Lesson,
    unit: Unit,
    level: LevelLink,
    subject_code: String,
    subject_name: String,
    sets: Vec<SetLink>,
    /// Whether the viewer may add a set (see [`Author`]).
    can_author: bool,
    capsules: Vec<Capsule>,
    /// Whether the viewer may add a capsule (producers, ministry admins).
    can_edit_catalog: bool,
    /// "Save for offline", for signed-in viewers.
    save: Option<SaveButton>,
    /// The content-language choice; `sets` and `capsules` are arranged by it.
    filter: LanguageFilter,
}

impl LessonPage {
    fn duration(&self, capsule: &Capsule) -> String {
        crate::format::duration(capsule.duration_ms.unwrap_or(0))
    }
}

/// `GET /lessons/{id}`: the lesson with its exercise sets.
pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Query(lang): Query<LangParam>,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let lesson = catalog.lesson(id).cloned().ok_or(AppError::NotFound)?;
    let (unit, level, subject_name) = place_of(&catalog, &lesson, &page)?;
    let filter = LanguageFilter::new(&lang, page.locale, format!("/lessons/{id}"));
    let sets = catalog
        .sets_of_lesson(id)
        .into_iter()
        .map(|set| SetLink {
            is_quiz: set.mode == SetMode::Quiz,
            set,
        })
        .collect();
    let sets = filter.arrange(sets, |s| s.set.language);
    let can_author = page.viewer.as_ref().is_some_and(Author::is_author);
    let capsules: Vec<Capsule> = catalog
        .capsules_of_lessons(&[id], access::is_reviewer(page.viewer.as_ref()))
        .into_iter()
        .filter(|c| access::can_watch(c, page.viewer.as_ref()))
        .collect();
    // Offline saving keeps the whole lesson, whatever the choice.
    let save = match &page.viewer {
        Some(viewer) => Some(
            SaveButton::for_page(&state, &catalog, viewer, page.locale, id, &capsules, None)
                .await?,
        ),
        None => None,
    };
    let capsules = filter.arrange(capsules, |c| c.language);
    let mut page = page;
    page.content_language = filter.chosen;
    render(&LessonPage {
        filter,
        save,
        capsules,
        can_edit_catalog: access::is_editor(page.viewer.as_ref()),
        can_author,
        subject_name,
        subject_code: unit.subject_code.clone(),
        page,
        lesson,
        unit,
        level,
        sets,
    })
}
