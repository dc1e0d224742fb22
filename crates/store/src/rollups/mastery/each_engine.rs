//! [`MasteryWrites`] for one engine's connection.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::rollups::fold::{Deltas, Place, Placement};
use crate::rollups::mastery::{mastery_moves, LessonFacts, MasteryKey, MasteryWrites};
use crate::rollups::{marks, ROWS};
use crate::Result;

impl MasteryWrites for Conn {
    async fn fold_mastery(
        &mut self,
        d: &Deltas,
        placements: &HashMap<Uuid, Placement>,
        items: &HashMap<Uuid, Place>,
    ) -> Result<()> {
        let pairs: Vec<(Uuid, Uuid)> = d.touched_lessons.iter().copied().collect();
        if pairs.is_empty() {
            return Ok(());
        }
        let facts = lesson_facts(self, &pairs).await?;
        let subjects: HashMap<Uuid, String> = items
            .values()
            .map(|p| (p.lesson, p.subject.clone()))
            .collect();
        let moves = mastery_moves(&pairs, &facts, placements, &subjects);
        write_states(self, &moves.changed).await?;
        write_mastery_counts(self, &moves.counts).await
    }

    async fn complete_assignments(
        &mut self,
        d: &Deltas,
        placements: &HashMap<Uuid, Placement>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let users: Vec<Uuid> = d.active_users.iter().copied().collect();
        let mut counts: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        for (assignment, user, kind, capsule, set) in open_assignments(self, &users).await? {
            let done = match (kind.as_str(), capsule, set) {
                ("capsule", Some(capsule), _) => capsule_completed(self, user, capsule).await?,
                ("set", _, Some(set)) => set_completed(self, user, set).await?,
                _ => false,
            };
            if !done {
                continue;
            }
            sqlx::query(
                "UPDATE assignment_pupils SET completed_at = $3
                 WHERE assignment_id = $1 AND user_id = $2",
            )
            .bind(assignment)
            .bind(user)
            .bind(at)
            .execute(&mut *self)
            .await?;
            if let Some(place) = placements.get(&user) {
                for (scope, parent) in place.scopes() {
                    *counts
                        .entry((scope, parent, place.level.clone()))
                        .or_default() += 1;
                }
            }
        }
        write_completion_counts(self, &counts).await
    }
}

