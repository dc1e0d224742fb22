//! A child's activity over a period (capsules watched, answers given and how many were
//! right) and their latest results by exercise set, read from `learner_events`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Families;
use crate::Result;

/// What a pupil did between two instants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct WeekActivity {
    /// Distinct capsules with watching recorded.
    pub capsules_watched: i64,
    /// Answers given (every attempt counts).
    pub answers: i64,
    /// Of those, the fully right ones.
    pub correct: i64,
}

/// A pupil's answers in one exercise set: how many, their mean score, the latest.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SetResult {
    pub set_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub answers: i64,
    /// Mean score of the answers, 0..=1; `None` when none was scored.
    pub mean_score: Option<f64>,
    pub last_at: DateTime<Utc>,
}

impl Families<'_> {
    /// What `pupil_id` did in `[from, to)`.
    pub async fn activity(
        &self,
        pupil_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<WeekActivity> {
        // `correct` is a boolean on PostgreSQL and 0/1 on SQLite: `= TRUE` reads both.
        let sql = "SELECT
               COUNT(DISTINCT CASE WHEN kind = 'watch' THEN capsule_id END) AS capsules_watched,
               COUNT(CASE WHEN kind = 'answer' THEN 1 END) AS answers,
               COUNT(CASE WHEN kind = 'answer' AND correct = TRUE THEN 1 END) AS correct
             FROM learner_events
             WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3";
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, WeekActivity>(sql)
                .bind(pupil_id).bind(from).bind(to).fetch_one(pool).await?
        }))
    }

    /// `pupil_id`'s exercise sets by latest answer, newest first, at most `limit`.
    pub async fn recent_results(&self, pupil_id: Uuid, limit: i64) -> Result<Vec<SetResult>> {
        let sql = "SELECT e.set_id, s.title_ar, s.title_fr, COUNT(*) AS answers,
                   AVG(e.score) AS mean_score, MAX(e.occurred_at) AS last_at
             FROM learner_events e JOIN exercise_sets s ON s.id = e.set_id
             WHERE e.user_id = $1 AND e.kind = 'answer'
             GROUP BY e.set_id, s.title_ar, s.title_fr
             ORDER BY last_at DESC, e.set_id LIMIT $2";
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, SetResult>(sql)
                .bind(pupil_id).bind(limit).fetch_all(pool).await?
        }))
    }
}
