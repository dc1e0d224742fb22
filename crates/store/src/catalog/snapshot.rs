//! The catalog as a node holds it in memory: units, lessons, capsules, their files and
//! exercise sets (not the items, which can be many and are read with their set), loaded
//! whole and answering the pupils' read pages without a query.
//!
//! Every change to those tables (and to a school's region, which capsules carry) moves the
//! `catalog_version` counter forward through database triggers, in the transaction that
//! makes it. [`Catalog::snapshot`] reads the version *before* the rows, so a snapshot is
//! never older than its version says: a change committed in between makes the next
//! comparison differ and the node load again. Its answers are the same as the queries of
//! [`Catalog`] they stand for, order included (checked on both engines by the tests).

use std::collections::HashMap;

use uuid::Uuid;

use super::capsule_files::CapsuleFile;
use super::capsules::Capsule;
use super::curriculum::{Lesson, Unit, UnitWithLessons};
use super::exercise_sets::ExerciseSet;
use super::Catalog;
use crate::Result;

/// See the module documentation.
#[derive(Debug, Default)]
pub struct CatalogSnapshot {
    version: i64,
    units: Vec<Unit>,
    lessons: Vec<Lesson>,
    capsules: Vec<Capsule>,
    files: Vec<CapsuleFile>,
    sets: Vec<ExerciseSet>,
    unit_at: HashMap<Uuid, usize>,
    lesson_at: HashMap<Uuid, usize>,
    capsule_at: HashMap<Uuid, usize>,
    file_at: HashMap<Uuid, usize>,
    set_at: HashMap<Uuid, usize>,
    /// Positions in `lessons`, `capsules`, `files` and `sets` by owner, in their order.
    lessons_of_unit: HashMap<Uuid, Vec<usize>>,
    capsules_of_lesson: HashMap<Uuid, Vec<usize>>,
    files_of_capsule: HashMap<Uuid, Vec<usize>>,
    sets_of_lesson: HashMap<Uuid, Vec<usize>>,
}

impl Catalog<'_> {
    /// The version the catalog is at: it moves whenever a table of the snapshot changes.
    pub async fn catalog_version(&self) -> Result<i64> {
        let sql = "SELECT version FROM catalog_version WHERE id = $1";
        let (version,): (i64,) = self.store.fetch_one(sql, 1_i64).await?;
        Ok(version)
    }

    /// The whole catalog, loaded now (see the module documentation).
    pub async fn snapshot(&self) -> Result<CatalogSnapshot> {
        let version = self.catalog_version().await?;
        let (mut units, mut lessons) = self.all_units_and_lessons().await?;
        let mut capsules = self.all_capsules().await?;
        let mut files = self.all_capsule_files().await?;
        let mut sets = self.all_exercise_sets().await?;
        // The orders of the queries each accessor stands for.
        units.sort_by_key(|u| (u.position, u.id));
        lessons.sort_by_key(|l| (l.position, l.id));
        capsules.sort_by_key(|c| (c.created_at, c.id));
        files.sort_by(|a, b| {
            (a.kind.as_str(), a.language.code(), a.created_at, a.id).cmp(&(
                b.kind.as_str(),
                b.language.code(),
                b.created_at,
                b.id,
            ))
        });
        sets.sort_by_key(|s| (s.created_at, s.id));
        Ok(CatalogSnapshot {
            version,
            unit_at: positions(&units, |u| u.id),
            lesson_at: positions(&lessons, |l| l.id),
            capsule_at: positions(&capsules, |c| c.id),
            file_at: positions(&files, |f| f.id),
            set_at: positions(&sets, |s| s.id),
            lessons_of_unit: grouped(&lessons, |l| l.unit_id),
            capsules_of_lesson: grouped(&capsules, |c| c.lesson_id),
            files_of_capsule: grouped(&files, |f| f.capsule_id),
            sets_of_lesson: grouped(&sets, |s| s.lesson_id),
            units,
            lessons,
            capsules,
            files,
            sets,
        })
    }
}

fn positions<T>(rows: &[T], id: impl Fn(&T) -> Uuid) -> HashMap<Uuid, usize> {
    rows.iter()
        .enumerate()
        .map(|(at, row)| (id(row), at))
        .collect()
}

