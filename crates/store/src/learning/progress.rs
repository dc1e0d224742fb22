//! What "My progress" reads: the lessons of a level with how many items they hold, the
//! pupil's latest score per item answered (from the review cards), and when they were
//! active. Mastery itself is computed by [`lawha_core::mastery`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Learning;
use crate::Result;

/// A lesson with its place in the curriculum and the pupil's latest scores in it.
#[derive(Debug, Clone, PartialEq)]
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
    pub latest_scores: Vec<f64>,
}

#[derive(sqlx::FromRow)]
struct LessonRow {
    lesson_id: Uuid,
    title_ar: String,
    title_fr: String,
    subject_code: String,
    unit_title_ar: String,
    unit_title_fr: String,
    items: i64,
    first_set: Option<Uuid>,
}

/// Every column of [`LessonRow`]; the item count and first set are computed per lesson.
const LESSON_COLUMNS: &str = "l.id AS lesson_id, l.title_ar, l.title_fr, u.subject_code,
    u.title_ar AS unit_title_ar, u.title_fr AS unit_title_fr,
    (SELECT COUNT(*) FROM exercise_items i JOIN exercise_sets s ON s.id = i.set_id
      WHERE s.lesson_id = l.id) AS items,
    (SELECT s.id FROM exercise_sets s WHERE s.lesson_id = l.id
      ORDER BY s.created_at, s.id LIMIT 1) AS first_set";

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
        let mut rows: Vec<LessonRow> = Vec::new();
        for code in level_codes {
            let sql = format!(
                "SELECT {LESSON_COLUMNS} FROM lessons l JOIN units u ON u.id = l.unit_id
                 WHERE u.level_code = $1 OR u.programme_code = $1
                 ORDER BY u.subject_code, u.position, l.position"
            );
            let level: Vec<LessonRow> = on_db!(self.store, pool => {
                sqlx::query_as(&sql).bind(code).fetch_all(pool).await?
            });
            rows.extend(level);
        }
        // Lessons answered outside the pupil's levels (a set a teacher shared) still count.
        let mut others: Vec<Uuid> = scores
            .keys()
            .filter(|id| !rows.iter().any(|r| r.lesson_id == **id))
            .copied()
            .collect();
        others.sort();
        for lesson_id in others {
            let sql = format!(
                "SELECT {LESSON_COLUMNS} FROM lessons l JOIN units u ON u.id = l.unit_id
                 WHERE l.id = $1"
            );
            let row: Option<LessonRow> = on_db!(self.store, pool => {
                sqlx::query_as(&sql).bind(lesson_id).fetch_optional(pool).await?
            });
            rows.extend(row);
        }
        Ok(rows
            .into_iter()
            .map(|r| LessonProgress {
                latest_scores: scores.get(&r.lesson_id).cloned().unwrap_or_default(),
                lesson_id: r.lesson_id,
                title_ar: r.title_ar,
                title_fr: r.title_fr,
                subject_code: r.subject_code,
                unit_title_ar: r.unit_title_ar,
                unit_title_fr: r.unit_title_fr,
                items: r.items,
                first_set: r.first_set,
            })
            .collect())
    }

    /// The pupil's latest score per item answered, grouped by lesson.
    pub async fn latest_scores_by_lesson(&self, user_id: Uuid) -> Result<HashMap<Uuid, Vec<f64>>> {
        let rows: Vec<(Uuid, f64)> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT s.lesson_id, c.last_score FROM review_cards c
                 JOIN exercise_items i ON i.id = c.item_id
                 JOIN exercise_sets s ON s.id = i.set_id
                 WHERE c.user_id = $1",
            )
            .bind(user_id).fetch_all(pool).await?
        });
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
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT occurred_at FROM learner_events WHERE user_id = $1 AND occurred_at >= $2
                 ORDER BY occurred_at DESC",
            )
            .bind(user_id).bind(since).fetch_all(pool).await?
        }))
    }
}
