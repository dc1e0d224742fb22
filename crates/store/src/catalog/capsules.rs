//! Capsules (video lessons) on lessons: creating and editing them, publishing and
//! withdrawing, and the listings the catalog, the studio and search read.
//!
//! Which media version plays, and how versions are processed, is
//! [`crate::media_jobs::media`]'s job; what pupils watched is [`crate::learning::watching`]'s.

use chrono::{DateTime, Utc};
use lawha_core::capsule::{CapsuleStatus, ValidCapsule};
use lawha_core::{new_id, Locale, Scope};
use serde::Serialize;
use uuid::Uuid;

use super::Catalog;
use crate::sqlite_reads::values::{optional_timestamp, timestamp};
use crate::{Page, Paged, Refusal, Result, StoreError};

/// A capsule as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capsule {
    pub id: Uuid,
    pub lesson_id: Uuid,
    pub external_ref: Option<String>,
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    pub language: Locale,
    pub teacher: String,
    pub tags: Vec<String>,
    pub status: CapsuleStatus,
    /// Only this school's (or establishment's) members may watch it, when set.
    pub school_id: Option<Uuid>,
    /// The region of `school_id` (read with it, so that access checks need no lookup).
    pub school_region_id: Option<Uuid>,
    /// The media version that plays.
    pub media_id: Option<Uuid>,
    pub duration_ms: Option<i64>,
    pub transcript: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// Published as soon as the version being processed is ready.
    pub publish_when_ready: bool,
}

impl Capsule {
    /// The school a restricted capsule is open to, as a scope; `None` when open to all.
    /// Administrators review a capsule when this lies in their scope.
    pub fn audience(&self) -> Option<Scope> {
        Some(Scope::School {
            region: self.school_region_id?,
            school: self.school_id?,
        })
    }

    /// The title in `locale`, or the other one when it has none in that language.
    pub fn title(&self, locale: Locale) -> &str {
        let (first, other) = match locale {
            Locale::Ar => (&self.title_ar, &self.title_fr),
            Locale::Fr => (&self.title_fr, &self.title_ar),
        };
        if first.is_empty() {
            other
        } else {
            first
        }
    }

    pub fn description(&self, locale: Locale) -> &str {
        let (first, other) = match locale {
            Locale::Ar => (&self.description_ar, &self.description_fr),
            Locale::Fr => (&self.description_fr, &self.description_ar),
        };
        if first.is_empty() {
            other
        } else {
            first
        }
    }
}

/// What a new capsule needs.
#[derive(Debug, Clone)]
pub struct NewCapsule {
    pub lesson_id: Uuid,
    pub fields: ValidCapsule,
    pub school_id: Option<Uuid>,
    pub external_ref: Option<String>,
    pub created_by: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CapsuleRow {
    id: Uuid,
    lesson_id: Uuid,
    external_ref: Option<String>,
    title_ar: String,
    title_fr: String,
    description_ar: String,
    description_fr: String,
    language: String,
    teacher: String,
    tags: String,
    status: String,
    school_id: Option<Uuid>,
    school_region_id: Option<Uuid>,
    media_id: Option<Uuid>,
    duration_ms: Option<i64>,
    transcript: String,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    publish_when_ready: bool,
}

impl CapsuleRow {
    /// A row of [`CAPSULE_COLS`] read on SQLite's in-place path.
    pub(crate) fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<CapsuleRow> {
        Ok(CapsuleRow {
            id: row.get("id")?,
            lesson_id: row.get("lesson_id")?,
            external_ref: row.get("external_ref")?,
            title_ar: row.get("title_ar")?,
            title_fr: row.get("title_fr")?,
            description_ar: row.get("description_ar")?,
            description_fr: row.get("description_fr")?,
            language: row.get("language")?,
            teacher: row.get("teacher")?,
            tags: row.get("tags")?,
            status: row.get("status")?,
            school_id: row.get("school_id")?,
            school_region_id: row.get("school_region_id")?,
            media_id: row.get("media_id")?,
            duration_ms: row.get("duration_ms")?,
            transcript: row.get("transcript")?,
            created_by: row.get("created_by")?,
            created_at: timestamp(row, "created_at")?,
            updated_at: timestamp(row, "updated_at")?,
            published_at: optional_timestamp(row, "published_at")?,
            publish_when_ready: row.get("publish_when_ready")?,
        })
    }

    pub(crate) fn into_capsule(self) -> Result<Capsule> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("capsule {}: {what}", self.id));
        Ok(Capsule {
            language: Locale::parse(&self.language).ok_or_else(|| corrupt("language"))?,
            status: CapsuleStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            tags: serde_json::from_str(&self.tags).map_err(|_| corrupt("tags"))?,
            id: self.id,
            lesson_id: self.lesson_id,
            external_ref: self.external_ref,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            description_ar: self.description_ar,
            description_fr: self.description_fr,
            teacher: self.teacher,
            school_id: self.school_id,
            school_region_id: self.school_region_id,
            media_id: self.media_id,
            duration_ms: self.duration_ms,
            transcript: self.transcript,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            published_at: self.published_at,
            publish_when_ready: self.publish_when_ready,
        })
    }
}

