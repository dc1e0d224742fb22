//! The dashboard's other tables: subjects, the most watched and least completed capsules,
//! and curriculum coverage.

use lawha_core::{reference, ScopeKey};
use lawha_store::rollups::dashboards::{CapsuleReach, Period, MIN_GROUP};
use lawha_store::Store;
use uuid::Uuid;

use super::figures::{minutes, percent};
use crate::error::AppResult;
use crate::page::PageCtx;

pub struct SubjectRow {
    pub name: String,
    pub answers: i64,
    pub correct: String,
    pub minutes: i64,
}

pub struct CapsuleRow {
    pub title: String,
    pub href: String,
    pub starts: i64,
    pub completion: String,
}

pub struct CoverageRow {
    pub level: String,
    pub subject: String,
    pub lessons: i64,
    pub covered: i64,
}

/// Answers and watching per subject of a scope over the period.
pub async fn subject_rows(
    store: &Store,
    scope: ScopeKey,
    period: &Period,
    page: &PageCtx,
) -> AppResult<Vec<SubjectRow>> {
    let rows = store.rollups().subject_figures(scope, period).await?;
    Ok(rows
        .into_iter()
        .map(|(code, answers, correct, seconds)| SubjectRow {
            name: reference::subjects()
                .iter()
                .find(|s| s.code == code)
                .map_or(code.clone(), |s| {
                    page.pick(&s.name_ar, &s.name_fr).to_string()
                }),
            answers,
            correct: percent((answers > 0).then(|| correct as f64 / answers as f64)),
            minutes: minutes(seconds),
        })
        .collect())
}

/// The most watched and the least completed capsules of a scope.
pub async fn capsule_rows(
    store: &Store,
    scope: ScopeKey,
    page: &PageCtx,
) -> AppResult<(Vec<CapsuleRow>, Vec<CapsuleRow>)> {
    let (most, least) = store.rollups().capsule_reach(scope, 10, MIN_GROUP).await?;
    let ids: Vec<Uuid> = most.iter().chain(&least).map(|r| r.capsule_id).collect();
    let capsules = store.catalog().capsules_by_ids(&ids).await?;
    let row = |r: &CapsuleReach| {
        let c = capsules.iter().find(|c| c.id == r.capsule_id)?;
        Some(CapsuleRow {
            title: c.title(page.locale).to_string(),
            href: format!("/capsules/{}", c.id),
            starts: r.starts,
            completion: percent((r.starts > 0).then(|| r.completions as f64 / r.starts as f64)),
        })
    };
    // Capsules fewer than MIN_GROUP pupils started are not listed (small groups).
    let most = most
        .iter()
        .filter(|r| r.starts >= MIN_GROUP)
        .filter_map(row)
        .collect();
    let least = least.iter().filter_map(row).collect();
    Ok((most, least))
}

/// Lessons with at least one published capsule, per level and subject.
pub async fn coverage_rows(store: &Store, page: &PageCtx) -> AppResult<Vec<CoverageRow>> {
    let all = store.catalog().coverage(None).await?;
    let mut rows = Vec::new();
    for level in reference::levels() {
        for subject in reference::subjects() {
            let lessons: Vec<_> = all
                .iter()
                .filter(|c| c.level == level.code && c.subject_code == subject.code)
                .collect();
            if lessons.is_empty() {
                continue;
            }
            rows.push(CoverageRow {
                level: page.pick(&level.name_ar, &level.name_fr).to_string(),
                subject: page.pick(&subject.name_ar, &subject.name_fr).to_string(),
                lessons: lessons.len() as i64,
                covered: lessons.iter().filter(|c| c.published > 0).count() as i64,
            });
        }
    }
    Ok(rows)
}
