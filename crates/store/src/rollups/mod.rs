//! Rollups: the counters governance dashboards read, kept up to date from learner events.
//!
//! Recording events queues them (one `rollup_batches` row per recording transaction, in that
//! transaction). The rollup worker then folds queued events in batches: in one transaction
//! it takes the rollup lock (so one batch runs at a time, across nodes), loads what the
//! batch needs — the pupils' classes, the items' and capsules' lessons, what is already
//! known of these pupils — folds it ([`fold`]), writes the increments and deletes the queue
//! rows. An event is therefore counted exactly once, whatever crashes, and a dashboard
//! reads a few counter rows per scope rather than events. How far the rollups lag behind
//! is [`Rollups::rollup_lag`].
//!
//! Tables: the queue (`rollup_batches`, `rollup_lock`), the counters (`usage_daily`,
//! `usage_weekly`, `subject_daily`, `mastery_counts`, `assignment_counts`, `capsule_reach`,
//! `population`) and the per-pupil tables (`pupil_days`, `pupil_weeks`, `pupil_lessons`,
//! `pupil_capsules`). What dashboards read of them is [`dashboards`].

pub mod dashboards;
pub mod fold;
mod mastery;
mod population;
pub(crate) mod queue;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use self::fold::{EventRow, Known, Place, Placement};
use self::mastery::MasteryWrites;
use crate::BeginWrite;
use crate::{Result, Store};

