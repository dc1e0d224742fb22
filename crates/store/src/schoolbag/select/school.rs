//! The school part of a pack: the school with its province and region, its classes, the
//! accounts of its people with their grants within it, teachers' classes, parents' links
//! and the assignments of its classes on content of the selection. Down sync
//! (`sync::down`) sends the same people, and the school's current assignments.

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
use crate::sync::down::Roster;
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
    /// Who is of the school now, as a pull's last page says it (`None` in a pack for no
    /// school).
    pub(super) roster: Option<Roster>,
}

/// The school's people: a grant within the school and none outside it (another school's,
/// national, regional), so that no account whose password opens more than this school, nor
/// its hash, leaves the platform this way (a teacher of two schools signs in on neither
/// school's node; the platform serves them).
const PEOPLE: &str =
    "WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id = $1)
    AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id
                    AND (g.school_id IS NULL OR g.school_id <> $1))";

/// The school's people as the platform holds them now, for a pack or a down batch: the
/// school with its province and region, its classes, the accounts that may travel with
/// their grants in the school, the teachers' classes and the parents' links (whole).
pub(crate) struct SchoolPeople {
    pub(crate) region: RegionRow,
    pub(crate) province: ProvinceRow,
    pub(crate) school: SchoolRow,
    /// The classes changed since `since`.
    pub(crate) classes: Vec<ClassRow>,
    /// The accounts changed since `since`: edited, or given a grant in the school (someone
    /// coming back to the school travels whole, since a node took their account off when
    /// they left).
    pub(crate) users: Vec<UserRow>,
    /// Every grant in the school of the people whose accounts may travel.
    pub(crate) grants: Vec<GrantRow>,
    pub(crate) class_teachers: Vec<ClassTeacherRow>,
    pub(crate) parent_links: Vec<ParentLinkRow>,
    /// The school's people whose accounts may travel, changed or not.
    pub(crate) people: HashSet<Uuid>,
}

impl Schoolbag<'_> {
    pub(super) async fn school_share(
        &self,
        school_id: Uuid,
        since: Option<DateTime<Utc>>,
        curriculum: &Curriculum,
        now: DateTime<Utc>,
    ) -> Result<SchoolShare> {
        let p = self.school_people(school_id, since).await?;
        // The roster does not depend on `since`: a delta carries it whole too.
        let roster = self.store.sync().roster_now(&p, now).await?;
        // Assignments of content in the selection only: others wait for a pack that
        // carries their capsule or set.
        let assignments: Vec<AssignmentRow> = self
            .school_assignments(school_id)
            .await?
            .into_iter()
            .filter(|a| {
                changed(a.created_at, since)
                    && a.capsule_id
                        .is_none_or(|c| curriculum.capsules_in_scope.contains(&c))
                    && a.set_id
                        .is_none_or(|s| curriculum.sets_in_scope.contains(&s))
            })
            .collect();
        let assignment_pupils = self.assignment_pupils(&assignments, &p.people).await?;
        let travelling: HashSet<Uuid> = p.users.iter().map(|u| u.id).collect();
        Ok(SchoolShare {
            regions: vec![p.region],
            provinces: vec![p.province],
            schools: vec![p.school],
            classes: p.classes,
            // A person's grants travel with their account.
            grants: p
                .grants
                .into_iter()
                .filter(|g| travelling.contains(&g.user_id))
                .collect(),
            class_teachers: p.class_teachers,
            parent_links: p.parent_links,
            assignment_pupils,
            users: p.users,
            assignments,
            people: p.people,
            roster: Some(roster),
        })
    }

    /// The school's people (see [`SchoolPeople`]); [`PackFault::UnknownSchool`] when there
    /// is no such school.
    pub(crate) async fn school_people(
        &self,
        school_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<SchoolPeople> {
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
        let grants: Vec<GrantRow> = self
            .of_school("", "WHERE school_id = $1", school_id)
            .await?;
        let grants: Vec<GrantRow> = grants
            .into_iter()
            .filter(|g| people.contains(&g.user_id))
            .collect();
        let newly_granted: HashSet<Uuid> = grants
            .iter()
            .filter(|g| changed(g.created_at, since))
            .map(|g| g.user_id)
            .collect();
        let class_teachers: Vec<ClassTeacherRow> = self
            .of_school(
                "t.",
                "JOIN classes c ON c.id = t.class_id WHERE c.school_id = $1",
                school_id,
            )
            .await?;
        let person_ids: Vec<Uuid> = people.iter().copied().collect();
        let parent_links: Vec<ParentLinkRow> = self.rows_where("parent_id", &person_ids).await?;
        let person = |id: &Uuid| people.contains(id);
        Ok(SchoolPeople {
            region,
            province,
            school,
            classes: classes
                .into_iter()
                .filter(|c| changed(c.updated_at, since))
                .collect(),
            class_teachers: class_teachers
                .into_iter()
                .filter(|t| person(&t.user_id))
                .collect(),
            parent_links: parent_links
                .into_iter()
                .filter(|l| person(&l.pupil_id))
                .collect(),
            users: users
                .into_iter()
                .filter(|u| changed(u.updated_at, since) || newly_granted.contains(&u.id))
                .collect(),
            grants,
            people,
        })
    }

    /// Every assignment of the school's classes.
    pub(crate) async fn school_assignments(&self, school_id: Uuid) -> Result<Vec<AssignmentRow>> {
        self.of_school(
            "a.",
            "JOIN classes c ON c.id = a.class_id WHERE c.school_id = $1",
            school_id,
        )
        .await
    }

    /// The pupils of `assignments` who are among `people`.
    pub(crate) async fn assignment_pupils(
        &self,
        assignments: &[AssignmentRow],
        people: &HashSet<Uuid>,
    ) -> Result<Vec<AssignmentPupilRow>> {
        let ids: Vec<Uuid> = assignments.iter().map(|a| a.id).collect();
        let rows: Vec<AssignmentPupilRow> = self.rows_where("assignment_id", &ids).await?;
        Ok(rows
            .into_iter()
            .filter(|p| people.contains(&p.user_id))
            .collect())
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
