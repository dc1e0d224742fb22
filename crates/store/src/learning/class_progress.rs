//! What a teacher sees of their class: each pupil against each lesson (watched, practised,
//! mastered), when each pupil was last active, and one pupil's activity in detail. Classes
//! are small, so these read the per-pupil tables directly (`pupil_lessons`,
//! `pupil_capsules`, `pupil_days`, review cards, events), bounded by the class's pupils.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Learning;
use crate::rollups::ROWS_PER_LIST;
use crate::Result;

/// One pupil in one lesson.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LessonCell {
    /// A capsule of the lesson watched to the end.
    pub watched: bool,
    /// A capsule of the lesson started.
    pub started: bool,
    /// Mastery state code (0 not started, 1 struggling, 2 in progress, 3 mastered).
    pub state: i16,
}

/// A class's grid: (pupil, lesson) → cell, and each pupil's last active day.
#[derive(Debug, Clone, Default)]
pub struct ClassGrid {
    pub cells: HashMap<(Uuid, Uuid), LessonCell>,
    pub last_active: HashMap<Uuid, NaiveDate>,
}

/// One event of a pupil's timeline, with what it was about.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TimelineEntry {
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub score: Option<f64>,
    pub correct: Option<bool>,
    pub item_id: Option<Uuid>,
    /// The exercise set's or capsule's titles.
    pub title_ar: String,
    pub title_fr: String,
    pub payload: String,
}

/// A pupil's revision state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RevisionState {
    pub cards: i64,
    pub due: i64,
    pub next_due: Option<DateTime<Utc>>,
}

/// A group's attendance and progress ([`Learning::group_activity`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GroupActivity {
    pub active_days: i64,
    pub active_pupils: i64,
    pub mastered: i64,
    pub started: i64,
}