fn grouped<T>(rows: &[T], owner: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<usize>> {
    let mut groups: HashMap<Uuid, Vec<usize>> = HashMap::new();
    for (at, row) in rows.iter().enumerate() {
        groups.entry(owner(row)).or_default().push(at);
    }
    groups
}

fn pick<T: Clone>(rows: &[T], positions: Option<&Vec<usize>>) -> Vec<T> {
    positions
        .map(|found| found.iter().map(|&at| rows[at].clone()).collect())
        .unwrap_or_default()
}

impl CatalogSnapshot {
    /// The catalog version this snapshot was loaded at (or after).
    pub fn version(&self) -> i64 {
        self.version
    }

    pub fn unit(&self, id: Uuid) -> Option<&Unit> {
        self.unit_at.get(&id).map(|&at| &self.units[at])
    }

    pub fn lesson(&self, id: Uuid) -> Option<&Lesson> {
        self.lesson_at.get(&id).map(|&at| &self.lessons[at])
    }

    pub fn capsule(&self, id: Uuid) -> Option<&Capsule> {
        self.capsule_at.get(&id).map(|&at| &self.capsules[at])
    }

    pub fn capsule_file(&self, id: Uuid) -> Option<&CapsuleFile> {
        self.file_at.get(&id).map(|&at| &self.files[at])
    }

    pub fn exercise_set(&self, id: Uuid) -> Option<&ExerciseSet> {
        self.set_at.get(&id).map(|&at| &self.sets[at])
    }

    /// As [`Catalog::capsule_files`].
    pub fn capsule_files(&self, capsule_id: Uuid) -> Vec<CapsuleFile> {
        pick(&self.files, self.files_of_capsule.get(&capsule_id))
    }

    /// As [`Catalog::sets_of_lesson`].
    pub fn sets_of_lesson(&self, lesson_id: Uuid) -> Vec<ExerciseSet> {
        pick(&self.sets, self.sets_of_lesson.get(&lesson_id))
    }

    /// As [`Catalog::capsules_by_ids`].
    pub fn capsules_by_ids(&self, ids: &[Uuid]) -> Vec<Capsule> {
        ids.iter()
            .filter_map(|&id| self.capsule(id).cloned())
            .collect()
    }

    /// As [`Catalog::subjects_with_units`].
    pub fn subjects_with_units(&self, level_or_programme: &str) -> Vec<(String, i64)> {
        let mut counts: Vec<(String, i64)> = Vec::new();
        for unit in self.units_at(level_or_programme) {
            match counts
                .iter_mut()
                .find(|(code, _)| *code == unit.subject_code)
            {
                Some((_, count)) => *count += 1,
                None => counts.push((unit.subject_code.clone(), 1)),
            }
        }
        counts.sort();
        counts
    }

    /// As [`Catalog::units_with_lessons`].
    pub fn units_with_lessons(
        &self,
        level_or_programme: &str,
        subject_code: &str,
    ) -> Vec<UnitWithLessons> {
        self.units_at(level_or_programme)
            .filter(|u| u.subject_code == subject_code)
            .map(|unit| UnitWithLessons {
                lessons: pick(&self.lessons, self.lessons_of_unit.get(&unit.id)),
                unit: unit.clone(),
            })
            .collect()
    }

    /// As [`Catalog::capsules_of_lessons`].
    pub fn capsules_of_lessons(
        &self,
        lesson_ids: &[Uuid],
        include_unpublished: bool,
    ) -> Vec<Capsule> {
        let mut found: Vec<usize> = lesson_ids
            .iter()
            .filter_map(|id| self.capsules_of_lesson.get(id))
            .flatten()
            .copied()
            .filter(|&at| include_unpublished || self.capsules[at].status.is_public())
            .collect();
        // `capsules` is in the query's order: so are positions in it.
        found.sort_unstable();
        found.dedup();
        found.iter().map(|&at| self.capsules[at].clone()).collect()
    }

    fn units_at<'a>(&'a self, level_or_programme: &'a str) -> impl Iterator<Item = &'a Unit> {
        self.units.iter().filter(move |u| {
            u.level_code.as_deref() == Some(level_or_programme)
                || u.programme_code.as_deref() == Some(level_or_programme)
        })
    }
}
