//! The node's side: its down cursor and roster digest (`sync_state`), and applying a
//! [`DownBatch`] in one transaction with them.
//!
//! In that transaction: the batch must start at the node's cursor, or it is ignored (an
//! answer replayed, or to a request made before: applied already); assignments whose class,
//! capsule or set the node lacks wait (their content pack has not come) and are sent again
//! while they are current, since the node keeps no digest of a roster it could not apply
//! whole; the rows are written by the schoolbag's rules (`schoolbag::apply::apply_rows`);
//! with a roster, everyone holding a grant in the school who is not on it is taken off —
//! their grants, teachers' classes, parents' links and sessions removed and their account
//! made inactive, so they cannot sign in; their past events stay, and so does their row,
//! which events name — and so are the grants, teachers' classes and parents' links the
//! platform no longer has; then the cursor moves.

use uuid::Uuid;

use super::{DownApplied, DownBatch, DownCursor, Roster, DOWN_VERSION};
use crate::schoolbag::apply::apply_rows;
use crate::schoolbag::record_writes::RecordWrites;
use crate::schoolbag::records::Key;
use crate::schoolbag::PackContent;
use crate::sync::{NodeSync, SyncRefusal};
use crate::{BeginWrite, Result, StoreError};

/// `sync_state` key of the down cursor (JSON).
pub(super) const DOWN_CURSOR: &str = "down_cursor";
/// `sync_state` key of the digest of the last roster applied whole.
pub(super) const ROSTER_DIGEST: &str = "down_roster";

/// Forgets the roster the node last applied, in a pack import's transaction: a pack built
/// before someone left may have put their grants back, and with no digest kept the next
/// pull brings the whole roster again and takes them off once more.
pub(crate) async fn forget_roster<C: DownWrites>(conn: &mut C) -> Result<()> {
    conn.set_state(ROSTER_DIGEST, None).await
}

/// Applies a school pack's roster in the pack import's transaction, after its rows, with
/// the code a pull's last page uses ([`DownWrites::remove_departed`]): those the roster
/// lacks are taken off, so a node reached only by USB loses those who left. The pack's
/// teachers' classes and parents' links are the school's whole lists, as on that page.
///
/// Skipped for a pack built no later than the node's down cursor (`since`): the node's
/// pulls know more recent people than the pack, and its roster could take off someone who
/// arrived after it was built. A pack built later is applied, and a pull in progress starts
/// again from its `since` (which is before the pack): someone the roster took off because
/// they arrived after it was built — on the node by a pull, not on the pack's roster — was
/// granted after `since`, so the next pull brings them back.
pub(crate) async fn apply_pack_roster<C: DownWrites>(
    conn: &mut C,
    content: &PackContent,
) -> Result<Removed> {
    let (Some(roster), Some(school)) = (&content.roster, content.selection.school) else {
        return Ok(Removed::default());
    };
    let mut cursor = read_cursor(conn.state(DOWN_CURSOR).await?.as_deref())?;
    if cursor.since.is_some_and(|since| since >= content.built_at) {
        return Ok(Removed::default());
    }
    let removed = conn.remove_departed(school, roster, content).await?;
    if cursor.page.take().is_some() {
        let json = serde_json::to_string(&cursor)
            .map_err(|e| StoreError::Corrupt(format!("down cursor: {e}")))?;
        conn.set_state(DOWN_CURSOR, Some(&json)).await?;
    }
    Ok(removed)
}

/// What a people removal took off the node.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Removed {
    pub(crate) people: u64,
    pub(crate) links: u64,
}

/// The down transaction's own reads and writes, implemented for each engine's connection.
pub(crate) trait DownWrites {
    /// `sync_state`'s value under `key`.
    async fn state(&mut self, key: &str) -> Result<Option<String>>;
    /// Sets `key` to `value`, or removes it when `None`.
    async fn set_state(&mut self, key: &str, value: Option<&str>) -> Result<()>;
    /// Takes off what `roster` and `content`'s whole lists no longer hold (see the module doc).
    async fn remove_departed(
        &mut self,
        school: Uuid,
        roster: &Roster,
        content: &PackContent,
    ) -> Result<Removed>;
}

