//! Posting an announcement: its texts checked, then in one transaction the place's
//! region and school read from the database and the author's administrator grants
//! checked against them (`NotFound` outside: the place does not exist for them).

use chrono::NaiveDate;
use chrono_tz::Tz;
use lawha_core::validate::FieldError;
use uuid::Uuid;

use super::Announcements;
use crate::{days, BeginWrite, Result, StoreError};

/// Longest title and text, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 5000;

/// Where an announcement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    National,
    Region(Uuid),
    School(Uuid),
    Class(Uuid),
}

/// Whom, within the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// Everyone but pupils, trainees and parents.
    Staff,
    /// Pupils and trainees.
    Learners,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Staff => "staff",
            Audience::Learners => "learners",
        }
    }

    pub fn parse(text: &str) -> Result<Audience> {
        match text {
            "everyone" => Ok(Audience::Everyone),
            "staff" => Ok(Audience::Staff),
            "learners" => Ok(Audience::Learners),
            other => Err(StoreError::Corrupt(format!("audience {other:?}"))),
        }
    }
}

/// What an author posts.
#[derive(Debug, Clone)]
pub struct NewAnnouncement {
    pub author_id: Uuid,
    pub place: Place,
    /// A level or programme code narrowing the place.
    pub level_code: Option<String>,
    pub audience: Audience,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    pub ends_on: Option<NaiveDate>,
}

fn invalid(field: &'static str, code: &'static str) -> StoreError {
    StoreError::Invalid {
        field,
        error: FieldError::new(code),
    }
}

/// Checks the texts: a title and a text in at least one language, each language whole,
/// within the lengths; a last day not before `today`.
fn check(new: &NewAnnouncement, today: NaiveDate) -> Result<()> {
    let pairs = [
        (new.title_ar.trim(), new.body_ar.trim()),
        (new.title_fr.trim(), new.body_fr.trim()),
    ];
    if pairs.iter().all(|(t, b)| t.is_empty() && b.is_empty()) {
        return Err(invalid("title", "required"));
    }
    for (title, body) in pairs {
        if title.is_empty() != body.is_empty() {
            return Err(invalid(
                if title.is_empty() { "title" } else { "body" },
                "required",
            ));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(invalid("title", "too-long"));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(invalid("body", "too-long"));
        }
    }
    if new.ends_on.is_some_and(|d| d < today) {
        return Err(invalid("ends_on", "in-the-past"));
    }
    if let Some(code) = &new.level_code {
        let known = lawha_core::reference::levels()
            .iter()
            .any(|l| l.code == *code)
            || lawha_core::reference::programmes()
                .iter()
                .any(|p| p.code == *code);
        if !known {
            return Err(invalid("level", "unknown-level"));
        }
    }
    Ok(())
}

impl Announcements<'_> {
    /// Posts `new` and returns its id. Refused with `NotFound` when the author holds no
    /// administrator grant over the place, checked in the inserting transaction. Its last
    /// day is a day of `zone`, the platform's time zone (the readers' lists take their
    /// "today" on the same clock), not of UTC: at 23:30 UTC Casablanca may be a day ahead.
    pub async fn post(&self, new: &NewAnnouncement, zone: Tz) -> Result<Uuid> {
        let now = self.store.clock().now();
        check(new, now.with_timezone(&zone).date_naive())?;
        let id = lawha_core::id::new_id();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            // The place's ancestry from the database, never from the request.
            let (region, school, class): (Option<Uuid>, Option<Uuid>, Option<Uuid>) =
                match new.place {
                    Place::National => (None, None, None),
                    Place::Region(r) => {
                        let found: Option<Uuid> =
                            sqlx::query_scalar("SELECT id FROM regions WHERE id = $1")
                                .bind(r).fetch_optional(&mut *tx).await?;
                        (Some(found.ok_or(StoreError::NotFound)?), None, None)
                    }
                    Place::School(s) => {
                        let found: Option<Uuid> =
                            sqlx::query_scalar("SELECT region_id FROM schools WHERE id = $1")
                                .bind(s).fetch_optional(&mut *tx).await?;
                        (Some(found.ok_or(StoreError::NotFound)?), Some(s), None)
                    }
                    Place::Class(c) => {
                        let found: Option<(Uuid, Uuid)> =
                            sqlx::query_as("SELECT region_id, school_id FROM classes WHERE id = $1")
                                .bind(c).fetch_optional(&mut *tx).await?;
                        let (r, s) = found.ok_or(StoreError::NotFound)?;
                        (Some(r), Some(s), Some(c))
                    }
                };
            // An administrator grant of the author's containing the place: national, or
            // the place's region, or its school.
            let allowed: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM role_grants g
                 WHERE g.user_id = $1
                   AND g.role IN ('school_admin', 'regional_admin', 'ministry_admin')
                   AND ((g.region_id IS NULL AND g.school_id IS NULL AND g.class_id IS NULL)
                     OR (g.school_id IS NULL AND g.class_id IS NULL AND g.region_id = $2)
                     OR (g.class_id IS NULL AND g.school_id = $3))",
            )
            .bind(new.author_id).bind(region).bind(school)
            .fetch_one(&mut *tx).await?;
            if allowed == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "INSERT INTO announcements (id, author_id, region_id, school_id, class_id,
                   level_code, audience, title_ar, title_fr, body_ar, body_fr, ends_on,
                   created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(id).bind(new.author_id).bind(region).bind(school).bind(class)
            .bind(&new.level_code).bind(new.audience.as_str())
            .bind(new.title_ar.trim()).bind(new.title_fr.trim())
            .bind(new.body_ar.trim()).bind(new.body_fr.trim())
            .bind(new.ends_on.map(days::text)).bind(now)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(id)
    }
}