pub(crate) const CAPSULE_COLS: &str = "c.id, c.lesson_id, c.external_ref, c.title_ar, c.title_fr, \
     c.description_ar, c.description_fr, c.language, c.teacher, c.tags, c.status, c.school_id, \
     (SELECT sc.region_id FROM schools sc WHERE sc.id = c.school_id) AS school_region_id, \
     c.media_id, c.duration_ms, c.transcript, c.created_by, c.created_at, c.updated_at, c.published_at, \
     c.publish_when_ready";

fn rows(rows: Vec<CapsuleRow>) -> Result<Vec<Capsule>> {
    rows.into_iter().map(CapsuleRow::into_capsule).collect()
}

fn tags_json(fields: &ValidCapsule) -> Result<String> {
    serde_json::to_string(&fields.tags).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// What the studio lists: everything, or one person's capsules, optionally of one status,
/// one level or programme and one subject (those of the capsule's lesson's unit).
#[derive(Debug, Clone, Default)]
pub struct StudioFilter {
    pub created_by: Option<Uuid>,
    pub status: Option<CapsuleStatus>,
    /// A level or programme code (`1AC`, `2BAC-PC`).
    pub level: Option<String>,
    /// A subject code (`MATH`).
    pub subject: Option<String>,
}

impl Catalog<'_> {
    pub async fn create_capsule(&self, new: &NewCapsule) -> Result<Capsule> {
        self.lesson(new.lesson_id).await?;
        let f = &new.fields;
        let (id, at, tags) = (new_id(), self.store.now(), tags_json(f)?);
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO capsules (id, lesson_id, external_ref, title_ar, title_fr, description_ar,
                   description_fr, language, teacher, tags, status, school_id, transcript, created_by,
                   created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, '', $12, $13, $13)",
            )
            .bind(id).bind(new.lesson_id).bind(&new.external_ref).bind(&f.title_ar).bind(&f.title_fr)
            .bind(&f.description_ar).bind(&f.description_fr).bind(f.language.code()).bind(&f.teacher)
            .bind(&tags).bind(new.school_id).bind(new.created_by).bind(at)
            .execute(pool).await?;
        });
        self.capsule(id).await
    }

    /// Replaces what producers write about a capsule, and moves it to `lesson_id`.
    pub async fn update_capsule(
        &self,
        id: Uuid,
        lesson_id: Uuid,
        fields: &ValidCapsule,
        school_id: Option<Uuid>,
    ) -> Result<Capsule> {
        self.lesson(lesson_id).await?;
        let tags = tags_json(fields)?;
        let done = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE capsules SET lesson_id = $2, title_ar = $3, title_fr = $4, description_ar = $5,
                   description_fr = $6, language = $7, teacher = $8, tags = $9, school_id = $10,
                   updated_at = $11
                 WHERE id = $1",
            )
            .bind(id).bind(lesson_id).bind(&fields.title_ar).bind(&fields.title_fr)
            .bind(&fields.description_ar).bind(&fields.description_fr).bind(fields.language.code())
            .bind(&fields.teacher).bind(&tags).bind(school_id).bind(self.store.now())
            .execute(pool).await?.rows_affected()
        });
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        self.capsule(id).await
    }

    pub async fn capsule(&self, id: Uuid) -> Result<Capsule> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, CapsuleRow>(&format!("SELECT {CAPSULE_COLS} FROM capsules c WHERE c.id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_capsule()
    }

    pub async fn capsule_by_ref(&self, external_ref: &str) -> Result<Option<Capsule>> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, CapsuleRow>(&format!(
                "SELECT {CAPSULE_COLS} FROM capsules c WHERE c.external_ref = $1"
            ))
            .bind(external_ref).fetch_optional(pool).await?
        });
        row.map(CapsuleRow::into_capsule).transpose()
    }

    /// Releases a capsule to pupils; refused (`cannot-publish`) without a playable video.
    pub async fn publish_capsule(&self, id: Uuid) -> Result<Capsule> {
        self.move_capsule(
            id,
            CapsuleStatus::can_publish,
            CapsuleStatus::Published,
            Refusal::CannotPublish,
        )
        .await
    }

    /// Takes a published capsule down; its media and pupils' progress stay.
    pub async fn withdraw_capsule(&self, id: Uuid) -> Result<Capsule> {
        self.move_capsule(
            id,
            CapsuleStatus::can_withdraw,
            CapsuleStatus::Withdrawn,
            Refusal::CannotWithdraw,
        )
        .await
    }

    async fn move_capsule(
        &self,
        id: Uuid,
        allowed: fn(CapsuleStatus) -> bool,
        to: CapsuleStatus,
        refusal: Refusal,
    ) -> Result<Capsule> {
        let capsule = self.capsule(id).await?;
        if !allowed(capsule.status) {
            return Err(StoreError::Conflict(refusal));
        }
        let at = self.store.now();
        let published_at = if to == CapsuleStatus::Published {
            Some(at)
        } else {
            capsule.published_at
        };
        // The status in the WHERE clause makes a concurrent move lose cleanly.
        let done = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE capsules SET status = $2, published_at = $3, updated_at = $4
                 WHERE id = $1 AND status = $5",
            )
            .bind(id).bind(to.as_str()).bind(published_at).bind(at).bind(capsule.status.as_str())
            .execute(pool).await?.rows_affected()
        });
        if done == 0 {
            return Err(StoreError::Conflict(refusal));
        }
        self.capsule(id).await
    }

    /// The capsules of some lessons, in lesson order then title; only published ones
    /// unless `include_unpublished`.
    pub async fn capsules_of_lessons(
        &self,
        lesson_ids: &[Uuid],
        include_unpublished: bool,
    ) -> Result<Vec<Capsule>> {
        if lesson_ids.is_empty() {
            return Ok(Vec::new());
        }
        // Bounded IN lists: both engines take them, and a unit page has few lessons.
        let status = if include_unpublished {
            ""
        } else {
            " AND c.status = 'published'"
        };
        let found: Vec<CapsuleRow> = self
            .store
            .fetch_by_ids(lesson_ids, |marks| {
                format!(
                    "SELECT {CAPSULE_COLS} FROM capsules c WHERE c.lesson_id IN ({marks}){status}
                     ORDER BY c.created_at, c.id"
                )
            })
            .await?;
        let mut found = rows(found)?;
        // Chunks come back one after another: put the whole list in order.
        found.sort_by_key(|c| (c.created_at, c.id));
        Ok(found)
    }

    /// Every capsule, whatever its status (the catalog snapshot's load).
    pub(crate) async fn all_capsules(&self) -> Result<Vec<Capsule>> {
        let sql = format!("SELECT {CAPSULE_COLS} FROM capsules c");
        rows(self.store.fetch_every(&sql).await?)
    }

    /// Capsules by id, in the order asked (unknown ids left out): search results.
    pub async fn capsules_by_ids(&self, ids: &[Uuid]) -> Result<Vec<Capsule>> {
        let found: Vec<CapsuleRow> = self
            .store
            .fetch_by_ids(ids, |marks| {
                format!("SELECT {CAPSULE_COLS} FROM capsules c WHERE c.id IN ({marks})")
            })
            .await?;
        let found = rows(found)?;
        Ok(ids
            .iter()
            .filter_map(|id| found.iter().find(|c| c.id == *id).cloned())
            .collect())
    }

    /// The studio's listing, newest change first.
    pub async fn studio_capsules(
        &self,
        filter: &StudioFilter,
        page: Page,
    ) -> Result<Paged<Capsule>> {
        let status = filter.status.map(CapsuleStatus::as_str);
        let (level, subject) = (filter.level.as_deref(), filter.subject.as_deref());
        let from =
            "capsules c JOIN lessons l ON l.id = c.lesson_id JOIN units u ON u.id = l.unit_id";
        let where_clause = "($1 IS NULL OR c.created_by = $1) AND ($2 IS NULL OR c.status = $2)
            AND ($3 IS NULL OR u.level_code = $3 OR u.programme_code = $3)
            AND ($4 IS NULL OR u.subject_code = $4)";
        let (items, total) = on_db!(self.store, pool => {
            let items = sqlx::query_as::<_, CapsuleRow>(&format!(
                "SELECT {CAPSULE_COLS} FROM {from} WHERE {where_clause}
                 ORDER BY c.updated_at DESC, c.id LIMIT $5 OFFSET $6"
            ))
            .bind(filter.created_by).bind(status).bind(level).bind(subject)
            .bind(page.limit()).bind(page.offset())
            .fetch_all(pool).await?;
            let total: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {from} WHERE {where_clause}"
            ))
            .bind(filter.created_by).bind(status).bind(level).bind(subject)
            .fetch_one(pool).await?;
            (items, total)
        });
        Ok(Paged::new(rows(items)?, total, page))
    }

    /// Asks for the capsule to be published as soon as its processing version is ready
    /// (or publishes it now when it already plays).
    pub async fn publish_when_ready(&self, id: Uuid) -> Result<Capsule> {
        let capsule = self.capsule(id).await?;
        if capsule.status.can_publish() {
            return self.publish_capsule(id).await;
        }
        if capsule.status.is_public() {
            return Ok(capsule);
        }
        on_db!(self.store, pool => {
            sqlx::query("UPDATE capsules SET publish_when_ready = TRUE, updated_at = $2 WHERE id = $1")
                .bind(id).bind(self.store.now()).execute(pool).await?;
        });
        self.capsule(id).await
    }

    /// Replaces the searchable transcript (the text of the capsule's subtitles).
    pub async fn set_transcript(&self, id: Uuid, transcript: &str) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("UPDATE capsules SET transcript = $2, updated_at = $3 WHERE id = $1")
                .bind(id).bind(transcript).bind(self.store.now()).execute(pool).await?;
        });
        Ok(())
    }
}
