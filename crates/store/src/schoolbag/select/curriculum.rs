//! The curriculum part of a pack: the units and lessons of the selection, their published
//! capsules (open to all or to the selected school) with their files and playing version,
//! and their exercise sets with their items.

use std::collections::HashSet;

use uuid::Uuid;

use super::super::records::{
    CapsuleFileRow, CapsuleRow, ExerciseItemRow, ExerciseSetRow, LessonRow, MediaAssetRow, UnitRow,
};
use super::super::PackSelection;
use super::super::Schoolbag;
use super::{changed, columns, unit_selected};
use crate::Result;

/// The curriculum part of a pack, before the school's part is added.
pub(super) struct Curriculum {
    pub(super) units: Vec<UnitRow>,
    pub(super) lessons: Vec<LessonRow>,
    pub(super) capsules: Vec<CapsuleRow>,
    pub(super) media_assets: Vec<MediaAssetRow>,
    pub(super) capsule_files: Vec<CapsuleFileRow>,
    pub(super) exercise_sets: Vec<ExerciseSetRow>,
    pub(super) exercise_items: Vec<ExerciseItemRow>,
    pub(super) withdrawn_capsules: Vec<Uuid>,
    /// Every published capsule and every set of the selection, carried or not: what the
    /// school's assignments may point at.
    pub(super) capsules_in_scope: HashSet<Uuid>,
    pub(super) sets_in_scope: HashSet<Uuid>,
}

impl Schoolbag<'_> {
    pub(super) async fn curriculum(&self, selection: &PackSelection) -> Result<Curriculum> {
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
}
