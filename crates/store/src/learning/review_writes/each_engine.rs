//! [`ReviewWrites`] for one engine's connection.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::Conn;
use crate::learning::counting::{self, Counting};
use crate::learning::review_writes::ReviewWrites;
use crate::learning::revision::{self, Answered, KeyedCardRow, Scheduled};
use crate::{PairLocks, Result, RowLocks};

/// Two binds per pair read, three per showing and thirteen per card written: well under
/// either engine's limit.
const PAIRS_PER_STATEMENT: usize = 500;

/// A card with its mastery counting.
type Card = (Scheduled, Counting);

impl ReviewWrites for Conn {
    async fn schedule_reviews(&mut self, answers: &[Answered], zone: Tz) -> Result<()> {
        let pairs = revision::by_pair(answers);
        let keys: Vec<(Uuid, Uuid)> = pairs.iter().map(|(u, i, _)| (*u, *i)).collect();
        let stored = stored_cards(self, &keys).await?;
        // A first answer may follow a showing recorded without a card (a phone's showing
        // whose answer never reached the server): the counting must see it.
        let new_pairs: Vec<(Uuid, Uuid)> =
            keys.iter().filter(|k| !stored.contains_key(k)).copied().collect();
        let shown_without_card = revealed_pairs(self, &new_pairs).await?;
        let mut next_cards: Vec<(Uuid, Uuid, Card)> = Vec::with_capacity(pairs.len());
        for (user_id, item_id, new) in pairs {
            let card = stored.get(&(user_id, item_id));
            let next = revision::apply(card.map(|c| &c.0), &new);
            let counted = counting::apply(
                card.map(|(s, c)| (c, s.card.last_review_at)),
                &new,
                zone,
            );
            let shown_before = shown_without_card.contains(&(user_id, item_id));
            let next = match (next, counted) {
                (Some(next), Some(counted)) if !shown_before => Some((next, counted)),
                // Answers older than the card (offline sync), or after a showing the card
                // does not hold: replay the whole history.
                _ => {
                    let answers = history(self, user_id, item_id).await?;
                    let reveals = reveals(self, user_id, item_id).await?;
                    revision::replay(&answers)
                        .map(|next| (next, counting::replay(&answers, &reveals, zone)))
                }
            };
            if let Some(next) = next {
                next_cards.push((user_id, item_id, next));
            }
        }
        write_cards(self, &next_cards).await
    }

    async fn record_reveals(
        &mut self,
        user_id: Uuid,
        items: &[Uuid],
        at: DateTime<Utc>,
        zone: Tz,
    ) -> Result<()> {
        let mut pairs: Vec<(Uuid, Uuid)> = items.iter().map(|item| (user_id, *item)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        // The pairs first, locked (as an answer's are): an answer being recorded has them
        // or waits for them, whether their cards exist yet or not.
        self.lock_pairs(&pairs).await?;
        let mut stored = stored_cards(self, &pairs).await?;
        for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
            let mut q =
                sqlx::QueryBuilder::new("INSERT INTO answer_reveals (user_id, item_id, shown_at) ");
            q.push_values(chunk, |mut row, (user_id, item_id)| {
                row.push_bind(*user_id).push_bind(*item_id).push_bind(at);
            });
            q.push(" ON CONFLICT DO NOTHING");
            q.build().execute(&mut *self).await?;
        }
        let mut cards: Vec<(Uuid, Uuid, Card)> = Vec::with_capacity(stored.len());
        let mut rescored: Vec<(Uuid, Uuid)> = Vec::new();
        for (user_id, item_id) in pairs {
            let Some((scheduled, counting)) = stored.remove(&(user_id, item_id)) else {
                continue;
            };
            let counting = match counting::shown(&counting, scheduled.card.last_review_at, at) {
                Some(counting) => counting,
                // Shown before the card's last answer, though recorded after it: replay,
                // this showing included.
                None => {
                    let answers = history(self, user_id, item_id).await?;
                    let reveals = reveals(self, user_id, item_id).await?;
                    let replayed = counting::replay(&answers, &reveals, zone);
                    if replayed.score != counting.score {
                        rescored.push((user_id, item_id));
                    }
                    replayed
                }
            };
            cards.push((user_id, item_id, (scheduled, counting)));
        }
        write_cards(self, &cards).await?;
        queue_mastery_rechecks(self, &rescored).await
    }
}

