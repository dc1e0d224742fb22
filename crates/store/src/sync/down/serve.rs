//! The platform's side: a node's signed request checked, and its school's people changed
//! since its cursor read into one page of a [`DownBatch`]. Only the node's last contact is
//! written.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    DownBatch, DownCursor, DownPage, DownRequest, Roster, DOWN_VERSION, MAX_DOWN_ACCOUNTS,
    MAX_REQUEST_SKEW_SECONDS,
};
use crate::schoolbag::records::{
    AssignmentPupilRow, AssignmentRow, ClassTeacherRow, GrantRow, ParentLinkRow, UserRow,
};
use crate::schoolbag::select::school::SchoolPeople;
use crate::schoolbag::{PackContent, PackSelection, FORMAT_VERSION};
use crate::sync::batch::SignedBatch;
use crate::sync::{NodeSync, SyncRefusal};
use crate::{Result, StoreError};

/// How far back of a pull's start the next pull looks again: a write whose time was taken
/// before the pull read but that committed after it is not missed. Rows sent twice are
/// written once (only rows that differ are).
const OVERLAP_SECONDS: i64 = 120;

/// How long after its due date an assignment still goes down.
const CURRENT_DAYS: i64 = 1;

/// What comes whole on a pull's last page.
struct Whole {
    roster: Roster,
    class_teachers: Vec<ClassTeacherRow>,
    parent_links: Vec<ParentLinkRow>,
    assignments: Vec<AssignmentRow>,
    assignment_pupils: Vec<AssignmentPupilRow>,
}

