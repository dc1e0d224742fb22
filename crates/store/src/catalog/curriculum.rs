//! The curriculum tree below a level (or programme) and a subject: units, then lessons.
//! Capsules (video lessons) and exercise sets attach to lessons.

use lawha_core::import::ClassLevel;
use lawha_core::{new_id, reference, validate};
use serde::Serialize;
use uuid::Uuid;

use super::Catalog;
use crate::BeginWrite;
use crate::{Result, StoreError};

/// A unit of a subject at a level or in a programme, e.g. "Fractions" in 1AC mathematics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Unit {
    pub id: Uuid,
    pub level_code: Option<String>,
    pub programme_code: Option<String>,
    pub subject_code: String,
    pub position: i32,
    pub title_ar: String,
    pub title_fr: String,
}

/// A lesson of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Lesson {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub position: i32,
    pub title_ar: String,
    pub title_fr: String,
}

/// A unit with its lessons in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitWithLessons {
    pub unit: Unit,
    pub lessons: Vec<Lesson>,
}

/// Titles in Arabic and/or French: at least one is required; the other may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titles {
    pub ar: String,
    pub fr: String,
}

impl Titles {
    pub(crate) fn checked(&self) -> Result<Titles> {
        let check = |field: &'static str, raw: &str| -> Result<String> {
            if raw.trim().is_empty() {
                return Ok(String::new());
            }
            validate::name(raw).map_err(|e| StoreError::invalid(field, e))
        };
        let titles = Titles {
            ar: check("title_ar", &self.ar)?,
            fr: check("title_fr", &self.fr)?,
        };
        if titles.ar.is_empty() && titles.fr.is_empty() {
            return Err(StoreError::invalid(
                "title_ar",
                validate::FieldError::new("required"),
            ));
        }
        Ok(titles)
    }
}

const UNIT_COLS: &str =
    "id, level_code, programme_code, subject_code, position, title_ar, title_fr";
const LESSON_COLS: &str = "id, unit_id, position, title_ar, title_fr";

