//! What each pupil was shown of exercise sets, and answers recorded as append-only learner
//! events. The sets and items themselves are the catalog's
//! (`catalog::exercise_sets`, re-exported here).
//!
//! An answer event's id is made by the client (a form field, later an offline device), so
//! the same answer sent twice is stored once: `ON CONFLICT (id) DO NOTHING`.

use chrono::{DateTime, Utc};
use lawha_core::exercise::{Correction, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Learning;
pub use crate::catalog::exercise_sets::{ExerciseSet, NewExerciseSet, SetMode, StoredItem};
use crate::learning::answers::{AnswerToRecord, AnswerWrites, Moment};
use crate::learning::review_writes::ReviewWrites;
use crate::learning::revision::Answered;
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::timestamp;
use crate::{BeginWrite, Result, StoreError};

/// Items looked up at once when a page checks which were shown before (one bind each).
const PRESENTATIONS_READ_AT_ONCE: usize = 500;

/// A pupil's answer to an item, corrected on the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
struct AnswerRow {
    id: Uuid,
    item_id: Uuid,
    payload: String,
    occurred_at: DateTime<Utc>,
}

/// The latest answer to each item of a set by one pupil (`latest_answers`).
const LATEST_ANSWERS: &str =
    "SELECT e.id, e.item_id, e.payload, e.occurred_at FROM learner_events e
     WHERE e.user_id = $1 AND e.set_id = $2 AND e.kind = 'answer'
       AND e.occurred_at = (SELECT MAX(l.occurred_at) FROM learner_events l
            WHERE l.user_id = e.user_id AND l.item_id = e.item_id AND l.kind = 'answer')
     ORDER BY e.item_id, e.id";

/// Which of some items (`$2` onwards) a pupil (`$1`) was shown (`mark_presented`).
fn presented_among_sql(items: usize) -> String {
    let binds: Vec<String> = (2..items + 2).map(|n| format!("${n}")).collect();
    format!(
        "SELECT item_id FROM item_presentations WHERE user_id = $1 AND item_id IN ({})",
        binds.join(", ")
    )
}

impl AnswerRow {
    /// A row of [`LATEST_ANSWERS`] read on SQLite's in-place path.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<AnswerRow> {
        Ok(AnswerRow {
            id: row.get("id")?,
            item_id: row.get("item_id")?,
            payload: row.get("payload")?,
            occurred_at: timestamp(row, "occurred_at")?,
        })
    }

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

/// The answers with their stored payloads.
pub(crate) fn answer_rows(events: &[AnswerEvent]) -> Result<Vec<AnswerToRecord<'_>>> {
    let mut rows: Vec<AnswerToRecord<'_>> = Vec::with_capacity(events.len());
    for event in events {
        let payload = serde_json::to_string(&AnswerPayload {
            response: event.response.clone(),
            correction: event.correction.clone(),
        })
        .map_err(|e| StoreError::Corrupt(format!("answer not serialisable: {e}")))?;
        rows.push((event, payload));
    }
    Ok(rows)
}

/// An answer read back from its stored payload (what a node sends up).
pub(crate) fn answer_from_payload(
    id: Uuid,
    user_id: Uuid,
    set_id: Uuid,
    item_id: Uuid,
    payload: &str,
    occurred_at: DateTime<Utc>,
) -> Result<AnswerEvent> {
    let payload: AnswerPayload = serde_json::from_str(payload)
        .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
    Ok(AnswerEvent {
        id,
        user_id,
        set_id,
        item_id,
        response: payload.response,
        correction: payload.correction,
        occurred_at,
    })
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

impl Learning<'_> {
    /// Records that a pupil was shown these items (answers to others are refused).
    pub async fn mark_presented(&self, user_id: Uuid, item_ids: &[Uuid]) -> Result<()> {
        // A set page is seen again and again: a read finds the items already recorded, so
        // that only a first view writes (SQLite has one writer for the whole platform).
        let mut recorded: Vec<Uuid> = Vec::new();
        for chunk in item_ids.chunks(PRESENTATIONS_READ_AT_ONCE) {
            let sql = presented_among_sql(chunk.len());
            let in_place = self.store.read_in_place(|c| {
                let mut values: Vec<&dyn rusqlite::ToSql> = vec![&user_id];
                values.extend(chunk.iter().map(|id| id as &dyn rusqlite::ToSql));
                query::all(c, &sql, &values, |row| row.get("item_id"))
            });
            let found: Vec<Uuid> = match in_place {
                Some(read) => read?,
                None => on_db!(self.store, pool => {
                    let mut q = sqlx::query_scalar(&sql).bind(user_id);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.fetch_all(pool).await?
                }),
            };
            recorded.extend(found);
        }
        let shown: Vec<(Uuid, Uuid)> = item_ids
            .iter()
            .filter(|item| !recorded.contains(item))
            .map(|item| (user_id, *item))
            .collect();
        if shown.is_empty() {
            return Ok(());
        }
        self.record_presentations(&shown).await
    }

    /// Records that each pupil was shown the item beside it, `(pupil, item)` pairs (an offline
    /// device's or a generator's batch); pairs recorded before are kept as they were.
    pub async fn record_presentations(&self, shown: &[(Uuid, Uuid)]) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            tx.record_shown(shown, at).await?;
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
        let rows = answer_rows(events)?;
        let received = Moment {
            at: self.store.now(),
            zone: self.store.time_zone(),
        };
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
        let in_place = self.store.read_in_place(|c| {
            query::all(c, LATEST_ANSWERS, &[&user_id, &set_id], AnswerRow::read)
        });
        let rows = match in_place {
            Some(read) => read?,
            None => on_db!(self.store, pool => {
                sqlx::query_as::<_, AnswerRow>(LATEST_ANSWERS)
                    .bind(user_id).bind(set_id).fetch_all(pool).await?
            }),
        };
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

/// What the set page needs to decide how much help to show under an answered item.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnswerHelp {
    /// Wrong (or partly right) answers in a row at the end of the pupil's answers.
    pub misses: u32,
    /// When the answer was last shown to the pupil.
    pub shown_at: Option<DateTime<Utc>>,
}