impl NodeSync<'_> {
    /// Checks a node's signed [`DownRequest`] and answers it with the next page of its
    /// school's changes. A refusal is [`StoreError::SyncRefused`]: an unknown node or a bad
    /// signature, a revoked node, a request dated too far from now ([`SyncRefusal::StaleRequest`]).
    pub async fn answer_down(&self, signed: &SignedBatch) -> Result<DownBatch> {
        self.answer_down_paged(signed, MAX_DOWN_ACCOUNTS).await
    }

    /// [`NodeSync::answer_down`] with pages of at most `page_size` accounts (at least one;
    /// tests page a few people).
    pub async fn answer_down_paged(
        &self,
        signed: &SignedBatch,
        page_size: usize,
    ) -> Result<DownBatch> {
        let refused = StoreError::SyncRefused;
        let node = self.registered_key(signed.node_id).await?;
        let request = DownRequest::open(signed, &node.public_key).map_err(refused)?;
        // After the signature: an unsigned request learns nothing of the node's state.
        if node.revoked_at.is_some() {
            return Err(refused(SyncRefusal::RevokedNode));
        }
        let now = self.store.now();
        if (request.sent_at - now).abs() > Duration::seconds(MAX_REQUEST_SKEW_SECONDS) {
            return Err(refused(SyncRefusal::StaleRequest));
        }
        let page_size = page_size.clamp(1, MAX_DOWN_ACCOUNTS);
        let batch = self.page(&request, node.school_id, page_size, now).await?;
        on_db!(self.store, pool => {
            sqlx::query("UPDATE school_nodes SET last_contact_at = $2 WHERE id = $1")
                .bind(signed.node_id).bind(now).execute(pool).await?;
        });
        Ok(batch)
    }

    /// The page of `request`'s pull that starts at its cursor.
    async fn page(
        &self,
        request: &DownRequest,
        school: Uuid,
        page_size: usize,
        now: DateTime<Utc>,
    ) -> Result<DownBatch> {
        let from = request.cursor;
        let started = from.page.map_or(now, |p| p.started);
        let people = self
            .store
            .schoolbag()
            .school_people(school, from.since)
            .await?;
        // Accounts go by id: the set changed since `since` only grows while a pull reads
        // its pages, and what changes meanwhile is after `started`, so it comes next time.
        let mut users: Vec<UserRow> = people
            .users
            .iter()
            .filter(|u| from.page.is_none_or(|p| u.id > p.after))
            .cloned()
            .collect();
        users.sort_by_key(|u| u.id);
        let more = users.len() > page_size;
        users.truncate(page_size);
        let to = match (more, users.last()) {
            (true, Some(last)) => DownCursor {
                since: from.since,
                page: Some(DownPage {
                    started,
                    after: last.id,
                }),
            },
            _ => {
                let next = started - Duration::seconds(OVERLAP_SECONDS);
                DownCursor {
                    since: Some(from.since.map_or(next, |since| since.max(next))),
                    page: None,
                }
            }
        };
        let on_page: HashSet<Uuid> = users.iter().map(|u| u.id).collect();
        let grants: Vec<GrantRow> = people
            .grants
            .iter()
            .filter(|g| on_page.contains(&g.user_id))
            .cloned()
            .collect();
        let whole = if more {
            None
        } else {
            let whole = self.whole(&people, from.since, now).await?;
            (request.roster_digest.as_ref() != Some(&whole.roster.digest)).then_some(whole)
        };
        Ok(assemble(
            request, school, from, to, more, people, users, grants, whole, now,
        ))
    }

    /// The roster a first pull's last page would carry now: a school's pack carries it, so
    /// that a node reached only by USB takes off those who left, as a pull does.
    pub(crate) async fn roster_now(
        &self,
        people: &SchoolPeople,
        now: DateTime<Utc>,
    ) -> Result<Roster> {
        Ok(self.whole(people, None, now).await?.roster)
    }

    /// The roster and what comes whole beside it, with their digest.
    async fn whole(
        &self,
        people: &SchoolPeople,
        since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Whole> {
        let school = people.school.id;
        let current = (now - Duration::days(CURRENT_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        let author = |id: Option<Uuid>| id.filter(|id| people.people.contains(id));
        let mut assignments: Vec<AssignmentRow> = self
            .store
            .schoolbag()
            .school_assignments(school)
            .await?
            .into_iter()
            .filter(|a| a.due_on >= current || since.is_none_or(|s| a.created_at > s))
            .map(|a| AssignmentRow {
                created_by: author(a.created_by),
                ..a
            })
            .collect();
        assignments.sort_by_key(|a| a.id);
        let mut assignment_pupils = self
            .store
            .schoolbag()
            .assignment_pupils(&assignments, &people.people)
            .await?;
        assignment_pupils.sort_by_key(|p| (p.assignment_id, p.user_id));
        let mut class_teachers = people.class_teachers.clone();
        class_teachers.sort_by_key(|t| (t.class_id, t.user_id));
        let mut parent_links = people.parent_links.clone();
        parent_links.sort_by_key(|l| (l.parent_id, l.pupil_id));
        let mut person_ids: Vec<Uuid> = people.people.iter().copied().collect();
        person_ids.sort_unstable();
        let mut grant_ids: Vec<Uuid> = people.grants.iter().map(|g| g.id).collect();
        grant_ids.sort_unstable();
        let digest = digest(&(
            &person_ids,
            &grant_ids,
            &class_teachers,
            &parent_links,
            &assignments,
            &assignment_pupils,
        ))?;
        Ok(Whole {
            roster: Roster {
                digest,
                people: person_ids,
                grants: grant_ids,
            },
            class_teachers,
            parent_links,
            assignments,
            assignment_pupils,
        })
    }
}

/// SHA-256 of `value`'s JSON, in hex: its lists are sorted, so equal content has one digest.
fn digest<T: serde::Serialize>(value: &T) -> Result<String> {
    let json =
        serde_json::to_vec(value).map_err(|e| StoreError::Corrupt(format!("down roster: {e}")))?;
    Ok(hex::encode(Sha256::digest(&json)))
}

/// Puts a page together as pack content: the school's place rows (always: three small
/// rows, written only when they differ), the page's accounts and grants, and what comes
/// whole when it does.
#[allow(clippy::too_many_arguments)]
fn assemble(
    request: &DownRequest,
    school: Uuid,
    from: DownCursor,
    to: DownCursor,
    more: bool,
    people: SchoolPeople,
    users: Vec<UserRow>,
    grants: Vec<GrantRow>,
    whole: Option<Whole>,
    now: DateTime<Utc>,
) -> DownBatch {
    let (roster, class_teachers, parent_links, assignments, assignment_pupils) = match whole {
        Some(w) => (
            Some(w.roster),
            w.class_teachers,
            w.parent_links,
            w.assignments,
            w.assignment_pupils,
        ),
        None => Default::default(),
    };
    DownBatch {
        version: DOWN_VERSION,
        node_id: request.node_id,
        school_id: school,
        from,
        to,
        more,
        content: PackContent {
            format_version: FORMAT_VERSION,
            pack_id: Uuid::nil(),
            built_at: now,
            selection: PackSelection {
                school: Some(school),
                since: from.since,
                ..PackSelection::default()
            },
            regions: vec![people.region],
            provinces: vec![people.province],
            schools: vec![people.school],
            classes: people.classes,
            users,
            grants,
            class_teachers,
            parent_links,
            units: Vec::new(),
            lessons: Vec::new(),
            capsules: Vec::new(),
            media_assets: Vec::new(),
            capsule_files: Vec::new(),
            exercise_sets: Vec::new(),
            exercise_items: Vec::new(),
            assignments,
            assignment_pupils,
            withdrawn_capsules: Vec::new(),
            media: Vec::new(),
            roster: None,
        },
        roster,
    }
}
