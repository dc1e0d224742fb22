//! Announcements (issue 18): an administrator — of a school (vocational establishments
//! included), a region or the ministry — posts a text in Arabic and/or French to a place
//! inside their scope, optionally narrowed to a level or programme and to staff or
//! learners, with an optional last day ([`post`]). The people concerned read them newest
//! first, each with their own read state; the author sees how many of those concerned
//! read each ([`reads`]).
//!
//! Who is concerned is one SQL predicate ([`CONCERNED`]): a grant in the place (a
//! region's, a school's, a class's own; national grants are concerned only by national
//! announcements), for teachers a class they teach there, and for parents a child they
//! are linked to who is a learner there (not for staff-only ones); the audience and
//! level narrow it. The author's right to the place is checked inside the inserting transaction
//! from the database's own rows: the place's region and school are read there, not taken
//! from the request, so a forged scope (another school under one's own region) is refused.
//!
//! Tables: `announcements`, `announcement_reads` (migration 0020).

pub mod post;
pub mod reads;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::Store;

pub use post::{Audience, NewAnnouncement, Place};
pub use reads::{Reach, Seen};

/// Announcements: `store.announcements()`.
#[derive(Clone, Copy)]
pub struct Announcements<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Announcements`].
    pub fn announcements(&self) -> Announcements<'_> {
        Announcements { store: self }
    }
}

/// An announcement as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: Uuid,
    pub author_id: Option<Uuid>,
    pub place: Place,
    pub level_code: Option<String>,
    pub audience: Audience,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    pub ends_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// The columns of an [`Announcement`], table alias `a`.
pub(crate) const COLUMNS: &str = "a.id, a.author_id, a.region_id, a.school_id, a.class_id,
    a.level_code, a.audience, a.title_ar, a.title_fr, a.body_ar, a.body_fr, a.ends_on,
    a.created_at";

/// Whether the person `u.id` is concerned by the announcement `a`: a grant of theirs in
/// its place, a class they teach there, or — unless it is for staff only — an active
/// pupil or trainee of the place they are the linked parent of (parents follow what
/// their children are told, learners-only announcements included).
pub(crate) const CONCERNED: &str = "(EXISTS (
      SELECT 1 FROM role_grants g LEFT JOIN classes gc ON gc.id = g.class_id
      WHERE g.user_id = u.id
        AND (a.region_id IS NULL OR g.region_id = a.region_id)
        AND (a.school_id IS NULL OR g.school_id = a.school_id)
        AND (a.class_id IS NULL OR g.class_id = a.class_id)
        AND (a.audience <> 'staff' OR g.role NOT IN ('pupil', 'trainee', 'parent'))
        AND (a.audience <> 'learners' OR g.role IN ('pupil', 'trainee'))
        AND (a.level_code IS NULL OR gc.level_code = a.level_code
             OR gc.programme_code = a.level_code))
    OR (a.audience <> 'learners' AND EXISTS (
      SELECT 1 FROM class_teachers ct JOIN classes c ON c.id = ct.class_id
      WHERE ct.user_id = u.id
        AND (a.region_id IS NULL OR c.region_id = a.region_id)
        AND (a.school_id IS NULL OR c.school_id = a.school_id)
        AND (a.class_id IS NULL OR c.id = a.class_id)
        AND (a.level_code IS NULL OR c.level_code = a.level_code
             OR c.programme_code = a.level_code)))
    OR (a.audience <> 'staff' AND EXISTS (
      SELECT 1 FROM parent_links pl
        JOIN users pu ON pu.id = pl.pupil_id AND pu.active = TRUE
        JOIN role_grants pg ON pg.user_id = pl.pupil_id AND pg.role IN ('pupil', 'trainee')
        LEFT JOIN classes pc ON pc.id = pg.class_id
      WHERE pl.parent_id = u.id
        AND (a.region_id IS NULL OR pg.region_id = a.region_id)
        AND (a.school_id IS NULL OR pg.school_id = a.school_id)
        AND (a.class_id IS NULL OR pg.class_id = a.class_id)
        AND (a.level_code IS NULL OR pc.level_code = a.level_code
             OR pc.programme_code = a.level_code))))";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: Uuid,
    author_id: Option<Uuid>,
    region_id: Option<Uuid>,
    school_id: Option<Uuid>,
    class_id: Option<Uuid>,
    level_code: Option<String>,
    audience: String,
    title_ar: String,
    title_fr: String,
    body_ar: String,
    body_fr: String,
    ends_on: Option<String>,
    created_at: DateTime<Utc>,
}

impl Row {
    pub(crate) fn into_announcement(self) -> crate::Result<Announcement> {
        let place = match (self.region_id, self.school_id, self.class_id) {
            (_, _, Some(class)) => Place::Class(class),
            (_, Some(school), None) => Place::School(school),
            (Some(region), None, None) => Place::Region(region),
            (None, None, None) => Place::National,
        };
        Ok(Announcement {
            id: self.id,
            author_id: self.author_id,
            place,
            level_code: self.level_code,
            audience: Audience::parse(&self.audience)?,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            body_ar: self.body_ar,
            body_fr: self.body_fr,
            ends_on: self
                .ends_on
                .as_deref()
                .map(crate::days::parse)
                .transpose()?,
            created_at: self.created_at,
        })
    }
}
