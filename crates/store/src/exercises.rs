//! Exercise sets and their items, what each pupil was shown, and answers recorded as
//! append-only learner events.
//!
//! Items are stored as JSON of [`lawha_core::exercise::Item`]: the item types live in the
//! core crate and evolve there, and no query looks inside an item. An answer event's id is
//! made by the client (a form field, later an offline device), so the same answer sent
//! twice is stored once: `ON CONFLICT (id) DO NOTHING`.

use chrono::{DateTime, Utc};
use lawha_core::exercise::{Correction, Item, Response};
use lawha_core::new_id;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::curriculum::Titles;
use crate::revision::Answered;
use crate::{BeginWrite, Result, Store, StoreError};

/// Practice sets can be answered again and again; quizzes may limit attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetMode {
    Practice,
    Quiz,
}

impl SetMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SetMode::Practice => "practice",
            SetMode::Quiz => "quiz",
        }
    }

    pub fn parse(text: &str) -> Option<SetMode> {
        match text.trim() {
            "practice" => Some(SetMode::Practice),
            "quiz" => Some(SetMode::Quiz),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseSet {
    pub id: Uuid,
    pub lesson_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub mode: SetMode,
    /// Answers allowed per item (quizzes); `None`: unlimited.
    pub max_attempts: Option<i32>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewExerciseSet {
    pub lesson_id: Uuid,
    pub titles: Titles,
    pub mode: SetMode,
    pub max_attempts: Option<i32>,
    pub created_by: Option<Uuid>,
}

/// An item of a set with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: Uuid,
    pub set_id: Uuid,
    pub position: i32,
    pub item: Item,
}

/// A pupil's answer to an item, corrected on the server.
#[derive(Debug, Clone)]
pub struct AnswerEvent {
    /// Made by the client: the idempotency key.
    pub id: Uuid,
    pub user_id: Uuid,
    pub set_id: Uuid,
    pub item_id: Uuid,
    pub response: Response,
    pub correction: Correction,
    pub occurred_at: DateTime<Utc>,
}

/// An answer as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAnswer {
    pub event_id: Uuid,
    pub item_id: Uuid,
    pub response: Response,
    pub correction: Correction,
    pub occurred_at: DateTime<Utc>,
}

/// What an answer event's payload holds.
#[derive(Serialize, Deserialize)]
struct AnswerPayload {
    response: Response,
    correction: Correction,
}

#[derive(sqlx::FromRow)]
struct SetRow {
    id: Uuid,
    lesson_id: Uuid,
    title_ar: String,
    title_fr: String,
    mode: String,
    max_attempts: Option<i32>,
    created_at: DateTime<Utc>,
}

impl SetRow {
    fn into_set(self) -> Result<ExerciseSet> {
        Ok(ExerciseSet {
            mode: SetMode::parse(&self.mode)
                .ok_or_else(|| StoreError::Corrupt(format!("set mode {:?}", self.mode)))?,
            id: self.id,
            lesson_id: self.lesson_id,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            max_attempts: self.max_attempts,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub(crate) id: Uuid,
    pub(crate) set_id: Uuid,
    pub(crate) position: i32,
    pub(crate) body: String,
}

impl ItemRow {
    pub(crate) fn into_item(self) -> Result<StoredItem> {
        let item = serde_json::from_str(&self.body)
            .map_err(|e| StoreError::Corrupt(format!("item {}: {e}", self.id)))?;
        Ok(StoredItem {
            id: self.id,
            set_id: self.set_id,
            position: self.position,
            item,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: Uuid,
    item_id: Uuid,
    payload: String,
    occurred_at: DateTime<Utc>,
}

impl AnswerRow {
    fn into_answer(self) -> Result<RecordedAnswer> {
        let payload: AnswerPayload = serde_json::from_str(&self.payload)
            .map_err(|e| StoreError::Corrupt(format!("event {}: {e}", self.id)))?;
        Ok(RecordedAnswer {
            event_id: self.id,
            item_id: self.item_id,
            response: payload.response,
            correction: payload.correction,
            occurred_at: self.occurred_at,
        })
    }
}

impl AnswerEvent {
    fn answered(&self) -> Answered {
        Answered {
            user_id: self.user_id,
            item_id: self.item_id,
            at: self.occurred_at,
            score: self.correction.score,
        }
    }
}

/// The events of a batch whose ids were inserted (not already recorded), each once even
/// when the batch holds it twice.
fn newly_answered(events: &[AnswerEvent], inserted: &[Uuid]) -> Vec<Answered> {
    let mut inserted: std::collections::HashSet<Uuid> = inserted.iter().copied().collect();
    events
        .iter()
        .filter(|e| inserted.remove(&e.id))
        .map(AnswerEvent::answered)
        .collect()
}

/// Each item's new id, kind name and JSON body.
fn item_bodies(items: &[Item]) -> Result<Vec<(Uuid, &'static str, String)>> {
    items
        .iter()
        .map(|item| {
            let body = serde_json::to_string(item)
                .map_err(|e| StoreError::Corrupt(format!("item not serialisable: {e}")))?;
            Ok((new_id(), item.kind.name(), body))
        })
        .collect()
}

/// Inserts one item row inside a transaction. A macro, not a function generic over the
/// executor, for the same reason as `insert_grant!`: such futures are not `Send`.
macro_rules! insert_item {
    ($conn:expr, $id:expr, $set:expr, $position:expr, $kind:expr, $body:expr, $at:expr) => {
        sqlx::query(
            "INSERT INTO exercise_items (id, set_id, position, kind, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($id)
        .bind($set)
        .bind($position)
        .bind($kind)
        .bind($body)
        .bind($at)
        .execute($conn)
        .await?
    };
}

const SET_COLS: &str = "id, lesson_id, title_ar, title_fr, mode, max_attempts, created_at";
const ITEM_COLS: &str = "id, set_id, position, body";

impl Store {
    pub async fn create_exercise_set(&self, new: &NewExerciseSet) -> Result<ExerciseSet> {
        self.create_exercise_set_with_items(new, &[]).await
    }

    /// Creates a set and its items in one transaction (an import: all questions or none).
    pub async fn create_exercise_set_with_items(
        &self,
        new: &NewExerciseSet,
        items: &[Item],
    ) -> Result<ExerciseSet> {
        let titles = new.titles.checked()?;
        if new.max_attempts.is_some_and(|n| n < 1) {
            return Err(StoreError::invalid(
                "max_attempts",
                lawha_core::validate::FieldError::new("must-be-positive"),
            ));
        }
        self.lesson(new.lesson_id).await?;
        let bodies = item_bodies(items)?;
        let id = new_id();
        let at = self.now();
        on_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO exercise_sets (id, lesson_id, title_ar, title_fr, mode, max_attempts, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id).bind(new.lesson_id).bind(&titles.ar).bind(&titles.fr)
            .bind(new.mode.as_str()).bind(new.max_attempts).bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            for (position, (item_id, kind, body)) in (1..).zip(&bodies) {
                insert_item!(&mut *tx, *item_id, id, position, *kind, body, at);
            }
            tx.commit().await?;
        });
        self.exercise_set(id).await
    }

    /// Appends items to a set, all or none.
    pub async fn add_items(&self, set_id: Uuid, items: &[Item]) -> Result<Vec<StoredItem>> {
        self.exercise_set(set_id).await?;
        let bodies = item_bodies(items)?;
        let at = self.now();
        on_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> =
                sqlx::query_scalar("SELECT MAX(position) FROM exercise_items WHERE set_id = $1")
                    .bind(set_id).fetch_one(&mut *tx).await?;
            for (position, (item_id, kind, body)) in (last.unwrap_or(0) + 1..).zip(&bodies) {
                insert_item!(&mut *tx, *item_id, set_id, position, *kind, body, at);
            }
            tx.commit().await?;
        });
        let ids: Vec<Uuid> = bodies.iter().map(|(id, _, _)| *id).collect();
        Ok(self
            .set_items(set_id)
            .await?
            .into_iter()
            .filter(|i| ids.contains(&i.id))
            .collect())
    }

    pub async fn exercise_set(&self, id: Uuid) -> Result<ExerciseSet> {
        let row = on_db!(self, pool => {
            sqlx::query_as::<_, SetRow>(&format!("SELECT {SET_COLS} FROM exercise_sets WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_set()
    }

    pub async fn sets_of_lesson(&self, lesson_id: Uuid) -> Result<Vec<ExerciseSet>> {
        let rows = on_db!(self, pool => {
            sqlx::query_as::<_, SetRow>(&format!(
                "SELECT {SET_COLS} FROM exercise_sets WHERE lesson_id = $1 ORDER BY created_at, id"
            ))
            .bind(lesson_id).fetch_all(pool).await?
        });
        rows.into_iter().map(SetRow::into_set).collect()
    }

    /// The items of a set, in order.
    pub async fn set_items(&self, set_id: Uuid) -> Result<Vec<StoredItem>> {
        let rows = on_db!(self, pool => {
            sqlx::query_as::<_, ItemRow>(&format!(
                "SELECT {ITEM_COLS} FROM exercise_items WHERE set_id = $1 ORDER BY position"
            ))
            .bind(set_id).fetch_all(pool).await?
        });
        rows.into_iter().map(ItemRow::into_item).collect()
    }

    pub async fn exercise_item(&self, id: Uuid) -> Result<StoredItem> {
        let row = on_db!(self, pool => {
            sqlx::query_as::<_, ItemRow>(&format!("SELECT {ITEM_COLS} FROM exercise_items WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_item()
    }

    /// Records that a pupil was shown these items (answers to others are refused).
    pub async fn mark_presented(&self, user_id: Uuid, item_ids: &[Uuid]) -> Result<()> {
        let at = self.now();
        on_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for item in item_ids {
                sqlx::query(
                    "INSERT INTO item_presentations (user_id, item_id, shown_at) VALUES ($1, $2, $3)
                     ON CONFLICT (user_id, item_id) DO NOTHING",
                )
                .bind(user_id).bind(item).bind(at)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn was_presented(&self, user_id: Uuid, item_id: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM item_presentations WHERE user_id = $1 AND item_id = $2",
            )
            .bind(user_id).bind(item_id).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// Stores an answer once; `false` when this event id was already recorded (a retry or a
    /// double submit), in which case nothing changes. A quiz's attempt limit is checked in
    /// the transaction that records: past it, `Conflict("no-attempts-left")`.
    pub async fn record_answer(&self, event: &AnswerEvent) -> Result<bool> {
        let payload = serde_json::to_string(&AnswerPayload {
            response: event.response.clone(),
            correction: event.correction.clone(),
        })
        .map_err(|e| StoreError::Corrupt(format!("answer not serialisable: {e}")))?;
        let answered = [event.answered()];
        let received = self.now();
        let inserted = on_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            check_answer_refs!(tx, [(event.user_id, event.set_id, event.item_id)]);
            let limit: Option<i32> = sqlx::query_scalar(
                "SELECT max_attempts FROM exercise_sets WHERE id = $1 AND mode = 'quiz'",
            )
            .bind(event.set_id).fetch_optional(&mut *tx).await?.flatten();
            if let Some(allowed) = limit {
                // Parallel answers must count each other. SQLite: `BEGIN IMMEDIATE` already
                // makes writers take turns. PostgreSQL: wait for the pair's lock, held to
                // the end of the transaction (no row exists for every pair to lock).
                if self.backend() == crate::Backend::Postgres {
                    sqlx::query(
                        "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ' ' || $2::text, 0))",
                    )
                    .bind(event.user_id).bind(event.item_id).execute(&mut *tx).await?;
                }
                let (used, retried): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), COUNT(CASE WHEN id = $3 THEN 1 END) FROM learner_events
                     WHERE user_id = $1 AND item_id = $2 AND kind = 'answer'",
                )
                .bind(event.user_id).bind(event.item_id).bind(event.id)
                .fetch_one(&mut *tx).await?;
                // A retry of a recorded answer is no new attempt: it changes nothing below.
                if retried == 0 && used >= i64::from(allowed) {
                    return Err(StoreError::Conflict { code: "no-attempts-left" });
                }
            }
            let inserted = sqlx::query(
                "INSERT INTO learner_events (id, user_id, kind, set_id, item_id, score, correct, payload,
                   occurred_at, received_at)
                 VALUES ($1, $2, 'answer', $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(event.id).bind(event.user_id).bind(event.set_id).bind(event.item_id)
            .bind(event.correction.score).bind(event.correction.correct).bind(&payload)
            .bind(event.occurred_at).bind(received)
            .execute(&mut *tx).await?.rows_affected();
            if inserted > 0 {
                schedule_reviews!(tx, &answered);
                queue_rollups!(&mut *tx, &[event.id], received);
            }
            tx.commit().await?;
            inserted
        });
        Ok(inserted > 0)
    }

    /// Stores a batch of answers in one transaction (offline sync, bulk ingest); events
    /// already recorded are skipped. Returns how many were new.
    pub async fn record_answers(&self, events: &[AnswerEvent]) -> Result<u64> {
        // SQLite: ten values per row, so a thousand rows stay well under its bind limit.
        const ROWS_PER_STATEMENT: usize = 1000;
        let mut rows = Vec::with_capacity(events.len());
        for event in events {
            let payload = serde_json::to_string(&AnswerPayload {
                response: event.response.clone(),
                correction: event.correction.clone(),
            })
            .map_err(|e| StoreError::Corrupt(format!("answer not serialisable: {e}")))?;
            rows.push((event, payload));
        }
        let received = self.now();
        match &self.db {
            // PostgreSQL: one statement per batch, its columns sent as arrays, which spares
            // the per-row bind overhead of a multi-row VALUES list.
            crate::Db::Postgres(pool) => {
                let mut tx = pool.begin_write().await?;
                check_answer_refs!(tx, events.iter().map(|e| (e.user_id, e.set_id, e.item_id)));
                let column = |f: fn(&AnswerEvent) -> Uuid| {
                    rows.iter().map(|(e, _)| f(e)).collect::<Vec<_>>()
                };
                let inserted: Vec<Uuid> = sqlx::query_scalar(
                    "INSERT INTO learner_events (id, user_id, kind, set_id, item_id, score, correct,
                       payload, occurred_at, received_at)
                     SELECT id, user_id, 'answer', set_id, item_id, score, correct, payload, occurred_at, $9
                     FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::float8[],
                                 $6::bool[], $7::text[], $8::timestamptz[])
                       AS t(id, user_id, set_id, item_id, score, correct, payload, occurred_at)
                     ON CONFLICT (id) DO NOTHING
                     RETURNING id",
                )
                .bind(column(|e| e.id))
                .bind(column(|e| e.user_id))
                .bind(column(|e| e.set_id))
                .bind(column(|e| e.item_id))
                .bind(rows.iter().map(|(e, _)| e.correction.score).collect::<Vec<_>>())
                .bind(rows.iter().map(|(e, _)| e.correction.correct).collect::<Vec<_>>())
                .bind(rows.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>())
                .bind(rows.iter().map(|(e, _)| e.occurred_at).collect::<Vec<_>>())
                .bind(received)
                .fetch_all(&mut *tx)
                .await?;
                let answered = newly_answered(events, &inserted);
                schedule_reviews!(tx, &answered);
                queue_rollups!(&mut *tx, &inserted, received);
                tx.commit().await?;
                Ok(inserted.len() as u64)
            }
            crate::Db::Sqlite(pool) => {
                let mut tx = pool.begin_write().await?;
                check_answer_refs!(tx, events.iter().map(|e| (e.user_id, e.set_id, e.item_id)));
                let mut inserted: Vec<Uuid> = Vec::with_capacity(rows.len());
                for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                    let mut q = sqlx::QueryBuilder::new(
                        "INSERT INTO learner_events (id, user_id, kind, set_id, item_id, score, correct,
                           payload, occurred_at, received_at) ",
                    );
                    q.push_values(chunk, |mut row, (event, payload)| {
                        row.push_bind(event.id)
                            .push_bind(event.user_id)
                            .push_bind("answer")
                            .push_bind(event.set_id)
                            .push_bind(event.item_id)
                            .push_bind(event.correction.score)
                            .push_bind(event.correction.correct)
                            .push_bind(payload.as_str())
                            .push_bind(event.occurred_at)
                            .push_bind(received);
                    });
                    q.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                    inserted.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *tx).await?);
                }
                let answered = newly_answered(events, &inserted);
                schedule_reviews!(tx, &answered);
                queue_rollups!(&mut *tx, &inserted, received);
                tx.commit().await?;
                Ok(inserted.len() as u64)
            }
        }
    }

    /// The latest answer to each item of a set by one pupil.
    pub async fn latest_answers(&self, user_id: Uuid, set_id: Uuid) -> Result<Vec<RecordedAnswer>> {
        let rows = on_db!(self, pool => {
            sqlx::query_as::<_, AnswerRow>(
                "SELECT e.id, e.item_id, e.payload, e.occurred_at FROM learner_events e
                 WHERE e.user_id = $1 AND e.set_id = $2 AND e.kind = 'answer'
                   AND e.occurred_at = (SELECT MAX(l.occurred_at) FROM learner_events l
                        WHERE l.user_id = e.user_id AND l.item_id = e.item_id AND l.kind = 'answer')
                 ORDER BY e.item_id, e.id",
            )
            .bind(user_id).bind(set_id).fetch_all(pool).await?
        });
        let mut answers: Vec<RecordedAnswer> = Vec::with_capacity(rows.len());
        for row in rows {
            let answer = row.into_answer()?;
            // Two answers in the same millisecond: keep one (the larger event id).
            answers.retain(|a| a.item_id != answer.item_id);
            answers.push(answer);
        }
        Ok(answers)
    }

    /// How many answers a pupil gave to an item.
    pub async fn answers_to_item(&self, user_id: Uuid, item_id: Uuid) -> Result<i64> {
        Ok(on_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM learner_events WHERE user_id = $1 AND item_id = $2 AND kind = 'answer'",
            )
            .bind(user_id).bind(item_id).fetch_one(pool).await?
        }))
    }
}
