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

use super::Learning;
use crate::catalog::curriculum::Titles;
use crate::catalog::item_writes::{ItemBody, ItemWrites};
use crate::learning::answers::{AnswerToRecord, AnswerWrites};
use crate::learning::revision::Answered;
use crate::Catalog;
use crate::{BeginWrite, Result, StoreError};

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
    /// The answer as the revision scheduler sees it.
    pub(crate) fn answered(&self) -> Answered {
        Answered {
            user_id: self.user_id,
            item_id: self.item_id,
            at: self.occurred_at,
            score: self.correction.score,
        }
    }
}

/// Each item's new id, kind name and JSON body.
fn item_bodies(items: &[Item]) -> Result<Vec<ItemBody>> {
    items
        .iter()
        .map(|item| {
            let body = serde_json::to_string(item)
                .map_err(|e| StoreError::Corrupt(format!("item not serialisable: {e}")))?;
            Ok((new_id(), item.kind.name(), body))
        })
        .collect()
}

const SET_COLS: &str = "id, lesson_id, title_ar, title_fr, mode, max_attempts, created_at";
const ITEM_COLS: &str = "id, set_id, position, body";

impl Catalog<'_> {
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
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO exercise_sets (id, lesson_id, title_ar, title_fr, mode, max_attempts, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id).bind(new.lesson_id).bind(&titles.ar).bind(&titles.fr)
            .bind(new.mode.as_str()).bind(new.max_attempts).bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            tx.insert_items(id, 1, &bodies, at).await?;
            tx.commit().await?;
        });
        self.exercise_set(id).await
    }

    /// Appends items to a set, all or none.
    pub async fn add_items(&self, set_id: Uuid, items: &[Item]) -> Result<Vec<StoredItem>> {
        self.exercise_set(set_id).await?;
        let bodies = item_bodies(items)?;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> =
                sqlx::query_scalar("SELECT MAX(position) FROM exercise_items WHERE set_id = $1")
                    .bind(set_id).fetch_one(&mut *tx).await?;
            tx.insert_items(set_id, last.unwrap_or(0) + 1, &bodies, at).await?;
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
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, SetRow>(&format!("SELECT {SET_COLS} FROM exercise_sets WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_set()
    }

    pub async fn sets_of_lesson(&self, lesson_id: Uuid) -> Result<Vec<ExerciseSet>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, SetRow>(&format!(
                "SELECT {SET_COLS} FROM exercise_sets WHERE lesson_id = $1 ORDER BY created_at, id"
            ))
            .bind(lesson_id).fetch_all(pool).await?
        });
        rows.into_iter().map(SetRow::into_set).collect()
    }

    /// The items of a set, in order.
    pub async fn set_items(&self, set_id: Uuid) -> Result<Vec<StoredItem>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, ItemRow>(&format!(
                "SELECT {ITEM_COLS} FROM exercise_items WHERE set_id = $1 ORDER BY position"
            ))
            .bind(set_id).fetch_all(pool).await?
        });
        rows.into_iter().map(ItemRow::into_item).collect()
    }

    pub async fn exercise_item(&self, id: Uuid) -> Result<StoredItem> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, ItemRow>(&format!("SELECT {ITEM_COLS} FROM exercise_items WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_item()
    }
}

impl Learning<'_> {
    /// Records that a pupil was shown these items (answers to others are refused).
    pub async fn mark_presented(&self, user_id: Uuid, item_ids: &[Uuid]) -> Result<()> {
        let shown: Vec<(Uuid, Uuid)> = item_ids.iter().map(|item| (user_id, *item)).collect();
        self.record_presentations(&shown).await
    }

    /// Records that each pupil was shown the item beside it, `(pupil, item)` pairs (an offline
    /// device's or a generator's batch); pairs recorded before are kept as they were.
    pub async fn record_presentations(&self, shown: &[(Uuid, Uuid)]) -> Result<()> {
        // Three binds per row: well under either engine's limit.
        const ROWS_PER_STATEMENT: usize = 1000;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            for chunk in shown.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO item_presentations (user_id, item_id, shown_at) ",
                );
                q.push_values(chunk, |mut row, (user_id, item_id)| {
                    row.push_bind(*user_id).push_bind(*item_id).push_bind(at);
                });
                q.push(" ON CONFLICT (user_id, item_id) DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn was_presented(&self, user_id: Uuid, item_id: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM item_presentations WHERE user_id = $1 AND item_id = $2",
            )
            .bind(user_id).bind(item_id).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// Records answers, one (the answer form) or many (batch ingest, offline sync), in one
    /// transaction; returns how many were new. An answer whose id was recorded before (a
    /// retry, a double submit, a sync sent twice) is skipped and is no new attempt. The
    /// rules are checked inside that transaction, before anything is written, and one
    /// answer breaking one refuses the whole batch: `Invalid` `user_id`/`item_id` for an
    /// unknown pupil or an item not in its set, `Conflict("not-presented")` for an item the
    /// pupil was not shown, `Conflict("no-attempts-left")` past a quiz's attempt limit.
    pub async fn submit_answers(&self, events: &[AnswerEvent]) -> Result<u64> {
        if events.is_empty() {
            return Ok(0);
        }
        let mut rows: Vec<AnswerToRecord<'_>> = Vec::with_capacity(events.len());
        for event in events {
            let payload = serde_json::to_string(&AnswerPayload {
                response: event.response.clone(),
                correction: event.correction.clone(),
            })
            .map_err(|e| StoreError::Corrupt(format!("answer not serialisable: {e}")))?;
            rows.push((event, payload));
        }
        let received = self.store.now();
        let inserted = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = tx.submit_answers(&rows, received).await?;
            tx.commit().await?;
            inserted
        });
        Ok(inserted.len() as u64)
    }

    /// The latest answer to each item of a set by one pupil.
    pub async fn latest_answers(&self, user_id: Uuid, set_id: Uuid) -> Result<Vec<RecordedAnswer>> {
        let rows = on_db!(self.store, pool => {
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
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM learner_events WHERE user_id = $1 AND item_id = $2 AND kind = 'answer'",
            )
            .bind(user_id).bind(item_id).fetch_one(pool).await?
        }))
    }
}
