//! The studio's listing of capsules and the coverage view: which lessons still have no
//! published capsule, per level and subject.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::capsule::CapsuleStatus;
use lawha_core::reference;
use lawha_store::catalog::capsules::{Capsule, StudioFilter};
use lawha_store::catalog::read_models::LessonCoverage;
use lawha_store::{Page, Paged};
use serde::Deserialize;

use super::curriculum_names::{self, Choice};
use crate::error::AppResult;
use crate::extract::Query;
use crate::page::{render, PageCtx};
use crate::session::{Editor, Reviewer};
use crate::AppState;

const PAGE_SIZE: u32 = 30;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    mine: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    page: Option<u32>,
}

/// A listed capsule with where it sits in the curriculum: many capsules share a title
/// ("Introduction"), their level, subject and lesson tell them apart.
pub struct StudioRow {
    pub capsule: Capsule,
    pub level: Option<Choice>,
    pub subject: Option<Choice>,
    pub lesson_ar: String,
    pub lesson_fr: String,
}

#[derive(Template)]
#[template(path = "studio/index.html")]
struct StudioPage {
    page: PageCtx,
    capsules: Paged<Capsule>,
    rows: Vec<StudioRow>,
    status: String,
    mine: bool,
    statuses: Vec<&'static str>,
    levels: Vec<Choice>,
    subjects: Vec<Choice>,
    /// The chosen level's and subject's codes, `""` for any.
    level: String,
    subject: String,
    /// The query string without the page number, for the pager.
    base_query: String,
    ffmpeg_missing: bool,
}

/// `GET /studio`: capsules by last change, filtered by status, author, level and subject.
/// Editors hold national roles (producers, the ministry): they see every capsule.
pub async fn index(
    State(state): State<AppState>,
    Editor(session): Editor,
    page: PageCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let status = CapsuleStatus::parse(query.status.trim());
    let mine = query.mine == "1";
    let (levels, subjects) = (curriculum_names::levels(), curriculum_names::subjects());
    // An unknown code is no filter (a stale link), rather than an empty list.
    let level = curriculum_names::find(&levels, &query.level).map(|c| c.code);
    let subject = curriculum_names::find(&subjects, &query.subject).map(|c| c.code);
    let filter = StudioFilter {
        created_by: mine.then_some(session.user.id),
        status,
        level: level.clone(),
        subject: subject.clone(),
    };
    let capsules = state
        .store
        .catalog()
        .studio_capsules(&filter, Page::new(query.page.unwrap_or(1), PAGE_SIZE))
        .await?;
    let catalog = state.catalog().await?;
    let rows = capsules
        .items
        .iter()
        .map(|c| {
            let lesson = catalog.lesson(c.lesson_id);
            let unit = lesson.and_then(|l| catalog.unit(l.unit_id));
            let unit_level =
                unit.and_then(|u| u.level_code.as_deref().or(u.programme_code.as_deref()));
            StudioRow {
                capsule: c.clone(),
                level: unit_level.and_then(|code| curriculum_names::find(&levels, code)),
                subject: unit.and_then(|u| curriculum_names::find(&subjects, &u.subject_code)),
                lesson_ar: lesson.map(|l| l.title_ar.clone()).unwrap_or_default(),
                lesson_fr: lesson.map(|l| l.title_fr.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let (level, subject) = (level.unwrap_or_default(), subject.unwrap_or_default());
    let base_query = format!(
        "status={}&mine={}&level={}&subject={}",
        status.map_or("", CapsuleStatus::as_str),
        if mine { "1" } else { "" },
        crate::forms::url_encode(&level),
        crate::forms::url_encode(&subject),
    );
    render(&StudioPage {
        page,
        capsules,
        rows,
        status: status.map_or(String::new(), |s| s.as_str().to_string()),
        mine,
        statuses: CapsuleStatus::ALL.iter().map(|s| s.as_str()).collect(),
        levels,
        subjects,
        level,
        subject,
        base_query,
        ffmpeg_missing: !state.config.ffmpeg_available,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct CoverageQuery {
    #[serde(default)]
    level: String,
}

/// One level or programme with its lesson counts.
pub struct LevelCoverage {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub lessons: i64,
    pub covered: i64,
}

impl LevelCoverage {
    pub fn percent(&self) -> i64 {
        if self.lessons == 0 {
            0
        } else {
            self.covered * 100 / self.lessons
        }
    }
}

#[derive(Template)]
#[template(path = "studio/coverage.html")]
struct CoveragePage {
    page: PageCtx,
    levels: Vec<LevelCoverage>,
    level: Option<LevelCoverage>,
    /// The chosen level's lessons without a published capsule.
    missing: Vec<LessonCoverage>,
    can_edit: bool,
}

impl CoveragePage {
    fn subject_name(&self, code: &str) -> String {
        reference::subjects()
            .iter()
            .find(|s| s.code == code)
            .map_or_else(
                || code.to_string(),
                |s| self.page.pick(&s.name_ar, &s.name_fr).to_string(),
            )
    }
}

/// `GET /studio/coverage`: per level, how many lessons have a published capsule; for one
/// level, the lessons still missing one.
pub async fn coverage(
    State(state): State<AppState>,
    Reviewer(session): Reviewer,
    page: PageCtx,
    Query(query): Query<CoverageQuery>,
) -> AppResult<Response> {
    let all = state.store.catalog().coverage(None).await?;
    let names = reference::levels()
        .iter()
        .map(|l| (l.code.clone(), l.name_ar.clone(), l.name_fr.clone()))
        .chain(
            reference::programmes()
                .iter()
                .map(|p| (p.code.clone(), p.name_ar.clone(), p.name_fr.clone())),
        );
    let levels: Vec<LevelCoverage> = names
        .map(|(code, name_ar, name_fr)| {
            let lessons: Vec<&LessonCoverage> = all.iter().filter(|l| l.level == code).collect();
            LevelCoverage {
                lessons: lessons.len() as i64,
                covered: lessons.iter().filter(|l| l.published > 0).count() as i64,
                code,
                name_ar,
                name_fr,
            }
        })
        .collect();
    let chosen = levels
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(query.level.trim()));
    let level = chosen.map(|l| LevelCoverage {
        code: l.code.clone(),
        name_ar: l.name_ar.clone(),
        name_fr: l.name_fr.clone(),
        lessons: l.lessons,
        covered: l.covered,
    });
    let missing = match &level {
        Some(l) => all
            .into_iter()
            .filter(|c| c.level == l.code && c.published == 0)
            .collect(),
        None => Vec::new(),
    };
    render(&CoveragePage {
        page,
        levels,
        level,
        missing,
        can_edit: crate::routes::capsules::access::is_editor(Some(&session)),
    })
}