/// Queues the mastery of `pairs` for the rollup worker to recompute: their counted scores
/// changed with no answer queued that would have it look (see migration 0028).
async fn queue_mastery_rechecks(conn: &mut Conn, pairs: &[(Uuid, Uuid)]) -> Result<()> {
    for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
        let mut q =
            sqlx::QueryBuilder::new("INSERT INTO mastery_rechecks (user_id, item_id, queue_id) ");
        q.push_values(chunk, |mut row, (user_id, item_id)| {
            row.push_bind(*user_id)
                .push_bind(*item_id)
                .push_bind(lawha_core::new_id());
        });
        q.push(" ON CONFLICT (user_id, item_id) DO UPDATE SET queue_id = excluded.queue_id");
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The stored cards of `pairs` (sorted), by (pupil, item), their rows locked until the
/// transaction ends. What makes writers of one card take turns is the pairs' locks, taken
/// before (`PairLocks`): a row lock covers only a card that exists when it is read.
async fn stored_cards(
    conn: &mut Conn,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashMap<(Uuid, Uuid), Card>> {
    let mut stored = HashMap::with_capacity(pairs.len());
    for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT user_id, item_id, due_at, stability, difficulty, scheduled_days, reps, lapses,
                    phase, last_review_at, last_score, counted_score, shown_at
             FROM review_cards WHERE (user_id, item_id) IN (",
        );
        q.push_values(chunk, |mut row, (user_id, item_id)| {
            row.push_bind(*user_id).push_bind(*item_id);
        });
        q.push(") ORDER BY user_id, item_id");
        q.push(<Conn as RowLocks>::FOR_UPDATE);
        let rows = q
            .build_query_as::<KeyedCardRow>()
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            let counting = Counting {
                score: row.counted_score,
                shown_at: row.shown_at,
            };
            stored.insert((row.user_id, row.item_id), (row.card.into_card()?, counting));
        }
    }
    Ok(stored)
}

/// Those of `pairs` with a showing recorded.
async fn revealed_pairs(
    conn: &mut Conn,
    pairs: &[(Uuid, Uuid)],
) -> Result<HashSet<(Uuid, Uuid)>> {
    let mut shown = HashSet::new();
    for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT DISTINCT user_id, item_id FROM answer_reveals WHERE (user_id, item_id) IN (",
        );
        q.push_values(chunk, |mut row, (user_id, item_id)| {
            row.push_bind(*user_id).push_bind(*item_id);
        });
        q.push(")");
        let rows: Vec<(Uuid, Uuid)> = q.build_query_as().fetch_all(&mut *conn).await?;
        shown.extend(rows);
    }
    Ok(shown)
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

/// When the answer of an item was shown to a pupil.
async fn reveals(conn: &mut Conn, user_id: Uuid, item_id: Uuid) -> Result<Vec<DateTime<Utc>>> {
    Ok(sqlx::query_scalar(
        "SELECT shown_at FROM answer_reveals WHERE user_id = $1 AND item_id = $2",
    )
    .bind(user_id)
    .bind(item_id)
    .fetch_all(conn)
    .await?)
}

/// Stores `cards`, replacing the pairs' previous cards.
async fn write_cards(conn: &mut Conn, cards: &[(Uuid, Uuid, Card)]) -> Result<()> {
    for chunk in cards.chunks(PAIRS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO review_cards (user_id, item_id, due_at, stability, difficulty,
               scheduled_days, reps, lapses, phase, last_review_at, last_score, counted_score,
               shown_at) ",
        );
        q.push_values(chunk, |mut row, (user_id, item_id, (next, counting))| {
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
                .push_bind(next.last_score)
                .push_bind(counting.score)
                .push_bind(counting.shown_at);
        });
        q.push(
            " ON CONFLICT (user_id, item_id) DO UPDATE SET due_at = excluded.due_at,
               stability = excluded.stability, difficulty = excluded.difficulty,
               scheduled_days = excluded.scheduled_days, reps = excluded.reps,
               lapses = excluded.lapses, phase = excluded.phase,
               last_review_at = excluded.last_review_at, last_score = excluded.last_score,
               counted_score = excluded.counted_score, shown_at = excluded.shown_at",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