/// Items per lesson, latest scores and stored states of the (pupil, lesson) `pairs`.
async fn lesson_facts(conn: &mut Conn, pairs: &[(Uuid, Uuid)]) -> Result<LessonFacts> {
    let distinct = |ids: &mut dyn Iterator<Item = Uuid>| -> Vec<Uuid> {
        ids.collect::<HashSet<_>>().into_iter().collect()
    };
    let users = distinct(&mut pairs.iter().map(|p| p.0));
    let lessons = distinct(&mut pairs.iter().map(|p| p.1));
    let mut facts = LessonFacts::default();
    for chunk in lessons.chunks(ROWS) {
        let sql = format!(
            "SELECT s.lesson_id, COUNT(*) FROM exercise_items i
             JOIN exercise_sets s ON s.id = i.set_id
             WHERE s.lesson_id IN ({}) GROUP BY s.lesson_id",
            marks(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, (Uuid, i64)>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        facts.item_counts.extend(q.fetch_all(&mut *conn).await?);
    }
    for users_chunk in users.chunks(ROWS / 2) {
        for lessons_chunk in lessons.chunks(ROWS / 2) {
            let u = marks(1, users_chunk.len());
            let l = marks(users_chunk.len() + 1, lessons_chunk.len());
            let sql = format!(
                "SELECT rc.user_id, s.lesson_id, COALESCE(rc.counted_score, 0.0)
                 FROM review_cards rc
                 JOIN exercise_items i ON i.id = rc.item_id
                 JOIN exercise_sets s ON s.id = i.set_id
                 WHERE rc.user_id IN ({u}) AND s.lesson_id IN ({l})"
            );
            let mut q = sqlx::query_as::<_, (Uuid, Uuid, f64)>(&sql);
            for id in users_chunk.iter().chain(lessons_chunk) {
                q = q.bind(*id);
            }
            for (user, lesson, score) in q.fetch_all(&mut *conn).await? {
                facts.scores.entry((user, lesson)).or_default().push(score);
            }
            let sql = format!(
                "SELECT user_id, lesson_id, state FROM pupil_lessons
                 WHERE user_id IN ({u}) AND lesson_id IN ({l})"
            );
            let mut q = sqlx::query_as::<_, (Uuid, Uuid, i16)>(&sql);
            for id in users_chunk.iter().chain(lessons_chunk) {
                q = q.bind(*id);
            }
            for (user, lesson, state) in q.fetch_all(&mut *conn).await? {
                facts.old.insert((user, lesson), state);
            }
        }
    }
    Ok(facts)
}

/// Stores the new state of each changed (pupil, lesson).
async fn write_states(conn: &mut Conn, changed: &[(Uuid, Uuid, i16)]) -> Result<()> {
    for chunk in changed.chunks(ROWS) {
        let mut q =
            sqlx::QueryBuilder::new("INSERT INTO pupil_lessons (user_id, lesson_id, state) ");
        q.push_values(chunk, |mut r, (u, l, s)| {
            r.push_bind(*u).push_bind(*l).push_bind(*s);
        });
        q.push(" ON CONFLICT (user_id, lesson_id) DO UPDATE SET state = excluded.state");
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds the mastery counter moves.
async fn write_mastery_counts(conn: &mut Conn, counts: &BTreeMap<MasteryKey, i64>) -> Result<()> {
    let counts: Vec<_> = counts.iter().collect();
    for chunk in counts.chunks(ROWS) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO mastery_counts (scope_key, parent_key, level_code, subject_code, state,
               pupil_lessons) ",
        );
        q.push_values(
            chunk,
            |mut r, ((scope, parent, level, subject, state), n)| {
                r.push_bind(scope.as_str())
                    .push_bind(parent.as_str())
                    .push_bind(level.as_str())
                    .push_bind(subject.as_str())
                    .push_bind(*state)
                    .push_bind(**n);
            },
        );
        q.push(
            " ON CONFLICT (scope_key, level_code, subject_code, state) DO UPDATE SET
               pupil_lessons = mastery_counts.pupil_lessons + excluded.pupil_lessons",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// An open assignment of a pupil: (assignment, pupil, kind, capsule, set).
type OpenAssignment = (Uuid, Uuid, String, Option<Uuid>, Option<Uuid>);

/// The open assignments of `users`.
async fn open_assignments(conn: &mut Conn, users: &[Uuid]) -> Result<Vec<OpenAssignment>> {
    let mut open = Vec::new();
    for chunk in users.chunks(ROWS) {
        let sql = format!(
            "SELECT ap.assignment_id, ap.user_id, a.kind, a.capsule_id, a.set_id
             FROM assignment_pupils ap JOIN assignments a ON a.id = ap.assignment_id
             WHERE ap.completed_at IS NULL AND ap.user_id IN ({})",
            marks(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, OpenAssignment>(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        open.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(open)
}

/// Whether the pupil watched the capsule to the end.
async fn capsule_completed(conn: &mut Conn, user: Uuid, capsule: Uuid) -> Result<bool> {
    let completed: Option<bool> = sqlx::query_scalar(
        "SELECT completed FROM pupil_capsules WHERE user_id = $1 AND capsule_id = $2",
    )
    .bind(user)
    .bind(capsule)
    .fetch_optional(conn)
    .await?;
    Ok(completed.unwrap_or(false))
}

/// Whether the pupil answered every item of a set that has items.
async fn set_completed(conn: &mut Conn, user: Uuid, set: Uuid) -> Result<bool> {
    let answered: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT item_id) FROM learner_events
         WHERE user_id = $1 AND set_id = $2 AND kind = 'answer'",
    )
    .bind(user)
    .bind(set)
    .fetch_one(&mut *conn)
    .await?;
    let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM exercise_items WHERE set_id = $1")
        .bind(set)
        .fetch_one(&mut *conn)
        .await?;
    Ok(items > 0 && answered >= items)
}

/// Adds the completions to the scopes' assignment counters.
async fn write_completion_counts(
    conn: &mut Conn,
    counts: &BTreeMap<(String, String, String), i64>,
) -> Result<()> {
    let counts: Vec<_> = counts.iter().collect();
    for chunk in counts.chunks(ROWS) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO assignment_counts (scope_key, parent_key, level_code, assigned,
               completed) ",
        );
        q.push_values(chunk, |mut r, ((scope, parent, level), n)| {
            r.push_bind(scope.as_str())
                .push_bind(parent.as_str())
                .push_bind(level.as_str())
                .push_bind(0_i64)
                .push_bind(**n);
        });
        q.push(
            " ON CONFLICT (scope_key, level_code) DO UPDATE SET
               completed = assignment_counts.completed + excluded.completed",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