/// The store's rollups and the dashboards that read them: `store.rollups()`.
#[derive(Clone, Copy)]
pub struct Rollups<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Rollups`].
    pub fn rollups(&self) -> Rollups<'_> {
        Rollups { store: self }
    }
}

/// Events folded per transaction (more when one queued batch alone is larger: a queued
/// batch is folded whole).
pub const BATCH: i64 = 5_000;
/// Queued batches looked at per fold.
const QUEUE_ROWS: i64 = 1_000;
/// Rows per multi-row statement (SQLite's bind limit allows far more; this keeps
/// statements small).
const ROWS: usize = 400;
/// Values per `IN (…)` list elsewhere in the store.
pub const ROWS_PER_LIST: usize = ROWS;

/// `$from, $from+1, …` for an `IN (…)` list of `n` values.
fn marks(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The event ids of a queued batch (16 bytes each).
fn unpack_ids(packed: &[u8]) -> Result<Vec<Uuid>> {
    if !packed.len().is_multiple_of(16) {
        return Err(crate::StoreError::Corrupt(format!(
            "queued rollup batch of {} bytes",
            packed.len()
        )));
    }
    Ok(packed
        .chunks_exact(16)
        .filter_map(|bytes| Uuid::from_slice(bytes).ok())
        .collect())
}

/// How far the rollups are behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollupLag {
    pub pending_events: i64,
    pub oldest_queued_at: Option<DateTime<Utc>>,
    /// (pupil, item) pairs in `mastery_rechecks` whose mastery waits to be recomputed.
    pub pending_rechecks: i64,
}

#[derive(sqlx::FromRow)]
struct EventDbRow {
    id: Uuid,
    user_id: Uuid,
    kind: String,
    item_id: Option<Uuid>,
    capsule_id: Option<Uuid>,
    correct: Option<bool>,
    payload: String,
    occurred_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PlacementRow {
    user_id: Uuid,
    region_id: Uuid,
    province_id: Uuid,
    school_id: Uuid,
    level: String,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    id: Uuid,
    lesson_id: Uuid,
    subject_code: String,
    duration_ms: i64,
}

/// The share watched a watch event's payload carries.
fn watched_pct(payload: &str) -> Option<f64> {
    serde_json::from_str::<serde_json::Value>(payload)
        .ok()?
        .get("watched_pct")?
        .as_f64()
}

impl Rollups<'_> {
    /// Folds up to `limit` queued events into the rollups, days counted in `zone`, and
    /// recomputes the mastery queued for it (up to as many pairs); returns how many events
    /// and pairs (0: nothing queued, or another worker holds the lock).
    pub async fn apply_rollups(&self, limit: i64, zone: Tz, worker: &str) -> Result<usize> {
        let at = self.store.now();
        let folded = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            // The lock first: a second worker waits here, then finds these events gone.
            sqlx::query("UPDATE rollup_lock SET holder = $1 WHERE name = 'rollup'")
                .bind(worker).execute(&mut *tx).await?;
            // Whole queued batches, oldest first, up to `limit` events (at least one batch).
            let queued: Vec<(Uuid, i32)> = sqlx::query_as(
                "SELECT id, events FROM rollup_batches ORDER BY id LIMIT $1",
            )
            .bind(QUEUE_ROWS.min(limit.max(1))).fetch_all(&mut *tx).await?;
            let mut taken: Vec<Uuid> = Vec::new();
            let mut counted: i64 = 0;
            for (id, events) in queued {
                if !taken.is_empty() && counted + i64::from(events) > limit {
                    break;
                }
                taken.push(id);
                counted += i64::from(events);
            }
            // Mastery to recompute where a card's counted score changed without an answer.
            let rechecks: Vec<(Uuid, Uuid, Uuid)> = sqlx::query_as(
                "SELECT user_id, item_id, queue_id FROM mastery_rechecks ORDER BY queue_id LIMIT $1",
            )
            .bind(QUEUE_ROWS.min(limit.max(1))).fetch_all(&mut *tx).await?;
            if taken.is_empty() && rechecks.is_empty() {
                tx.commit().await?;
                return Ok(0);
            }
            let mut ids: Vec<Uuid> = Vec::with_capacity(counted as usize);
            for chunk in taken.chunks(ROWS) {
                let sql = format!("SELECT event_ids FROM rollup_batches WHERE id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query_scalar::<_, Vec<u8>>(&sql);
                for id in chunk { q = q.bind(*id); }
                for packed in q.fetch_all(&mut *tx).await? {
                    ids.extend(unpack_ids(&packed)?);
                }
            }
            // Only newly inserted events are queued, so the ids are distinct; dedup anyway, as
            // counting one twice would be silent.
            ids.sort_unstable();
            ids.dedup();
            // The events, in id order (as the brute-force check replays them).
            let mut events: Vec<EventRow> = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(ROWS) {
                let sql = format!(
                    "SELECT id, user_id, kind, item_id, capsule_id, correct, payload, occurred_at
                     FROM learner_events WHERE id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, EventDbRow>(&sql);
                for id in chunk { q = q.bind(*id); }
                for row in q.fetch_all(&mut *tx).await? {
                    events.push(EventRow {
                        watched_pct: (row.kind == "watch").then(|| watched_pct(&row.payload)).flatten(),
                        id: row.id, user_id: row.user_id, kind: row.kind, item_id: row.item_id,
                        capsule_id: row.capsule_id, correct: row.correct, occurred_at: row.occurred_at,
                    });
                }
            }
            events.sort_by_key(|e| e.id);
            let users: Vec<Uuid> = events.iter().map(|e| e.user_id)
                .chain(rechecks.iter().map(|(user, _, _)| *user))
                .collect::<HashSet<_>>().into_iter().collect();
            // Where the pupils are enrolled (a pupil's first class counts).
            let mut placements: HashMap<Uuid, Placement> = HashMap::new();
            for chunk in users.chunks(ROWS) {
                let sql = format!(
                    "SELECT g.user_id, c.region_id, s.province_id, c.school_id,
                            COALESCE(c.level_code, c.programme_code) AS level
                     FROM role_grants g JOIN classes c ON c.id = g.class_id JOIN schools s ON s.id = c.school_id
                     WHERE g.role IN ('pupil', 'trainee') AND g.user_id IN ({})
                     ORDER BY g.created_at", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, PlacementRow>(&sql);
                for id in chunk { q = q.bind(*id); }
                for row in q.fetch_all(&mut *tx).await? {
                    placements.entry(row.user_id).or_insert(Placement {
                        region: row.region_id, province: row.province_id, school: row.school_id, level: row.level,
                    });
                }
            }
            // The lessons and subjects of the items and capsules.
            let item_ids: Vec<Uuid> = events.iter().filter_map(|e| e.item_id)
                .chain(rechecks.iter().map(|(_, item, _)| *item))
                .collect::<HashSet<_>>().into_iter().collect();
            let capsule_ids: Vec<Uuid> = events.iter().filter_map(|e| e.capsule_id).collect::<HashSet<_>>().into_iter().collect();
            let mut items: HashMap<Uuid, Place> = HashMap::new();
            for chunk in item_ids.chunks(ROWS) {
                let sql = format!(
                    "SELECT i.id, s.lesson_id, u.subject_code, CAST(0 AS BIGINT) AS duration_ms
                     FROM exercise_items i JOIN exercise_sets s ON s.id = i.set_id
                     JOIN lessons l ON l.id = s.lesson_id JOIN units u ON u.id = l.unit_id
                     WHERE i.id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, PlaceRow>(&sql);
                for id in chunk { q = q.bind(*id); }
                for row in q.fetch_all(&mut *tx).await? {
                    items.insert(row.id, Place { lesson: row.lesson_id, subject: row.subject_code, duration_ms: 0 });
                }
            }
            let mut capsules: HashMap<Uuid, Place> = HashMap::new();
            for chunk in capsule_ids.chunks(ROWS) {
                let sql = format!(
                    "SELECT c.id, c.lesson_id, u.subject_code, COALESCE(c.duration_ms, 0) AS duration_ms
                     FROM capsules c JOIN lessons l ON l.id = c.lesson_id JOIN units u ON u.id = l.unit_id
                     WHERE c.id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, PlaceRow>(&sql);
                for id in chunk { q = q.bind(*id); }
                for row in q.fetch_all(&mut *tx).await? {
                    capsules.insert(row.id, Place { lesson: row.lesson_id, subject: row.subject_code, duration_ms: row.duration_ms });
                }
            }
            // What is already known of these pupils, for the days, weeks and capsules of this
            // batch only: a pupil's whole history would grow every batch's reads all year.
            let mut batch_days: HashSet<String> = HashSet::new();
            let mut batch_weeks: HashSet<String> = HashSet::new();
            for e in &events {
                let (day, week) = fold::day_and_week(e.occurred_at, zone);
                batch_days.insert(day);
                batch_weeks.insert(week);
            }
            let batch_days: Vec<String> = batch_days.into_iter().collect();
            let batch_weeks: Vec<String> = batch_weeks.into_iter().collect();
            let mut known = Known::default();
            for chunk in users.chunks(ROWS) {
                let list = marks(1, chunk.len());
                for (table, column, periods) in [("pupil_days", "day", &batch_days), ("pupil_weeks", "week", &batch_weeks)] {
                    for periods in periods.chunks(ROWS) {
                        let sql = format!(
                            "SELECT user_id, {column} FROM {table} WHERE user_id IN ({list}) AND {column} IN ({})",
                            marks(chunk.len() + 1, periods.len()));
                        let mut q = sqlx::query_as::<_, (Uuid, String)>(&sql);
                        for id in chunk { q = q.bind(*id); }
                        for period in periods { q = q.bind(period.as_str()); }
                        let rows = q.fetch_all(&mut *tx).await?;
                        if table == "pupil_days" { known.days.extend(rows); } else { known.weeks.extend(rows); }
                    }
                }
                for capsules_chunk in capsule_ids.chunks(ROWS) {
                    let sql = format!(
                        "SELECT user_id, capsule_id, watched_ms, completed FROM pupil_capsules
                         WHERE user_id IN ({list}) AND capsule_id IN ({})",
                        marks(chunk.len() + 1, capsules_chunk.len()));
                    let mut q = sqlx::query_as::<_, (Uuid, Uuid, i64, bool)>(&sql);
                    for id in chunk.iter().chain(capsules_chunk) { q = q.bind(*id); }
                    for (user, capsule, ms, done) in q.fetch_all(&mut *tx).await? {
                        known.capsules.insert((user, capsule), (ms, done));
                    }
                }
            }
            let mut d = fold::fold(&events, &placements, &items, &capsules, &known, zone);
            for (user, item, _) in &rechecks {
                if let Some(place) = items.get(item) {
                    d.touched_lessons.insert((*user, place.lesson));
                }
            }
            // Write the increments.
            for chunk in d.new_days.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO pupil_days (user_id, day) ");
                q.push_values(chunk, |mut r, (u, day)| { r.push_bind(*u).push_bind(day.as_str()); });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            for chunk in d.new_weeks.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO pupil_weeks (user_id, week) ");
                q.push_values(chunk, |mut r, (u, week)| { r.push_bind(*u).push_bind(week.as_str()); });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            let daily: Vec<_> = d.daily.iter().collect();
            for chunk in daily.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO usage_daily (scope_key, parent_key, day, level_code, active_pupils, answers,
                       correct_answers, watch_seconds) ");
                q.push_values(chunk, |mut r, ((scope, parent, day, level), u)| {
                    r.push_bind(scope.as_str()).push_bind(parent.as_str()).push_bind(day.as_str())
                        .push_bind(level.as_str()).push_bind(u.active_pupils).push_bind(u.answers)
                        .push_bind(u.correct_answers).push_bind(u.watch_seconds);
                });
                q.push(" ON CONFLICT (scope_key, day, level_code) DO UPDATE SET
                    active_pupils = usage_daily.active_pupils + excluded.active_pupils,
                    answers = usage_daily.answers + excluded.answers,
                    correct_answers = usage_daily.correct_answers + excluded.correct_answers,
                    watch_seconds = usage_daily.watch_seconds + excluded.watch_seconds");
                q.build().execute(&mut *tx).await?;
            }
            let weekly: Vec<_> = d.weekly.iter().collect();
            for chunk in weekly.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO usage_weekly (scope_key, parent_key, week, level_code, active_pupils) ");
                q.push_values(chunk, |mut r, ((scope, parent, week, level), n)| {
                    r.push_bind(scope.as_str()).push_bind(parent.as_str()).push_bind(week.as_str())
                        .push_bind(level.as_str()).push_bind(**n);
                });
                q.push(" ON CONFLICT (scope_key, week, level_code) DO UPDATE SET
                    active_pupils = usage_weekly.active_pupils + excluded.active_pupils");
                q.build().execute(&mut *tx).await?;
            }
            let subjects: Vec<_> = d.subjects.iter().collect();
            for chunk in subjects.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO subject_daily (scope_key, day, level_code, subject_code, answers,
                       correct_answers, watch_seconds) ");
                q.push_values(chunk, |mut r, ((scope, day, level, subject), (a, c, w))| {
                    r.push_bind(scope.as_str()).push_bind(day.as_str()).push_bind(level.as_str())
                        .push_bind(subject.as_str()).push_bind(*a).push_bind(*c).push_bind(*w);
                });
                q.push(" ON CONFLICT (scope_key, day, level_code, subject_code) DO UPDATE SET
                    answers = subject_daily.answers + excluded.answers,
                    correct_answers = subject_daily.correct_answers + excluded.correct_answers,
                    watch_seconds = subject_daily.watch_seconds + excluded.watch_seconds");
                q.build().execute(&mut *tx).await?;
            }
            let watched: Vec<_> = d.capsules.iter().collect();
            for chunk in watched.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO pupil_capsules (user_id, capsule_id, watched_ms, completed) ");
                q.push_values(chunk, |mut r, ((user, capsule), (ms, done))| {
                    r.push_bind(*user).push_bind(*capsule).push_bind(*ms).push_bind(*done);
                });
                q.push(" ON CONFLICT (user_id, capsule_id) DO UPDATE SET
                    watched_ms = excluded.watched_ms, completed = excluded.completed");
                q.build().execute(&mut *tx).await?;
            }
            let reach: Vec<_> = d.reach.iter().collect();
            for chunk in reach.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO capsule_reach (scope_key, capsule_id, starts, completions) ");
                q.push_values(chunk, |mut r, ((scope, capsule), (s, c))| {
                    r.push_bind(scope.as_str()).push_bind(*capsule).push_bind(*s).push_bind(*c);
                });
                q.push(" ON CONFLICT (scope_key, capsule_id) DO UPDATE SET
                    starts = capsule_reach.starts + excluded.starts,
                    completions = capsule_reach.completions + excluded.completions");
                q.build().execute(&mut *tx).await?;
            }
            tx.fold_mastery(&d, &placements, &items).await?;
            tx.complete_assignments(&d, &placements, at).await?;
            for chunk in taken.chunks(ROWS) {
                let sql = format!("DELETE FROM rollup_batches WHERE id IN ({})", marks(1, chunk.len()));
                let mut q = sqlx::query(&sql);
                for id in chunk { q = q.bind(*id); }
                q.execute(&mut *tx).await?;
            }
            // Only the queueings read: a pair queued again meanwhile has a new queue_id and
            // stays for the next run.
            for chunk in rechecks.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "DELETE FROM mastery_rechecks WHERE (user_id, item_id, queue_id) IN (");
                q.push_values(chunk, |mut r, (user, item, queue_id)| {
                    r.push_bind(*user).push_bind(*item).push_bind(*queue_id);
                });
                q.push(")");
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            ids.len() + rechecks.len()
        });
        Ok(folded)
    }

    /// Folds everything queued, batch after batch; returns how many events and mastery
    /// rechecks.
    pub async fn apply_all_rollups(&self, zone: Tz, worker: &str) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.apply_rollups(BATCH, zone, worker).await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Events queued and not folded yet, and since when; mastery rechecks waiting.
    pub async fn rollup_lag(&self) -> Result<RollupLag> {
        let (pending_events, oldest_queued_at, pending_rechecks): (
            i64,
            Option<DateTime<Utc>>,
            i64,
        ) = on_db!(self.store, pool => {
            let (events, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT CAST(COALESCE(SUM(events), 0) AS BIGINT), MIN(queued_at) FROM rollup_batches")
                .fetch_one(pool).await?;
            let rechecks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mastery_rechecks")
                .fetch_one(pool).await?;
            (events, oldest, rechecks)
        });
        Ok(RollupLag {
            pending_events,
            oldest_queued_at,
            pending_rechecks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::queue::pack_ids;
    use super::unpack_ids;
    use uuid::Uuid;

    #[test]
    fn queued_ids_unpack_in_order_and_a_torn_batch_is_refused() {
        let ids = [Uuid::now_v7(), Uuid::now_v7(), Uuid::nil()];
        let packed = pack_ids(&ids);
        assert_eq!(unpack_ids(&packed).unwrap(), ids);
        assert!(unpack_ids(&packed[..20]).is_err());
        assert_eq!(unpack_ids(&[]).unwrap(), Vec::<Uuid>::new());
    }
}
