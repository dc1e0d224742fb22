//! What "My progress" reads: the lessons of a level with how many items they hold, the
//! pupil's latest score per item answered (from the review cards), and when they were
//! active. Mastery itself is computed by [`lawha_core::mastery`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Learning;
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::{timestamp, Timestamp};
use crate::Result;

/// A lesson with its place in the curriculum and the pupil's latest scores in it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LessonProgress {
    pub lesson_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub subject_code: String,
    pub unit_title_ar: String,
    pub unit_title_fr: String,
    /// Items in the lesson's exercise sets.
    pub items: i64,
    /// The lesson's first exercise set, where "what to do next" leads.
    pub first_set: Option<Uuid>,
    /// The pupil's latest score for each item of the lesson they answered.
    #[sqlx(skip)]
    pub latest_scores: Vec<f64>,
}

/// The columns of a [`LessonProgress`] but its scores; the item count and first set are computed per lesson.
const LESSON_COLUMNS: &str = "l.id AS lesson_id, l.title_ar, l.title_fr, u.subject_code,
    u.title_ar AS unit_title_ar, u.title_fr AS unit_title_fr,
    (SELECT COUNT(*) FROM exercise_items i JOIN exercise_sets s ON s.id = i.set_id
      WHERE s.lesson_id = l.id) AS items,
    (SELECT s.id FROM exercise_sets s WHERE s.lesson_id = l.id
      ORDER BY s.created_at, s.id LIMIT 1) AS first_set";

/// The lessons of a level or programme, in curriculum order (`lesson_progress`).
fn lessons_of_level_sql() -> String {
    format!(
        "SELECT {LESSON_COLUMNS} FROM lessons l JOIN units u ON u.id = l.unit_id
         WHERE u.level_code = $1 OR u.programme_code = $1
         ORDER BY u.subject_code, u.position, l.position"
    )
}

/// A row of [`LESSON_COLUMNS`] read on SQLite's in-place path.
fn read_lesson(row: &rusqlite::Row<'_>) -> rusqlite::Result<LessonProgress> {
    Ok(LessonProgress {
        lesson_id: row.get("lesson_id")?,
        title_ar: row.get("title_ar")?,
        title_fr: row.get("title_fr")?,
        subject_code: row.get("subject_code")?,
        unit_title_ar: row.get("unit_title_ar")?,
        unit_title_fr: row.get("unit_title_fr")?,
        items: row.get("items")?,
        first_set: row.get("first_set")?,
        latest_scores: Vec::new(),
    })
}

/// The pupil's counted score per item with the item's lesson (`latest_scores_by_lesson`):
/// what mastery reads ([`crate::learning::counting`]; none counted reads 0).
const LATEST_SCORES: &str = "SELECT s.lesson_id, COALESCE(c.counted_score, 0.0) AS score
     FROM review_cards c
     JOIN exercise_items i ON i.id = c.item_id
     JOIN exercise_sets s ON s.id = i.set_id
     WHERE c.user_id = $1";

/// When the pupil answered anything since a time (`activity_times`).
const ACTIVITY_TIMES: &str = "SELECT occurred_at FROM learner_events
     WHERE user_id = $1 AND occurred_at >= $2 ORDER BY occurred_at DESC";

impl Learning<'_> {
    /// The lessons of a level or programme in curriculum order (subject, unit, lesson),
    /// plus any other lesson the pupil answered items of, each with the pupil's latest
    /// scores.
    pub async fn lesson_progress(
        &self,
        user_id: Uuid,
        level_codes: &[String],
    ) -> Result<Vec<LessonProgress>> {
        let scores = self.latest_scores_by_lesson(user_id).await?;
        let mut lessons: Vec<LessonProgress> = Vec::new();
        let sql = lessons_of_level_sql();
        for code in level_codes {
            let in_place = self
                .store
                .read_in_place(|c| query::all(c, &sql, &[code], read_lesson));
            match in_place {
                Some(read) => lessons.extend(read?),
                None => lessons.extend(
                    self.store
                        .fetch_all::<LessonProgress>(&sql, code.clone())
                        .await?,
                ),
            }
        }
        // Lessons answered outside the pupil's levels (a set a teacher shared) still count.
        let mut others: Vec<Uuid> = scores
            .keys()
            .filter(|id| !lessons.iter().any(|l| l.lesson_id == **id))
            .copied()
            .collect();
        others.sort();
        let sql = format!(
            "SELECT {LESSON_COLUMNS} FROM lessons l JOIN units u ON u.id = l.unit_id
             WHERE l.id = $1"
        );
        for lesson_id in others {
            lessons.extend(
                self.store
                    .fetch_all::<LessonProgress>(&sql, lesson_id)
                    .await?,
            );
        }
        for lesson in &mut lessons {
            lesson.latest_scores = scores.get(&lesson.lesson_id).cloned().unwrap_or_default();
        }
        Ok(lessons)
    }

    /// The score each item answered counts with towards mastery (the latest counted answer:
    /// [`lawha_core::mastery::counted_after`]), grouped by lesson.
    pub async fn latest_scores_by_lesson(&self, user_id: Uuid) -> Result<HashMap<Uuid, Vec<f64>>> {
        let in_place = self.store.read_in_place(|c| {
            query::all(c, LATEST_SCORES, &[&user_id], |row| {
                Ok((row.get("lesson_id")?, row.get("score")?))
            })
        });
        let rows: Vec<(Uuid, f64)> = match in_place {
            Some(read) => read?,
            None => on_db!(self.store, pool => {
                sqlx::query_as(LATEST_SCORES).bind(user_id).fetch_all(pool).await?
            }),
        };
        let mut by_lesson: HashMap<Uuid, Vec<f64>> = HashMap::new();
        for (lesson, score) in rows {
            by_lesson.entry(lesson).or_default().push(score);
        }
        Ok(by_lesson)
    }

    /// When the pupil answered anything since `since`, newest first.
    pub async fn activity_times(
        &self,
        user_id: Uuid,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        if let Some(read) = self.store.read_in_place(|c| {
            query::all(c, ACTIVITY_TIMES, &[&user_id, &Timestamp(since)], |row| {
                timestamp(row, "occurred_at")
            })
        }) {
            return read;
        }
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar(ACTIVITY_TIMES).bind(user_id).bind(since).fetch_all(pool).await?
        }))
    }
}