impl Catalog<'_> {
    /// Adds a unit at the end of a subject's units for a level or programme.
    pub async fn create_unit(
        &self,
        level: &ClassLevel,
        subject_code: &str,
        titles: &Titles,
    ) -> Result<Unit> {
        let titles = titles.checked()?;
        let (level_code, programme_code) = match level {
            ClassLevel::Level(code) => {
                let known = reference::level(code).ok_or_else(|| {
                    StoreError::invalid("level", validate::FieldError::new("unknown-level"))
                })?;
                (Some(known.code.clone()), None)
            }
            ClassLevel::Programme(code) => {
                let known = reference::programme(code).ok_or_else(|| {
                    StoreError::invalid("level", validate::FieldError::new("unknown-level"))
                })?;
                (None, Some(known.code.clone()))
            }
        };
        let subject = reference::subjects()
            .iter()
            .find(|s| s.code.eq_ignore_ascii_case(subject_code.trim()))
            .ok_or_else(|| {
                StoreError::invalid("subject", validate::FieldError::new("unknown-subject"))
            })?;
        let id = new_id();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> = sqlx::query_scalar(
                "SELECT MAX(position) FROM units WHERE subject_code = $1
                   AND (level_code = $2 OR programme_code = $3)",
            )
            .bind(&subject.code).bind(&level_code).bind(&programme_code)
            .fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO units (id, level_code, programme_code, subject_code, position, title_ar, title_fr, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id).bind(&level_code).bind(&programme_code).bind(&subject.code)
            .bind(last.unwrap_or(0) + 1).bind(&titles.ar).bind(&titles.fr).bind(self.store.now())
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.unit(id).await
    }

    /// Adds a lesson at the end of a unit.
    pub async fn create_lesson(&self, unit_id: Uuid, titles: &Titles) -> Result<Lesson> {
        let titles = titles.checked()?;
        self.unit(unit_id).await?;
        let id = new_id();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> =
                sqlx::query_scalar("SELECT MAX(position) FROM lessons WHERE unit_id = $1")
                    .bind(unit_id).fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO lessons (id, unit_id, position, title_ar, title_fr, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id).bind(unit_id).bind(last.unwrap_or(0) + 1)
            .bind(&titles.ar).bind(&titles.fr).bind(self.store.now())
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.lesson(id).await
    }

    pub async fn unit(&self, id: Uuid) -> Result<Unit> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Unit>(&format!("SELECT {UNIT_COLS} FROM units WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        }))
    }

    pub async fn lesson(&self, id: Uuid) -> Result<Lesson> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Lesson>(&format!("SELECT {LESSON_COLS} FROM lessons WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        }))
    }

    /// Every unit and every lesson (the catalog snapshot's load).
    pub(crate) async fn all_units_and_lessons(&self) -> Result<(Vec<Unit>, Vec<Lesson>)> {
        let units = self
            .store
            .fetch_every(&format!("SELECT {UNIT_COLS} FROM units"))
            .await?;
        let lessons = self
            .store
            .fetch_every(&format!("SELECT {LESSON_COLS} FROM lessons"))
            .await?;
        Ok((units, lessons))
    }

    /// Subject codes that have units at a level or programme, with their unit counts.
    pub async fn subjects_with_units(
        &self,
        level_or_programme: &str,
    ) -> Result<Vec<(String, i64)>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT subject_code, COUNT(*) FROM units
                 WHERE level_code = $1 OR programme_code = $1
                 GROUP BY subject_code ORDER BY subject_code",
            )
            .bind(level_or_programme).fetch_all(pool).await?
        }))
    }

    /// The units of a subject at a level or programme, each with its lessons, in order
    /// (two queries, whatever the number of units).
    pub async fn units_with_lessons(
        &self,
        level_or_programme: &str,
        subject_code: &str,
    ) -> Result<Vec<UnitWithLessons>> {
        let (units, lessons) = on_db!(self.store, pool => {
            let units = sqlx::query_as::<_, Unit>(&format!(
                "SELECT {UNIT_COLS} FROM units
                 WHERE (level_code = $1 OR programme_code = $1) AND subject_code = $2
                 ORDER BY position, id"
            ))
            .bind(level_or_programme).bind(subject_code).fetch_all(pool).await?;
            let lessons = sqlx::query_as::<_, Lesson>(&format!(
                "SELECT {} FROM lessons l JOIN units u ON u.id = l.unit_id
                 WHERE (u.level_code = $1 OR u.programme_code = $1) AND u.subject_code = $2
                 ORDER BY l.position, l.id",
                LESSON_COLS.split(", ").map(|c| format!("l.{c}")).collect::<Vec<_>>().join(", ")
            ))
            .bind(level_or_programme).bind(subject_code).fetch_all(pool).await?;
            (units, lessons)
        });
        Ok(units
            .into_iter()
            .map(|unit| UnitWithLessons {
                lessons: lessons
                    .iter()
                    .filter(|l| l.unit_id == unit.id)
                    .cloned()
                    .collect(),
                unit,
            })
            .collect())
    }

    /// The unit of a subject at a level or programme titled `titles` (matching either
    /// title), created at the end when there is none; `true` when it was created.
    pub async fn find_or_create_unit(
        &self,
        level: &ClassLevel,
        subject_code: &str,
        titles: &Titles,
    ) -> Result<(Unit, bool)> {
        let titles = titles.checked()?;
        let units = self.units_with_lessons(level.code(), subject_code).await?;
        if let Some(found) = units
            .into_iter()
            .find(|u| same_titles(&u.unit.title_ar, &u.unit.title_fr, &titles))
        {
            return Ok((found.unit, false));
        }
        Ok((self.create_unit(level, subject_code, &titles).await?, true))
    }

    /// The lesson of a unit titled `titles`, created at the end when there is none.
    pub async fn find_or_create_lesson(
        &self,
        unit_id: Uuid,
        titles: &Titles,
    ) -> Result<(Lesson, bool)> {
        let titles = titles.checked()?;
        let lessons = on_db!(self.store, pool => {
            sqlx::query_as::<_, Lesson>(&format!(
                "SELECT {LESSON_COLS} FROM lessons WHERE unit_id = $1 ORDER BY position"
            ))
            .bind(unit_id).fetch_all(pool).await?
        });
        if let Some(found) = lessons
            .into_iter()
            .find(|l| same_titles(&l.title_ar, &l.title_fr, &titles))
        {
            return Ok((found, false));
        }
        Ok((self.create_lesson(unit_id, &titles).await?, true))
    }
}

/// Whether stored titles name the same thing as `titles`: a non-empty title in common.
fn same_titles(ar: &str, fr: &str, titles: &Titles) -> bool {
    (!titles.ar.is_empty() && ar == titles.ar) || (!titles.fr.is_empty() && fr == titles.fr)
}
