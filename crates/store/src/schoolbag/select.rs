//! Selecting a pack's content on the platform: the curriculum tree of the selection with
//! its published capsules, their files and media, the exercise sets with their items, and,
//! for one school, its places, people and assignments (see the module doc of `schoolbag`
//! for what `since` carries). Only reads: a pack build never writes.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use lawha_core::{new_id, reference};
use uuid::Uuid;

use super::content::{PackContent, PackFault, PackSelection, FORMAT_VERSION};
use super::media;
use super::records::{
    AssignmentPupilRow, AssignmentRow, CapsuleFileRow, CapsuleRow, ClassRow, ClassTeacherRow,
    ExerciseItemRow, ExerciseSetRow, GrantRow, LessonRow, MediaAssetRow, ParentLinkRow,
    ProvinceRow, Record, RegionRow, SchoolRow, UnitRow, UserRow,
};
use super::Schoolbag;
use crate::{Result, StoreError};

/// The curriculum part of a pack, before the school's part is added.
struct Curriculum {
    units: Vec<UnitRow>,
    lessons: Vec<LessonRow>,
    capsules: Vec<CapsuleRow>,
    media_assets: Vec<MediaAssetRow>,
    capsule_files: Vec<CapsuleFileRow>,
    exercise_sets: Vec<ExerciseSetRow>,
    exercise_items: Vec<ExerciseItemRow>,
    withdrawn_capsules: Vec<Uuid>,
    /// Every published capsule and every set of the selection, carried or not: what the
    /// school's assignments may point at.
    capsules_in_scope: HashSet<Uuid>,
    sets_in_scope: HashSet<Uuid>,
}

/// The school part of a pack.
struct SchoolShare {
    regions: Vec<RegionRow>,
    provinces: Vec<ProvinceRow>,
    schools: Vec<SchoolRow>,
    classes: Vec<ClassRow>,
    users: Vec<UserRow>,
    grants: Vec<GrantRow>,
    class_teachers: Vec<ClassTeacherRow>,
    parent_links: Vec<ParentLinkRow>,
    assignments: Vec<AssignmentRow>,
    assignment_pupils: Vec<AssignmentPupilRow>,
    /// The school's people whose accounts may travel, changed or not.
    people: HashSet<Uuid>,
}

/// Whether a row stamped `at` changed after `since` (every row does without one).
fn changed(at: DateTime<Utc>, since: Option<DateTime<Utc>>) -> bool {
    since.is_none_or(|since| at > since)
}

fn columns<R: Record>(prefix: &str) -> String {
    let cols: Vec<String> = R::COLUMNS.iter().map(|c| format!("{prefix}{c}")).collect();
    cols.join(", ")
}