impl NodeSync<'_> {
    /// Where this node's downward sync stands, and the digest of the roster it holds.
    pub async fn down_state(&self) -> Result<(DownCursor, Option<String>)> {
        let (cursor, digest) = on_db!(self.store, pool => {
            let mut conn = pool.acquire().await?;
            (conn.state(DOWN_CURSOR).await?, conn.state(ROSTER_DIGEST).await?)
        });
        Ok((read_cursor(cursor.as_deref())?, digest))
    }

    /// Applies a down batch the platform sent this node (`node_id`, of `school_id`), with
    /// its cursor, in one transaction; a batch for another node or school, or of another
    /// version, is refused with nothing applied.
    pub async fn apply_down(
        &self,
        batch: &DownBatch,
        node_id: Uuid,
        school_id: Uuid,
    ) -> Result<DownApplied> {
        if batch.version != DOWN_VERSION {
            return Err(StoreError::SyncRefused(SyncRefusal::UnsupportedVersion(
                batch.version,
            )));
        }
        if batch.node_id != node_id || batch.school_id != school_id {
            return Err(StoreError::SyncRefused(SyncRefusal::Malformed(
                "another-node",
            )));
        }
        let content = self
            .store
            .schoolbag()
            .with_node_regions(&batch.content)
            .await?;
        let cursor = serde_json::to_string(&batch.to)
            .map_err(|e| StoreError::Corrupt(format!("down cursor: {e}")))?;
        let at = self.store.now();
        Ok(on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let here = read_cursor(tx.state(DOWN_CURSOR).await?.as_deref())?;
            if here != batch.from {
                return Ok(DownApplied { ignored: true, ..DownApplied::default() });
            }
            let (content, waiting) = placeable(&mut *tx, content).await?;
            let summary = apply_rows(&mut *tx, &content, at).await?;
            let mut applied = DownApplied {
                written: summary.written,
                rows_waiting: waiting,
                ..DownApplied::default()
            };
            if let Some(roster) = &batch.roster {
                let removed = tx.remove_departed(school_id, roster, &content).await?;
                applied.people_removed = removed.people;
                applied.links_removed = removed.links;
                // A roster applied with rows waiting is asked for again.
                let digest = (waiting == 0).then_some(roster.digest.as_str());
                tx.set_state(ROSTER_DIGEST, digest).await?;
            }
            tx.set_state(DOWN_CURSOR, Some(&cursor)).await?;
            tx.commit().await?;
            applied
        }))
    }
}

fn read_cursor(json: Option<&str>) -> Result<DownCursor> {
    json.map_or(Ok(DownCursor::default()), |json| {
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("down cursor: {e}")))
    })
}

/// `content` without the assignments whose class, capsule or set is neither in it nor on
/// the node (and their pupils, and pupils the node lacks), and without teachers' classes and
/// parents' links naming someone the node lacks, with how many rows wait; an author the
/// node lacks is dropped, as a pack drops authors who are not of the school.
async fn placeable<C: RecordWrites>(
    conn: &mut C,
    mut content: PackContent,
) -> Result<(PackContent, u64)> {
    let classes: Vec<Uuid> = content.classes.iter().map(|c| c.id).collect();
    let users: Vec<Uuid> = content.users.iter().map(|u| u.id).collect();
    let mut kept = Vec::with_capacity(content.assignments.len());
    let mut waiting = 0;
    for mut assignment in std::mem::take(&mut content.assignments) {
        let class_here = classes.contains(&assignment.class_id)
            || conn
                .has_row("classes", &Key::Id(assignment.class_id))
                .await?;
        let mut work_here = true;
        if let Some(capsule) = assignment.capsule_id {
            work_here &= conn.has_row("capsules", &Key::Id(capsule)).await?;
        }
        if let Some(set) = assignment.set_id {
            work_here &= conn.has_row("exercise_sets", &Key::Id(set)).await?;
        }
        if !(class_here && work_here) {
            waiting += 1;
            continue;
        }
        if let Some(author) = assignment.created_by {
            if !users.contains(&author) && !conn.has_row("users", &Key::Id(author)).await? {
                assignment.created_by = None;
            }
        }
        kept.push(assignment);
    }
    let mut pupils = Vec::with_capacity(content.assignment_pupils.len());
    for pupil in std::mem::take(&mut content.assignment_pupils) {
        let placed = kept.iter().any(|a| a.id == pupil.assignment_id)
            && (users.contains(&pupil.user_id)
                || conn.has_row("users", &Key::Id(pupil.user_id)).await?);
        if placed {
            pupils.push(pupil);
        }
    }
    content.assignments = kept;
    content.assignment_pupils = pupils;
    // Teachers' classes and parents' links name people of the roster, which is read when
    // the last page is: someone given a grant in the school during a pull of several pages,
    // whose id came before the pages already read, is not on the node yet. Their links wait
    // (no digest is kept, so they come again) rather than failing every pull.
    let mut teachers = Vec::with_capacity(content.class_teachers.len());
    for row in std::mem::take(&mut content.class_teachers) {
        let class_here = classes.contains(&row.class_id)
            || conn.has_row("classes", &Key::Id(row.class_id)).await?;
        if class_here && user_here(conn, &users, row.user_id).await? {
            teachers.push(row);
        } else {
            waiting += 1;
        }
    }
    let mut links = Vec::with_capacity(content.parent_links.len());
    for link in std::mem::take(&mut content.parent_links) {
        if user_here(conn, &users, link.parent_id).await?
            && user_here(conn, &users, link.pupil_id).await?
        {
            links.push(link);
        } else {
            waiting += 1;
        }
    }
    content.class_teachers = teachers;
    content.parent_links = links;
    Ok((content, waiting))
}

/// Whether account `id` is in the page (`users`) or already on the node.
async fn user_here<C: RecordWrites>(conn: &mut C, users: &[Uuid], id: Uuid) -> Result<bool> {
    Ok(users.contains(&id) || conn.has_row("users", &Key::Id(id)).await?)
}