fn marks(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Learning<'_> {
    /// The grid of `pupils` against `lessons`.
    pub async fn class_grid(&self, pupils: &[Uuid], lessons: &[Uuid]) -> Result<ClassGrid> {
        let mut grid = ClassGrid::default();
        for chunk in pupils.chunks(ROWS_PER_LIST) {
            let list = marks(1, chunk.len());
            let (states, capsules, days) = on_db!(self.store, pool => {
                let sql = format!("SELECT user_id, lesson_id, state FROM pupil_lessons WHERE user_id IN ({list})");
                let mut q = sqlx::query_as::<_, (Uuid, Uuid, i16)>(&sql);
                for id in chunk { q = q.bind(*id); }
                let states = q.fetch_all(pool).await?;
                let sql = format!(
                    "SELECT pc.user_id, c.lesson_id, MAX(CASE WHEN pc.completed THEN 1 ELSE 0 END)
                     FROM pupil_capsules pc JOIN capsules c ON c.id = pc.capsule_id
                     WHERE pc.user_id IN ({list}) GROUP BY pc.user_id, c.lesson_id");
                let mut q = sqlx::query_as::<_, (Uuid, Uuid, i32)>(&sql);
                for id in chunk { q = q.bind(*id); }
                let capsules = q.fetch_all(pool).await?;
                let sql = format!("SELECT user_id, MAX(day) FROM pupil_days WHERE user_id IN ({list}) GROUP BY user_id");
                let mut q = sqlx::query_as::<_, (Uuid, String)>(&sql);
                for id in chunk { q = q.bind(*id); }
                (states, capsules, q.fetch_all(pool).await?)
            });
            for (user, lesson, state) in states {
                if lessons.contains(&lesson) {
                    grid.cells.entry((user, lesson)).or_default().state = state;
                }
            }
            for (user, lesson, completed) in capsules {
                if lessons.contains(&lesson) {
                    let cell = grid.cells.entry((user, lesson)).or_default();
                    cell.started = true;
                    cell.watched = completed == 1;
                }
            }
            for (user, day) in days {
                grid.last_active.insert(user, crate::days::parse(&day)?);
            }
        }
        Ok(grid)
    }

    /// A group's attendance and progress over days `from`..=`to`: (pupil-days active,
    /// pupils active at least once, pupil-lessons mastered, pupil-lessons started).
    pub async fn group_activity(
        &self,
        pupils: &[Uuid],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<GroupActivity> {
        let (from, to) = (crate::days::text(from), crate::days::text(to));
        let mut total = GroupActivity::default();
        for chunk in pupils.chunks(ROWS_PER_LIST) {
            let list = marks(3, chunk.len());
            let (days, active, mastered, started): (i64, i64, i64, i64) = on_db!(self.store, pool => {
                let sql = format!(
                    "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM pupil_days
                     WHERE day >= $1 AND day <= $2 AND user_id IN ({list})");
                let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(&from).bind(&to);
                for id in chunk { q = q.bind(*id); }
                let (days, active) = q.fetch_one(pool).await?;
                let sql = format!(
                    "SELECT COALESCE(SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END), 0), COUNT(*) FROM pupil_lessons
                     WHERE state > 0 AND user_id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
                for id in chunk { q = q.bind(*id); }
                let (mastered, started) = q.fetch_one(pool).await?;
                (days, active, mastered, started)
            });
            total.active_days += days;
            total.active_pupils += active;
            total.mastered += mastered;
            total.started += started;
        }
        Ok(total)
    }

    /// Each pupil's marks: items answered and the mean of their latest scores (0..=1).
    pub async fn pupil_marks(&self, pupils: &[Uuid]) -> Result<HashMap<Uuid, (i64, f64)>> {
        let mut marks_by_pupil = HashMap::new();
        for chunk in pupils.chunks(ROWS_PER_LIST) {
            let sql = format!(
                "SELECT user_id, COUNT(*), AVG(last_score) FROM review_cards WHERE user_id IN ({}) GROUP BY user_id",
                marks(1, chunk.len())
            );
            let rows = on_db!(self.store, pool => {
                let mut q = sqlx::query_as::<_, (Uuid, i64, f64)>(&sql);
                for id in chunk { q = q.bind(*id); }
                q.fetch_all(pool).await?
            });
            marks_by_pupil.extend(rows.into_iter().map(|(u, n, mean)| (u, (n, mean))));
        }
        Ok(marks_by_pupil)
    }

    /// A pupil's latest events, newest first.
    pub async fn pupil_timeline(&self, user_id: Uuid, limit: i64) -> Result<Vec<TimelineEntry>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, TimelineEntry>(
                "SELECT e.kind, e.occurred_at, e.score, e.correct, e.item_id,
                        COALESCE(s.title_ar, c.title_ar, '') AS title_ar,
                        COALESCE(s.title_fr, c.title_fr, '') AS title_fr, e.payload
                 FROM learner_events e LEFT JOIN exercise_sets s ON s.id = e.set_id
                   LEFT JOIN capsules c ON c.id = e.capsule_id
                 WHERE e.user_id = $1 ORDER BY e.occurred_at DESC LIMIT $2",
            )
            .bind(user_id).bind(limit).fetch_all(pool).await?
        }))
    }

    /// A pupil's latest wrong or partly wrong answers, newest first.
    pub async fn pupil_mistakes(&self, user_id: Uuid, limit: i64) -> Result<Vec<TimelineEntry>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, TimelineEntry>(
                "SELECT e.kind, e.occurred_at, e.score, e.correct, e.item_id,
                        COALESCE(s.title_ar, '') AS title_ar, COALESCE(s.title_fr, '') AS title_fr, e.payload
                 FROM learner_events e LEFT JOIN exercise_sets s ON s.id = e.set_id
                 WHERE e.user_id = $1 AND e.kind = 'answer' AND e.correct = FALSE
                 ORDER BY e.occurred_at DESC LIMIT $2",
            )
            .bind(user_id).bind(limit).fetch_all(pool).await?
        }))
    }

    /// How many items the pupil has in revision, how many are due at `now`, and when the
    /// next one is.
    pub async fn revision_state(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<RevisionState> {
        let (cards, due, next_due): (i64, i64, Option<DateTime<Utc>>) = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at <= $2 THEN 1 ELSE 0 END), 0),
                        MIN(CASE WHEN due_at > $2 THEN due_at END)
                 FROM review_cards WHERE user_id = $1",
            )
            .bind(user_id).bind(now).fetch_one(pool).await?
        });
        Ok(RevisionState {
            cards,
            due,
            next_due,
        })
    }
}