impl Schoolbag<'_> {
    /// The content of a pack for `selection`. Refused when it selects nothing, names an
    /// unknown code or school.
    pub async fn select(&self, selection: &PackSelection) -> Result<PackContent> {
        check_selection(selection)?;
        let curriculum = self.curriculum(selection).await?;
        let share = match selection.school {
            Some(school) => Some(
                self.school_share(school, selection.since, &curriculum)
                    .await?,
            ),
            None => None,
        };
        assemble(selection, curriculum, share, self.store.now())
    }

    async fn curriculum(&self, selection: &PackSelection) -> Result<Curriculum> {
        let since = selection.since;
        let all_units: Vec<UnitRow> = self
            .store
            .fetch_every(&format!("SELECT {} FROM units", columns::<UnitRow>("")))
            .await?;
        let all_lessons: Vec<LessonRow> = self
            .store
            .fetch_every(&format!("SELECT {} FROM lessons", columns::<LessonRow>("")))
            .await?;
        let listed: HashSet<Uuid> = selection.lessons.iter().copied().collect();
        let mut unit_ids: HashSet<Uuid> = all_units
            .iter()
            .filter(|u| unit_selected(selection, u))
            .map(|u| u.id)
            .collect();
        let scope_lessons: Vec<&LessonRow> = all_lessons
            .iter()
            .filter(|l| unit_ids.contains(&l.unit_id) || listed.contains(&l.id))
            .collect();
        unit_ids.extend(scope_lessons.iter().map(|l| l.unit_id));
        let lesson_ids: Vec<Uuid> = scope_lessons.iter().map(|l| l.id).collect();

        // Capsules: the published ones open to all or to the selected school.
        let capsules: Vec<CapsuleRow> = self
            .store
            .fetch_by_ids(&lesson_ids, |marks| {
                format!(
                    "SELECT {} FROM capsules WHERE lesson_id IN ({marks})",
                    columns::<CapsuleRow>("")
                )
            })
            .await?;
        let audience = |c: &CapsuleRow| c.school_id.is_none() || c.school_id == selection.school;
        let (published, unpublished): (Vec<CapsuleRow>, Vec<CapsuleRow>) = capsules
            .into_iter()
            .filter(audience)
            .partition(|c| c.status == "published");
        let withdrawn_capsules = match since {
            Some(_) => unpublished
                .iter()
                .filter(|c| changed(c.updated_at, since))
                .map(|c| c.id)
                .collect(),
            None => Vec::new(),
        };
        let published_ids: Vec<Uuid> = published.iter().map(|c| c.id).collect();
        let files: Vec<CapsuleFileRow> = self
            .store
            .fetch_by_ids(&published_ids, |marks| {
                format!(
                    "SELECT {} FROM capsule_files WHERE capsule_id IN ({marks})",
                    columns::<CapsuleFileRow>("")
                )
            })
            .await?;
        let media_ids: Vec<Uuid> = published.iter().filter_map(|c| c.media_id).collect();
        let media_assets: Vec<MediaAssetRow> = self
            .store
            .fetch_by_ids(&media_ids, |marks| {
                format!(
                    "SELECT {} FROM media_assets WHERE id IN ({marks})",
                    columns::<MediaAssetRow>("")
                )
            })
            .await?;
        // A capsule travels when it, its playing version or one of its files changed.
        let changed_capsules: HashSet<Uuid> = published
            .iter()
            .filter(|c| changed(c.updated_at, since))
            .map(|c| c.id)
            .chain(
                files
                    .iter()
                    .filter(|f| changed(f.created_at, since))
                    .map(|f| f.capsule_id),
            )
            .chain(
                media_assets
                    .iter()
                    .filter(|m| changed(m.updated_at, since))
                    .map(|m| m.capsule_id),
            )
            .collect();

        let sets: Vec<ExerciseSetRow> = self
            .store
            .fetch_by_ids(&lesson_ids, |marks| {
                format!(
                    "SELECT {} FROM exercise_sets WHERE lesson_id IN ({marks})",
                    columns::<ExerciseSetRow>("")
                )
            })
            .await?;
        let set_ids: Vec<Uuid> = sets.iter().map(|s| s.id).collect();
        let items: Vec<ExerciseItemRow> = self
            .store
            .fetch_by_ids(&set_ids, |marks| {
                format!(
                    "SELECT {} FROM exercise_items WHERE set_id IN ({marks})",
                    columns::<ExerciseItemRow>("")
                )
            })
            .await?;
        // A set travels, whole, when it or one of its items is new.
        let changed_sets: HashSet<Uuid> = sets
            .iter()
            .filter(|s| changed(s.created_at, since))
            .map(|s| s.id)
            .chain(
                items
                    .iter()
                    .filter(|i| changed(i.created_at, since))
                    .map(|i| i.set_id),
            )
            .collect();

        let capsules_in_scope: HashSet<Uuid> = published_ids.iter().copied().collect();
        let sets_in_scope: HashSet<Uuid> = set_ids.iter().copied().collect();
        let capsules: Vec<CapsuleRow> = published
            .into_iter()
            .filter(|c| changed_capsules.contains(&c.id))
            .collect();
        let exercise_sets: Vec<ExerciseSetRow> = sets
            .into_iter()
            .filter(|s| changed_sets.contains(&s.id))
            .collect();

        // Lessons: new ones, and the parents of what travels; units likewise.
        let carried_lessons: HashSet<Uuid> = scope_lessons
            .iter()
            .filter(|l| changed(l.created_at, since))
            .map(|l| l.id)
            .chain(capsules.iter().map(|c| c.lesson_id))
            .chain(exercise_sets.iter().map(|s| s.lesson_id))
            .collect();
        let lessons: Vec<LessonRow> = scope_lessons
            .into_iter()
            .filter(|l| carried_lessons.contains(&l.id))
            .cloned()
            .collect();
        let carried_units: HashSet<Uuid> = lessons.iter().map(|l| l.unit_id).collect();
        let units: Vec<UnitRow> = all_units
            .into_iter()
            .filter(|u| {
                unit_ids.contains(&u.id)
                    && (carried_units.contains(&u.id) || changed(u.created_at, since))
            })
            .collect();

        Ok(Curriculum {
            media_assets: media_assets
                .into_iter()
                .filter(|m| changed_capsules.contains(&m.capsule_id))
                .collect(),
            capsule_files: files
                .into_iter()
                .filter(|f| changed_capsules.contains(&f.capsule_id))
                .collect(),
            exercise_items: items
                .into_iter()
                .filter(|i| changed_sets.contains(&i.set_id))
                .collect(),
            units,
            lessons,
            capsules,
            exercise_sets,
            withdrawn_capsules,
            capsules_in_scope,
            sets_in_scope,
        })
    }

    async fn school_share(
        &self,
        school_id: Uuid,
        since: Option<DateTime<Utc>>,
        curriculum: &Curriculum,
    ) -> Result<SchoolShare> {
        let school: SchoolRow = match self
            .store
            .fetch_one(
                &format!(
                    "SELECT {} FROM schools WHERE id = $1",
                    columns::<SchoolRow>("")
                ),
                school_id,
            )
            .await
        {
            Err(StoreError::NotFound) => return Err(PackFault::UnknownSchool(school_id).into()),
            other => other?,
        };
        let province: ProvinceRow = self
            .store
            .fetch_one(
                &format!(
                    "SELECT {} FROM provinces WHERE id = $1",
                    columns::<ProvinceRow>("")
                ),
                school.province_id,
            )
            .await?;
        let region: RegionRow = self
            .store
            .fetch_one(
                "SELECT id, code FROM regions WHERE id = $1",
                school.region_id,
            )
            .await?;
        let classes: Vec<ClassRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM classes WHERE school_id = $1",
                    columns::<ClassRow>("")
                ),
                school_id,
            )
            .await?;
        // The school's people: a grant within the school and none above it, so that no
        // national or regional account, nor its hash, ever leaves the platform this way.
        let users: Vec<UserRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM users u
                     WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id = $1)
                       AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id IS NULL)",
                    columns::<UserRow>("u.")
                ),
                school_id,
            )
            .await?;
        let people: HashSet<Uuid> = users.iter().map(|u| u.id).collect();
        let changed_people: HashSet<Uuid> = users
            .iter()
            .filter(|u| changed(u.updated_at, since))
            .map(|u| u.id)
            .collect();
        let grants: Vec<GrantRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM role_grants WHERE school_id = $1",
                    columns::<GrantRow>("")
                ),
                school_id,
            )
            .await?;
        let class_teachers: Vec<ClassTeacherRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM class_teachers t JOIN classes c ON c.id = t.class_id
                     WHERE c.school_id = $1",
                    columns::<ClassTeacherRow>("t.")
                ),
                school_id,
            )
            .await?;
        let person_ids: Vec<Uuid> = people.iter().copied().collect();
        let parent_links: Vec<ParentLinkRow> = self
            .store
            .fetch_by_ids(&person_ids, |marks| {
                format!(
                    "SELECT {} FROM parent_links WHERE parent_id IN ({marks})",
                    columns::<ParentLinkRow>("")
                )
            })
            .await?;
        let assignments: Vec<AssignmentRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM assignments a JOIN classes c ON c.id = a.class_id
                     WHERE c.school_id = $1",
                    columns::<AssignmentRow>("a.")
                ),
                school_id,
            )
            .await?;
        // Assignments of content in the selection only: others wait for a pack that
        // carries their capsule or set.
        let assignments: Vec<AssignmentRow> = assignments
            .into_iter()
            .filter(|a| {
                changed(a.created_at, since)
                    && a.capsule_id
                        .is_none_or(|c| curriculum.capsules_in_scope.contains(&c))
                    && a.set_id
                        .is_none_or(|s| curriculum.sets_in_scope.contains(&s))
            })
            .collect();
        let assignment_ids: Vec<Uuid> = assignments.iter().map(|a| a.id).collect();
        let assignment_pupils: Vec<AssignmentPupilRow> = self
            .store
            .fetch_by_ids(&assignment_ids, |marks| {
                format!(
                    "SELECT {} FROM assignment_pupils WHERE assignment_id IN ({marks})",
                    columns::<AssignmentPupilRow>("")
                )
            })
            .await?;
        Ok(SchoolShare {
            regions: vec![region],
            provinces: vec![province],
            schools: vec![school],
            classes: classes
                .into_iter()
                .filter(|c| changed(c.updated_at, since))
                .collect(),
            grants: grants
                .into_iter()
                .filter(|g| {
                    people.contains(&g.user_id)
                        && (changed(g.created_at, since) || changed_people.contains(&g.user_id))
                })
                .collect(),
            class_teachers: class_teachers
                .into_iter()
                .filter(|t| people.contains(&t.user_id))
                .collect(),
            parent_links: parent_links
                .into_iter()
                .filter(|l| people.contains(&l.pupil_id))
                .collect(),
            assignment_pupils: assignment_pupils
                .into_iter()
                .filter(|p| people.contains(&p.user_id))
                .collect(),
            users: users
                .into_iter()
                .filter(|u| changed_people.contains(&u.id))
                .collect(),
            assignments,
            people,
        })
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
fn unit_selected(selection: &PackSelection, unit: &UnitRow) -> bool {
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
    })
}
