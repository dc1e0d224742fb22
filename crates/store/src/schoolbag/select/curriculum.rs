//! The curriculum part of a pack: the units and lessons of the selection, their published
//! capsules (open to all or to the selected school) with their files and playing version,
//! and their exercise sets with their items. Reading the selection's rows ([`Scope`]) and
//! choosing which of them travel ([`Scope::carried`]) are two steps, the second a plain
//! function of the first.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::super::records::{
    CapsuleFileRow, CapsuleRow, ExerciseItemRow, ExerciseSetRow, LessonRow, MediaAssetRow, UnitRow,
};
use super::super::PackSelection;
use super::super::Schoolbag;
use super::{changed, select_all, unit_selected};
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

/// Every row of the selection, changed or not.
struct Scope {
    units: Vec<UnitRow>,
    lessons: Vec<LessonRow>,
    /// Published capsules open to all or to the selected school.
    published: Vec<CapsuleRow>,
    /// The other capsules of that audience (drafts, withdrawn, in processing).
    unpublished: Vec<CapsuleRow>,
    media_assets: Vec<MediaAssetRow>,
    capsule_files: Vec<CapsuleFileRow>,
    sets: Vec<ExerciseSetRow>,
    items: Vec<ExerciseItemRow>,
}

impl Schoolbag<'_> {
    pub(super) async fn curriculum(&self, selection: &PackSelection) -> Result<Curriculum> {
        Ok(self.scope(selection).await?.carried(selection.since))
    }

    async fn scope(&self, selection: &PackSelection) -> Result<Scope> {
        let all_units: Vec<UnitRow> = self.store.fetch_every(&select_all::<UnitRow>()).await?;
        let all_lessons: Vec<LessonRow> =
            self.store.fetch_every(&select_all::<LessonRow>()).await?;
        let listed: HashSet<Uuid> = selection.lessons.iter().copied().collect();
        let selected_units: HashSet<Uuid> = all_units
            .iter()
            .filter(|u| unit_selected(selection, u))
            .map(|u| u.id)
            .collect();
        let lessons: Vec<LessonRow> = all_lessons
            .into_iter()
            .filter(|l| selected_units.contains(&l.unit_id) || listed.contains(&l.id))
            .collect();
        // A listed lesson brings its unit.
        let unit_ids: HashSet<Uuid> = lessons.iter().map(|l| l.unit_id).collect();
        let units: Vec<UnitRow> = all_units
            .into_iter()
            .filter(|u| selected_units.contains(&u.id) || unit_ids.contains(&u.id))
            .collect();
        let lesson_ids: Vec<Uuid> = lessons.iter().map(|l| l.id).collect();

        let capsules: Vec<CapsuleRow> = self.rows_where("lesson_id", &lesson_ids).await?;
        let (published, unpublished): (Vec<CapsuleRow>, Vec<CapsuleRow>) = capsules
            .into_iter()
            .filter(|c| c.school_id.is_none() || c.school_id == selection.school)
            .partition(|c| c.status == "published");
        let published_ids: Vec<Uuid> = published.iter().map(|c| c.id).collect();
        let media_ids: Vec<Uuid> = published.iter().filter_map(|c| c.media_id).collect();
        let sets: Vec<ExerciseSetRow> = self.rows_where("lesson_id", &lesson_ids).await?;
        let set_ids: Vec<Uuid> = sets.iter().map(|s| s.id).collect();
        Ok(Scope {
            capsule_files: self.rows_where("capsule_id", &published_ids).await?,
            media_assets: self.rows_where("id", &media_ids).await?,
            items: self.rows_where("set_id", &set_ids).await?,
            units,
            lessons,
            published,
            unpublished,
            sets,
        })
    }
}

impl Scope {
    /// What travels when only rows changed after `since` do (all of them without it): a
    /// capsule when it, its playing version or a file changed, with all its files; a set
    /// when it or an item is new, with all its items; new lessons and units, and the
    /// parents of whatever travels.
    fn carried(self, since: Option<DateTime<Utc>>) -> Curriculum {
        let withdrawn_capsules = match since {
            Some(_) => self
                .unpublished
                .iter()
                .filter(|c| changed(c.updated_at, since))
                .map(|c| c.id)
                .collect(),
            None => Vec::new(),
        };
        let changed_capsules: HashSet<Uuid> = self
            .published
            .iter()
            .filter(|c| changed(c.updated_at, since))
            .map(|c| c.id)
            .chain(
                self.capsule_files
                    .iter()
                    .filter(|f| changed(f.created_at, since))
                    .map(|f| f.capsule_id),
            )
            .chain(
                self.media_assets
                    .iter()
                    .filter(|m| changed(m.updated_at, since))
                    .map(|m| m.capsule_id),
            )
            .collect();
        let changed_sets: HashSet<Uuid> = self
            .sets
            .iter()
            .filter(|s| changed(s.created_at, since))
            .map(|s| s.id)
            .chain(
                self.items
                    .iter()
                    .filter(|i| changed(i.created_at, since))
                    .map(|i| i.set_id),
            )
            .collect();
        let capsules_in_scope = self.published.iter().map(|c| c.id).collect();
        let sets_in_scope = self.sets.iter().map(|s| s.id).collect();
        let capsules: Vec<CapsuleRow> = self
            .published
            .into_iter()
            .filter(|c| changed_capsules.contains(&c.id))
            .collect();
        let exercise_sets: Vec<ExerciseSetRow> = self
            .sets
            .into_iter()
            .filter(|s| changed_sets.contains(&s.id))
            .collect();
        let carried_lessons: HashSet<Uuid> = self
            .lessons
            .iter()
            .filter(|l| changed(l.created_at, since))
            .map(|l| l.id)
            .chain(capsules.iter().map(|c| c.lesson_id))
            .chain(exercise_sets.iter().map(|s| s.lesson_id))
            .collect();
        let lessons: Vec<LessonRow> = self
            .lessons
            .into_iter()
            .filter(|l| carried_lessons.contains(&l.id))
            .collect();
        let carried_units: HashSet<Uuid> = lessons.iter().map(|l| l.unit_id).collect();
        Curriculum {
            units: self
                .units
                .into_iter()
                .filter(|u| carried_units.contains(&u.id) || changed(u.created_at, since))
                .collect(),
            media_assets: self
                .media_assets
                .into_iter()
                .filter(|m| changed_capsules.contains(&m.capsule_id))
                .collect(),
            capsule_files: self
                .capsule_files
                .into_iter()
                .filter(|f| changed_capsules.contains(&f.capsule_id))
                .collect(),
            exercise_items: self
                .items
                .into_iter()
                .filter(|i| changed_sets.contains(&i.set_id))
                .collect(),
            lessons,
            capsules,
            exercise_sets,
            withdrawn_capsules,
            capsules_in_scope,
            sets_in_scope,
        }
    }
}
