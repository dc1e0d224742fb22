//! Selecting a pack's content on the platform: the curriculum tree of the selection with
//! its published capsules, their files and media, the exercise sets with their items, and,
//! for one school, its places, people and assignments (see the module doc of `schoolbag`
//! for what `since` carries). Only reads: a pack build never writes.

mod curriculum;
pub(crate) mod school;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use lawha_core::{new_id, reference};
use uuid::Uuid;

use self::curriculum::Curriculum;
use self::school::SchoolShare;
use super::content::{PackContent, PackFault, PackSelection, FORMAT_VERSION};
use super::media;
use super::records::{AssignmentRow, CapsuleRow, ExerciseSetRow, MediaAssetRow, Record, UnitRow};
use super::Schoolbag;
use crate::Result;

/// Whether a row stamped `at` changed after `since` (every row does without one).
pub(super) fn changed(at: DateTime<Utc>, since: Option<DateTime<Utc>>) -> bool {
    since.is_none_or(|since| at > since)
}

/// `SELECT {columns} FROM {table}` of `R`'s table.
pub(super) fn select_all<R: Record>() -> String {
    format!("SELECT {} FROM {}", columns::<R>(""), R::TABLE)
}

pub(super) fn columns<R: Record>(prefix: &str) -> String {
    let cols: Vec<String> = R::COLUMNS.iter().map(|c| format!("{prefix}{c}")).collect();
    cols.join(", ")
}

impl Schoolbag<'_> {
    /// The rows of `R`'s table whose `column` is one of `ids`.
    pub(super) async fn rows_where<R: Record>(&self, column: &str, ids: &[Uuid]) -> Result<Vec<R>> {
        self.store
            .fetch_by_ids(ids, |marks| {
                format!("{} WHERE {column} IN ({marks})", select_all::<R>())
            })
            .await
    }

    /// The content of a pack for `selection`. Refused when it selects nothing, names an
    /// unknown code or school.
    pub async fn select(&self, selection: &PackSelection) -> Result<PackContent> {
        check_selection(selection)?;
        let curriculum = self.curriculum(selection).await?;
        let now = self.store.now();
        let share = match selection.school {
            Some(school) => Some(
                self.school_share(school, selection.since, &curriculum, now)
                    .await?,
            ),
            None => None,
        };
        assemble(selection, curriculum, share, now)
    }
}

/// Refuses a selection that names nothing, or a code the reference lists lack.
fn check_selection(selection: &PackSelection) -> Result<(), PackFault> {
    if !selection.selects_content() && selection.school.is_none() {
        return Err(PackFault::EmptySelection);
    }
    let unknown = |what: &'static str, code: &String| PackFault::UnknownCode {
        what,
        code: code.clone(),
    };
    if let Some(code) = selection
        .levels
        .iter()
        .find(|c| reference::level(c).is_none())
    {
        return Err(unknown("level", code));
    }
    if let Some(code) = selection
        .programmes
        .iter()
        .find(|c| reference::programme(c).is_none())
    {
        return Err(unknown("programme", code));
    }
    if let Some(code) = selection
        .subjects
        .iter()
        .find(|c| !reference::subjects().iter().any(|s| &s.code == *c))
    {
        return Err(unknown("subject", code));
    }
    Ok(())
}

/// Whether a unit is in the selection (see [`PackSelection`]). A selection of lessons
/// alone selects no unit whole.
pub(super) fn unit_selected(selection: &PackSelection, unit: &UnitRow) -> bool {
    let places = !selection.levels.is_empty() || !selection.programmes.is_empty();
    if !places && selection.subjects.is_empty() {
        return false;
    }
    let listed = |codes: &[String], code: &Option<String>| {
        code.as_ref().is_some_and(|code| codes.contains(code))
    };
    let place = !places
        || listed(&selection.levels, &unit.level_code)
        || listed(&selection.programmes, &unit.programme_code);
    let subject = selection.subjects.is_empty() || selection.subjects.contains(&unit.subject_code);
    place && subject
}

/// Puts the parts together. Authors travel only as people of the school: any other
/// author's id is dropped, since the node has no such account.
fn assemble(
    selection: &PackSelection,
    curriculum: Curriculum,
    share: Option<SchoolShare>,
    built_at: DateTime<Utc>,
) -> Result<PackContent> {
    let share = share.unwrap_or_else(|| SchoolShare {
        regions: Vec::new(),
        provinces: Vec::new(),
        schools: Vec::new(),
        classes: Vec::new(),
        users: Vec::new(),
        grants: Vec::new(),
        class_teachers: Vec::new(),
        parent_links: Vec::new(),
        assignments: Vec::new(),
        assignment_pupils: Vec::new(),
        people: HashSet::new(),
        roster: None,
    });
    let author = |id: Option<Uuid>| id.filter(|id| share.people.contains(id));
    let mut media = Vec::new();
    for asset in &curriculum.media_assets {
        media.extend(media::version_files(asset)?);
    }
    media.extend(curriculum.capsule_files.iter().map(media::capsule_file));
    Ok(PackContent {
        format_version: FORMAT_VERSION,
        pack_id: new_id(),
        built_at,
        selection: selection.clone(),
        capsules: curriculum
            .capsules
            .into_iter()
            .map(|c| CapsuleRow {
                created_by: author(c.created_by),
                ..c
            })
            .collect(),
        media_assets: curriculum
            .media_assets
            .into_iter()
            .map(|m| MediaAssetRow {
                created_by: author(m.created_by),
                ..m
            })
            .collect(),
        exercise_sets: curriculum
            .exercise_sets
            .into_iter()
            .map(|s| ExerciseSetRow {
                created_by: author(s.created_by),
                ..s
            })
            .collect(),
        assignments: share
            .assignments
            .iter()
            .cloned()
            .map(|a| AssignmentRow {
                created_by: author(a.created_by),
                ..a
            })
            .collect(),
        units: curriculum.units,
        lessons: curriculum.lessons,
        capsule_files: curriculum.capsule_files,
        exercise_items: curriculum.exercise_items,
        withdrawn_capsules: curriculum.withdrawn_capsules,
        media,
        regions: share.regions,
        provinces: share.provinces,
        schools: share.schools,
        classes: share.classes,
        users: share.users,
        grants: share.grants,
        class_teachers: share.class_teachers,
        parent_links: share.parent_links,
        assignment_pupils: share.assignment_pupils,
        roster: share.roster,
    })
}