/// Answers at the end of `scores` (in time order) that are not fully right.
fn misses_in_a_row(scores: &[f64]) -> u32 {
    let misses = scores.iter().rev().take_while(|s| **s < 1.0 - 1e-6).count();
    u32::try_from(misses).unwrap_or(u32::MAX)
}

impl Learning<'_> {
    /// Records that the answer of an item was shown to a pupil (asked for, or after a
    /// second wrong try), now: see [`Learning::record_answers_shown`].
    pub async fn record_answer_shown(&self, user_id: Uuid, item_id: Uuid) -> Result<()> {
        self.record_answers_shown(user_id, &[item_id]).await
    }

    /// Records that the answer of an item was shown to a pupil at `at`: a showing made on a
    /// device without network and sent later. Older than the card's last answer, the
    /// card's counting is replayed with it.
    pub async fn record_answer_shown_at(
        &self,
        user_id: Uuid,
        item_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.record_shown(user_id, &[item_id], at).await
    }

    /// Records that the answers of `item_ids` were shown to a pupil now, in one transaction
    /// (a set page draws several at once): answers typed later that day do not count
    /// towards mastery ([`crate::learning::counting`]). The card keeps the time; the row
    /// lets a replay of the card find it. An item already shown that day is recorded
    /// again, which moves the card's time and no score. Nothing to record: no transaction.
    pub async fn record_answers_shown(&self, user_id: Uuid, item_ids: &[Uuid]) -> Result<()> {
        self.record_shown(user_id, item_ids, self.store.now()).await
    }

    async fn record_shown(
        &self,
        user_id: Uuid,
        item_ids: &[Uuid],
        at: DateTime<Utc>,
    ) -> Result<()> {
        if item_ids.is_empty() {
            return Ok(());
        }
        let zone = self.store.time_zone();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            tx.record_reveals(user_id, item_ids, at, zone).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Per item of a set the pupil answered: wrong answers in a row and the last time its
    /// answer was shown.
    pub async fn answer_help(
        &self,
        user_id: Uuid,
        set_id: Uuid,
    ) -> Result<std::collections::HashMap<Uuid, AnswerHelp>> {
        type Answers = Vec<(Uuid, DateTime<Utc>, f64)>;
        let (mut answers, reveals): (Answers, Vec<(Uuid, DateTime<Utc>)>) = on_db!(self.store, pool => {
            let answers = sqlx::query_as(
                "SELECT item_id, occurred_at, COALESCE(score, 0.0) FROM learner_events
                 WHERE user_id = $1 AND set_id = $2 AND kind = 'answer'",
            )
            .bind(user_id).bind(set_id).fetch_all(pool).await?;
            let reveals = sqlx::query_as(
                "SELECT r.item_id, r.shown_at FROM answer_reveals r
                 JOIN exercise_items i ON i.id = r.item_id
                 WHERE r.user_id = $1 AND i.set_id = $2",
            )
            .bind(user_id).bind(set_id).fetch_all(pool).await?;
            (answers, reveals)
        });
        answers.sort_by_key(|(item, at, _)| (*item, *at));
        let mut scores: std::collections::HashMap<Uuid, Vec<f64>> = Default::default();
        for (item, _, score) in answers {
            scores.entry(item).or_default().push(score);
        }
        let mut help: std::collections::HashMap<Uuid, AnswerHelp> = scores
            .into_iter()
            .map(|(item, scores)| {
                let misses = misses_in_a_row(&scores);
                (
                    item,
                    AnswerHelp {
                        misses,
                        shown_at: None,
                    },
                )
            })
            .collect();
        for (item, at) in reveals {
            let entry = help.entry(item).or_default();
            entry.shown_at = entry.shown_at.max(Some(at));
        }
        Ok(help)
    }
}

#[cfg(test)]
mod tests {
    use super::misses_in_a_row;

    #[test]
    fn misses_count_back_to_the_last_right_answer() {
        assert_eq!(misses_in_a_row(&[]), 0);
        assert_eq!(misses_in_a_row(&[0.0, 1.0]), 0);
        assert_eq!(misses_in_a_row(&[1.0, 0.5, 0.0]), 2);
        assert_eq!(misses_in_a_row(&[0.0, 0.9999999]), 0, "three thirds");
    }
}
