//! The school part of a pack: the school with its province and region, its classes, the
//! accounts of its people with their grants within it, teachers' classes, parents' links
//! and the assignments of its classes on content of the selection.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::super::records::{
    AssignmentPupilRow, AssignmentRow, ClassRow, ClassTeacherRow, GrantRow, ParentLinkRow,
    ProvinceRow, Record, RegionRow, SchoolRow, UserRow,
};
use super::super::{PackFault, Schoolbag};
use super::curriculum::Curriculum;
use super::{changed, columns, select_all};
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

/// The school's people: a grant within the school and none outside it (another school's,
/// national, regional), so that no account whose password opens more than this school, nor
/// its hash, leaves the platform this way (a teacher of two schools signs in on neither
/// school's node; the platform serves them).
const PEOPLE: &str =
    "WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id = $1)
    AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id
                    AND (g.school_id IS NULL OR g.school_id <> $1))";

impl Schoolbag<'_> {
    pub(super) async fn school_share(
        &self,
        school_id: Uuid,
        since: Option<DateTime<Utc>>,
        curriculum: &Curriculum,
    ) -> Result<SchoolShare> {
        let by_id = |table_select: String| format!("{table_select} WHERE id = $1");
        let school: SchoolRow = match self
            .store
            .fetch_one(&by_id(select_all::<SchoolRow>()), school_id)
            .await
        {
            Err(StoreError::NotFound) => return Err(PackFault::UnknownSchool(school_id).into()),
            other => other?,
        };
        let province: ProvinceRow = self
            .store
            .fetch_one(&by_id(select_all::<ProvinceRow>()), school.province_id)
            .await?;
        let region: RegionRow = self
            .store
            .fetch_one(
                &by_id("SELECT id, code FROM regions".into()),
                school.region_id,
            )
            .await?;
        let classes: Vec<ClassRow> = self
            .of_school::<ClassRow>("", "WHERE school_id = $1", school_id)
            .await?;
        let users: Vec<UserRow> = self.of_school("u.", PEOPLE, school_id).await?;
        let people: HashSet<Uuid> = users.iter().map(|u| u.id).collect();
        let changed_people: HashSet<Uuid> = users
            .iter()
            .filter(|u| changed(u.updated_at, since))
            .map(|u| u.id)
            .collect();
        let grants: Vec<GrantRow> = self
            .of_school("", "WHERE school_id = $1", school_id)
            .await?;
        let class_teachers: Vec<ClassTeacherRow> = self
            .of_school(
                "t.",
                "JOIN classes c ON c.id = t.class_id WHERE c.school_id = $1",
                school_id,
            )
            .await?;
        let person_ids: Vec<Uuid> = people.iter().copied().collect();
        let parent_links: Vec<ParentLinkRow> = self.rows_where("parent_id", &person_ids).await?;
        let assignments: Vec<AssignmentRow> = self
            .of_school(
                "a.",
                "JOIN classes c ON c.id = a.class_id WHERE c.school_id = $1",
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
        let assignment_pupils: Vec<AssignmentPupilRow> =
            self.rows_where("assignment_id", &assignment_ids).await?;
        let person = |id: &Uuid| people.contains(id);
        Ok(SchoolShare {
            regions: vec![region],
            provinces: vec![province],
            schools: vec![school],
            classes: classes
                .into_iter()
                .filter(|c| changed(c.updated_at, since))
                .collect(),
            // A person's grants travel with their account, and new ones on their own.
            grants: grants
                .into_iter()
                .filter(|g| {
                    person(&g.user_id)
                        && (changed(g.created_at, since) || changed_people.contains(&g.user_id))
                })
                .collect(),
            class_teachers: class_teachers
                .into_iter()
                .filter(|t| person(&t.user_id))
                .collect(),
            parent_links: parent_links
                .into_iter()
                .filter(|l| person(&l.pupil_id))
                .collect(),
            assignment_pupils: assignment_pupils
                .into_iter()
                .filter(|p| person(&p.user_id))
                .collect(),
            users: users
                .into_iter()
                .filter(|u| changed_people.contains(&u.id))
                .collect(),
            assignments,
            people,
        })
    }

    /// The rows of `R`'s table, aliased by `prefix` (`u.`, or none), that `tail` (joins and
    /// a `WHERE` with `$1`) finds for the school.
    async fn of_school<R: Record>(
        &self,
        prefix: &str,
        tail: &str,
        school_id: Uuid,
    ) -> Result<Vec<R>> {
        let alias = prefix.trim_end_matches('.');
        let sql = format!(
            "SELECT {} FROM {} {alias} {tail}",
            columns::<R>(prefix),
            R::TABLE
        );
        self.store.fetch_all(&sql, school_id).await
    }
}
