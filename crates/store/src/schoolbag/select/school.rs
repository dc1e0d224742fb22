//! The school part of a pack: the school with its province and region, its classes, the
//! accounts of its people with their grants within it, teachers' classes, parents' links
//! and the assignments of its classes on content of the selection.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::super::records::{
    AssignmentPupilRow, AssignmentRow, ClassRow, ClassTeacherRow, GrantRow, ParentLinkRow,
    ProvinceRow, RegionRow, SchoolRow, UserRow,
};
use super::super::{PackFault, Schoolbag};
use super::curriculum::Curriculum;
use super::{changed, columns};
use crate::{Result, StoreError};

/// The school part of a pack.
pub(super) struct SchoolShare {
    pub(super) regions: Vec<RegionRow>,
    pub(super) provinces: Vec<ProvinceRow>,
    pub(super) schools: Vec<SchoolRow>,
    pub(super) classes: Vec<ClassRow>,
    pub(super) users: Vec<UserRow>,
    pub(super) grants: Vec<GrantRow>,
    pub(super) class_teachers: Vec<ClassTeacherRow>,
    pub(super) parent_links: Vec<ParentLinkRow>,
    pub(super) assignments: Vec<AssignmentRow>,
    pub(super) assignment_pupils: Vec<AssignmentPupilRow>,
    /// The school's people whose accounts may travel, changed or not.
    pub(super) people: HashSet<Uuid>,
}

impl Schoolbag<'_> {
    pub(super) async fn school_share(
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
