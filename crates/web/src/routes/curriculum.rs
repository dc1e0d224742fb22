//! Browsing the curriculum: levels (and programmes) → subjects → units and lessons.
//! Open to everyone, signed in or not: the national curriculum is public, and pupils
//! should be able to look around before an account reaches them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::reference;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::{Lesson, Unit, UnitWithLessons};
use lawha_store::catalog::snapshot::CatalogSnapshot;
use uuid::Uuid;

use super::capsules::access;
use super::content_language::{LangParam, LanguageFilter};

use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::page::{render, PageCtx};
use crate::AppState;

/// A level or programme, for links.
pub struct LevelLink {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
}

/// A group of levels under a heading (primary, middle school, high school, programmes).
pub struct LevelGroup {
    pub heading_key: String,
    pub levels: Vec<LevelLink>,
}

#[derive(Template)]
#[template(path = "curriculum/levels.html")]
struct LevelsPage {
    page: PageCtx,
    groups: Vec<LevelGroup>,
}

/// `GET /curriculum`: every level and programme, grouped by cycle.
pub async fn levels(page: PageCtx) -> AppResult<Response> {
    let mut groups: Vec<LevelGroup> = Vec::new();
    for level in reference::levels() {
        let heading_key = format!("cycle-{}", level.cycle);
        let link = LevelLink {
            code: level.code.clone(),
            name_ar: level.name_ar.clone(),
            name_fr: level.name_fr.clone(),
        };
        match groups.iter_mut().find(|g| g.heading_key == heading_key) {
            Some(group) => group.levels.push(link),
            None => groups.push(LevelGroup {
                heading_key,
                levels: vec![link],
            }),
        }
    }
    for kind in ["vocational", "preparatory"] {
        groups.push(LevelGroup {
            heading_key: format!("cycle-{kind}"),
            levels: reference::programmes()
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| LevelLink {
                    code: p.code.clone(),
                    name_ar: p.name_ar.clone(),
                    name_fr: p.name_fr.clone(),
                })
                .collect(),
        });
    }
    render(&LevelsPage { page, groups })
}

/// The level or programme a code names, or 404.
pub(super) fn level_link(code: &str) -> AppResult<LevelLink> {
    if let Some(l) = reference::level(code) {
        return Ok(LevelLink {
            code: l.code.clone(),
            name_ar: l.name_ar.clone(),
            name_fr: l.name_fr.clone(),
        });
    }
    reference::programme(code)
        .map(|p| LevelLink {
            code: p.code.clone(),
            name_ar: p.name_ar.clone(),
            name_fr: p.name_fr.clone(),
        })
        .ok_or(AppError::NotFound)
}

/// Where a lesson sits: its unit, level and subject name.
pub(super) fn place_of(
    catalog: &CatalogSnapshot,
    lesson: &Lesson,
    page: &PageCtx,
) -> AppResult<(Unit, LevelLink, String)> {
    let unit = catalog
        .unit(lesson.unit_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let code = unit
        .level_code
        .as_deref()
        .or(unit.programme_code.as_deref())
        .ok_or_else(|| AppError::internal(format!("unit {} has no level", unit.id)))?;
    let level = level_link(code)?;
    let subject = reference::subjects()
        .iter()
        .find(|s| s.code == unit.subject_code)
        .map(|s| page.pick(&s.name_ar, &s.name_fr).to_string())
        .unwrap_or_else(|| unit.subject_code.clone());
    Ok((unit, level, subject))
}

/// A subject with how many units it has at the level.
pub struct SubjectLink {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub units: i64,
}

#[derive(Template)]
#[template(path = "curriculum/subjects.html")]
struct SubjectsPage {
    page: PageCtx,
    level: LevelLink,
    subjects: Vec<SubjectLink>,
}

/// The subjects that have units at a level or programme, with their unit counts.
pub(super) fn subject_links(catalog: &CatalogSnapshot, level_code: &str) -> Vec<SubjectLink> {
    catalog
        .subjects_with_units(level_code)
        .into_iter()
        .filter_map(|(code, units)| {
            let s = reference::subjects().iter().find(|s| s.code == code)?;
            Some(SubjectLink {
                code,
                name_ar: s.name_ar.clone(),
                name_fr: s.name_fr.clone(),
                units,
            })
        })
        .collect()
}

/// `GET /curriculum/{level}`: the subjects that have units at this level.
pub async fn subjects(
    State(state): State<AppState>,
    page: PageCtx,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let level = level_link(&code)?;
    let subjects = subject_links(&*state.catalog().await?, &level.code);
    render(&SubjectsPage {
        page,
        level,
        subjects,
    })
}

#[derive(Template)]
#[template(path = "curriculum/units.html")]
struct UnitsPage {
    page: PageCtx,
    level: LevelLink,
    subject_name: String,
    units: Vec<UnitWithLessons>,
    /// The published capsules of these lessons (and unpublished ones for reviewers), in the
    /// chosen language, the interface language's first.
    capsules: Vec<Capsule>,
    filter: LanguageFilter,
}

impl UnitsPage {
    fn capsules_of(&self, lesson: &Uuid) -> Vec<&Capsule> {
        self.capsules
            .iter()
            .filter(|c| c.lesson_id == *lesson)
            .collect()
    }

    fn duration(&self, capsule: &Capsule) -> String {
        crate::format::duration(capsule.duration_ms.unwrap_or(0))
    }
}

/// `GET /curriculum/{level}/{subject}`: the units of a subject with their lessons.
pub async fn units(
    State(state): State<AppState>,
    page: PageCtx,
    Path((code, subject)): Path<(String, String)>,
    Query(lang): Query<LangParam>,
) -> AppResult<Response> {
    let level = level_link(&code)?;
    let subject = reference::subjects()
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(&subject))
        .ok_or(AppError::NotFound)?;
    let catalog = state.catalog().await?;
    let units = catalog.units_with_lessons(&level.code, &subject.code);
    let lesson_ids: Vec<Uuid> = units
        .iter()
        .flat_map(|u| u.lessons.iter().map(|l| l.id))
        .collect();
    let reviewer = access::is_reviewer(page.viewer.as_ref());
    let capsules = catalog
        .capsules_of_lessons(&lesson_ids, reviewer)
        .into_iter()
        .filter(|c| access::can_watch(c, page.viewer.as_ref()))
        .collect();
    let filter = LanguageFilter::new(
        &lang,
        page.locale,
        format!("/curriculum/{}/{}", level.code, subject.code),
    );
    let capsules = filter.arrange(capsules, |c| c.language);
    let mut page = page;
    page.content_language = filter.chosen;
    render(&UnitsPage {
        filter,
        capsules,
        subject_name: page.pick(&subject.name_ar, &subject.name_fr).to_string(),
        page,
        level,
        units,
    })
}
