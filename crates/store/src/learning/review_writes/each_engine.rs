//! [`ReviewWrites`] for one engine's connection.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::learning::review_writes::ReviewWrites;
use crate::learning::revision::{self, Answered, KeyedCardRow, Scheduled};
use crate::Result;

/// Two binds per pair read, eleven per card written: well under either engine's limit.
const PAIRS_PER_STATEMENT: usize = 500;

impl ReviewWrites for Conn {
    async fn schedule_reviews(&mut self, answers: &[Answered]) -> Result<()> {
        let pairs = revision::by_pair(answers);
        let stored = stored_cards(self, &pairs).await?;
        let mut next_cards: Vec<(Uuid, Uuid, Scheduled)> = Vec::with_capacity(pairs.len());
        for (user_id, item_id, new) in pairs {
            let next = match revision::apply(stored.get(&(user_id, item_id)), &new) {
                Some(next) => Some(next),
                // Answers older than the card (offline sync): replay the whole history.
                None => revision::replay(&history(self, user_id, item_id).await?),
            };
            if let Some(next) = next {
                next_cards.push((user_id, item_id, next));
            }
        }
        write_cards(self, &next_cards).await
    }
}

/// The stored cards of `pairs`, by (pupil, item).
async fn stored_cards(
    conn: &mut Conn,
    pairs: &[(Uuid, Uuid, revision::History)],
) -> Result<HashMap<(Uuid, Uuid), Scheduled>> {
    let mut stored = HashMap::with_capacity(pairs.len());
    for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT user_id, item_id, due_at, stability, difficulty, scheduled_days, reps, lapses,
                    phase, last_review_at, last_score
             FROM review_cards WHERE (user_id, item_id) IN (",
        );
        q.push_values(chunk, |mut row, (user_id, item_id, _)| {
            row.push_bind(*user_id).push_bind(*item_id);
        });
        q.push(")");
        let rows = q
            .build_query_as::<KeyedCardRow>()
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            stored.insert((row.user_id, row.item_id), row.card.into_card()?);
        }
    }
    Ok(stored)
}

/// Every answer of a pupil to an item, as (time, score).
async fn history(conn: &mut Conn, user_id: Uuid, item_id: Uuid) -> Result<revision::History> {
    let history: Vec<(DateTime<Utc>, f64)> = sqlx::query_as(
        "SELECT occurred_at, COALESCE(score, 0.0) FROM learner_events
         WHERE user_id = $1 AND item_id = $2 AND kind = 'answer'",
    )
    .bind(user_id)
    .bind(item_id)
    .fetch_all(conn)
    .await?;
    Ok(history)
}

/// Stores `cards`, replacing the pairs' previous cards.
async fn write_cards(conn: &mut Conn, cards: &[(Uuid, Uuid, Scheduled)]) -> Result<()> {
    for chunk in cards.chunks(PAIRS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO review_cards (user_id, item_id, due_at, stability, difficulty,
               scheduled_days, reps, lapses, phase, last_review_at, last_score) ",
        );
        q.push_values(chunk, |mut row, (user_id, item_id, next)| {
            let c = &next.card;
            row.push_bind(*user_id)
                .push_bind(*item_id)
                .push_bind(c.due_at)
                .push_bind(c.stability)
                .push_bind(c.difficulty)
                .push_bind(c.scheduled_days)
                .push_bind(c.reps)
                .push_bind(c.lapses)
                .push_bind(c.phase.code())
                .push_bind(c.last_review_at)
                .push_bind(next.last_score);
        });
        q.push(
            " ON CONFLICT (user_id, item_id) DO UPDATE SET due_at = excluded.due_at,
               stability = excluded.stability, difficulty = excluded.difficulty,
               scheduled_days = excluded.scheduled_days, reps = excluded.reps,
               lapses = excluded.lapses, phase = excluded.phase,
               last_review_at = excluded.last_review_at, last_score = excluded.last_score",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
