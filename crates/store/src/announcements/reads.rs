//! Reading announcements: a person's, newest first, with their read state, marked read
//! when seen; one announcement for its author or a person concerned; an author's with
//! how many of the people concerned read each.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Announcement, Announcements, Row, COLUMNS, CONCERNED};
use crate::{days, Result, StoreError};

/// An announcement as a person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub announcement: Announcement,
    /// Whether this person had read it before.
    pub read: bool,
}

/// An author's announcement with its reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub announcement: Announcement,
    /// Active people concerned, and how many of them read it.
    pub concerned: i64,
    pub read: i64,
}

/// Still shown on `$2` (a day): no last day, or not past it.
const CURRENT: &str = "(a.ends_on IS NULL OR a.ends_on >= $2)";

/// CTEs giving `candidates (announcement_id, user_id)` for each announcement of `mine`:
/// the people with a grant in its place, those teaching one of its classes, and the
/// parents of people with a grant there. Every branch of [`CONCERNED`] needs one of these
/// rows in the place, so the people concerned are among the candidates and the count is
/// the same as over everyone; but a school's announcement looks at that school's people,
/// not the country's. The place is matched by its narrowest column alone (class, else
/// school, else region, else everyone: one branch per kind), so each branch is an equality
/// join that an index serves (`role_grants_class`/`_school`/`_region`, the classes' own
/// keys, `class_teachers`' and `parent_links_pupil`).
const CANDIDATES: &str = "in_place_grants AS (
       SELECT a.id AS announcement_id, x.user_id FROM mine a
         JOIN role_grants x ON x.class_id = a.class_id
       UNION ALL SELECT a.id, x.user_id FROM mine a
         JOIN role_grants x ON x.school_id = a.school_id WHERE a.class_id IS NULL
       UNION ALL SELECT a.id, x.user_id FROM mine a
         JOIN role_grants x ON x.region_id = a.region_id WHERE a.school_id IS NULL
       UNION ALL SELECT a.id, x.user_id FROM mine a
         CROSS JOIN role_grants x WHERE a.region_id IS NULL),
     in_place_classes AS (
       SELECT a.id AS announcement_id, x.id AS class_id FROM mine a
         JOIN classes x ON x.id = a.class_id
       UNION ALL SELECT a.id, x.id FROM mine a
         JOIN classes x ON x.school_id = a.school_id WHERE a.class_id IS NULL
       UNION ALL SELECT a.id, x.id FROM mine a
         JOIN classes x ON x.region_id = a.region_id WHERE a.school_id IS NULL
       UNION ALL SELECT a.id, x.id FROM mine a
         CROSS JOIN classes x WHERE a.region_id IS NULL),
     candidates AS (
       SELECT announcement_id, user_id FROM in_place_grants
       UNION SELECT c.announcement_id, ct.user_id FROM in_place_classes c
         JOIN class_teachers ct ON ct.class_id = c.class_id
       UNION SELECT g.announcement_id, pl.parent_id FROM in_place_grants g
         JOIN parent_links pl ON pl.pupil_id = g.user_id)";

impl Announcements<'_> {
    /// The current announcements concerning `user_id` on `today`, newest first, at most
    /// `limit`, with whether they read each.
    pub async fn for_person(
        &self,
        user_id: Uuid,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<Seen>> {
        #[derive(sqlx::FromRow)]
        struct SeenRow {
            #[sqlx(flatten)]
            row: Row,
            seen_before: bool,
        }
        let sql = format!(
            "SELECT {COLUMNS}, EXISTS (SELECT 1 FROM announcement_reads r
                 WHERE r.announcement_id = a.id AND r.user_id = $1) AS seen_before
             FROM announcements a JOIN users u ON u.id = $1
             WHERE {CURRENT} AND {CONCERNED}
             ORDER BY a.created_at DESC, a.id DESC LIMIT $3"
        );
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, SeenRow>(&sql)
                .bind(user_id).bind(days::text(today)).bind(limit)
                .fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Seen {
                    announcement: r.row.into_announcement()?,
                    read: r.seen_before,
                })
            })
            .collect()
    }

    /// Marks `ids` read by `user_id`, those that concern them only.
    pub async fn mark_read(&self, user_id: Uuid, ids: &[Uuid]) -> Result<()> {
        let now = self.store.clock().now();
        let sql = format!(
            "INSERT INTO announcement_reads (announcement_id, user_id, read_at)
             SELECT a.id, u.id, $3 FROM announcements a JOIN users u ON u.id = $2
             WHERE a.id = $1 AND {CONCERNED}
             ON CONFLICT (announcement_id, user_id) DO NOTHING"
        );
        for id in ids {
            on_db!(self.store, pool => {
                sqlx::query(&sql).bind(id).bind(user_id).bind(now).execute(pool).await?;
            });
        }
        Ok(())
    }

    /// Announcement `id` for `user_id`: its author or a person concerned (even past its
    /// last day); anyone else gets `NotFound`.
    pub async fn visible(&self, user_id: Uuid, id: Uuid) -> Result<Announcement> {
        let sql = format!(
            "SELECT {COLUMNS} FROM announcements a JOIN users u ON u.id = $2
             WHERE a.id = $1 AND (a.author_id = u.id OR {CONCERNED})"
        );
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(&sql).bind(id).bind(user_id).fetch_optional(pool).await?
        });
        row.ok_or(StoreError::NotFound)?.into_announcement()
    }

    /// The announcements `author_id` posted, newest first, with their reach: one grouped
    /// query for the whole list (each of the author's announcements joined to the active
    /// people it concerns and their reads), not one count per announcement. [`CONCERNED`]
    /// is tried on the [`CANDIDATES`] of each announcement only, not on every person.
    pub async fn by_author(&self, author_id: Uuid, limit: i64) -> Result<Vec<Reach>> {
        #[derive(sqlx::FromRow)]
        struct ReachRow {
            #[sqlx(flatten)]
            row: Row,
            concerned: i64,
            readers: i64,
        }
        let sql = format!(
            "WITH mine AS (
               SELECT * FROM announcements WHERE author_id = $1
               ORDER BY created_at DESC, id DESC LIMIT $2),
             {CANDIDATES},
             reach AS (
               SELECT a.id, COUNT(*) AS concerned, COUNT(r.user_id) AS readers
               FROM mine a JOIN candidates k ON k.announcement_id = a.id
               JOIN users u ON u.id = k.user_id AND u.active = TRUE AND {CONCERNED}
               LEFT JOIN announcement_reads r ON r.announcement_id = a.id AND r.user_id = u.id
               GROUP BY a.id)
             SELECT {COLUMNS}, COALESCE(reach.concerned, 0) AS concerned,
               COALESCE(reach.readers, 0) AS readers
             FROM mine a LEFT JOIN reach ON reach.id = a.id
             ORDER BY a.created_at DESC, a.id DESC"
        );
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, ReachRow>(&sql).bind(author_id).bind(limit).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Reach {
                    announcement: r.row.into_announcement()?,
                    concerned: r.concerned,
                    read: r.readers,
                })
            })
            .collect()
    }
}
