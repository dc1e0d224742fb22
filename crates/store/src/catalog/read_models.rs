//! Read models over capsules and the curriculum: what the search index is fed, and the
//! coverage view producers use to see which lessons still have no published capsule.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Catalog;
use crate::catalog::capsules::{Capsule, CapsuleRow, CAPSULE_COLS};
use crate::Result;

/// A capsule with where it sits in the curriculum: what search indexes.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub capsule: Capsule,
    /// The level or programme code of the capsule's unit.
    pub level: String,
    pub subject: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    #[sqlx(flatten)]
    capsule: CapsuleRow,
    level: String,
    subject_code: String,
}

/// One lesson of the curriculum and how many published capsules it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LessonCoverage {
    pub level: String,
    pub subject_code: String,
    pub unit_title_ar: String,
    pub unit_title_fr: String,
    pub lesson_id: Uuid,
    pub lesson_title_ar: String,
    pub lesson_title_fr: String,
    pub published: i64,
    /// Capsules being prepared (draft to ready): work under way.
    pub in_progress: i64,
}

impl Catalog<'_> {
    /// Capsules changed at or after `since` (all when `None`), oldest change first, at most
    /// `limit`: search indexes follow the database with this, on every app node.
    pub async fn catalog_changes(
        &self,
        since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<CatalogEntry>> {
        let found = on_db!(self.store, pool => {
            sqlx::query_as::<_, EntryRow>(&format!(
                "SELECT {CAPSULE_COLS}, COALESCE(u.level_code, u.programme_code, '') AS level,
                        u.subject_code
                 FROM capsules c JOIN lessons l ON l.id = c.lesson_id JOIN units u ON u.id = l.unit_id
                 WHERE $1 IS NULL OR c.updated_at >= $1
                 ORDER BY c.updated_at, c.id LIMIT $2"
            ))
            .bind(since).bind(limit).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|row| {
                Ok(CatalogEntry {
                    capsule: row.capsule.into_capsule()?,
                    level: row.level,
                    subject: row.subject_code,
                })
            })
            .collect()
    }

    /// Every lesson of a level or programme (all levels when `None`) with its capsule
    /// counts, in curriculum order.
    pub async fn coverage(&self, level: Option<&str>) -> Result<Vec<LessonCoverage>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, LessonCoverage>(
                "SELECT COALESCE(u.level_code, u.programme_code, '') AS level, u.subject_code,
                        u.title_ar AS unit_title_ar, u.title_fr AS unit_title_fr,
                        l.id AS lesson_id, l.title_ar AS lesson_title_ar, l.title_fr AS lesson_title_fr,
                        (SELECT COUNT(*) FROM capsules c WHERE c.lesson_id = l.id AND c.status = 'published') AS published,
                        (SELECT COUNT(*) FROM capsules c WHERE c.lesson_id = l.id
                           AND c.status IN ('draft', 'processing', 'ready')) AS in_progress
                 FROM lessons l JOIN units u ON u.id = l.unit_id
                 WHERE $1 IS NULL OR u.level_code = $1 OR u.programme_code = $1
                 ORDER BY level, u.subject_code, u.position, l.position",
            )
            .bind(level).fetch_all(pool).await?
        }))
    }
}
