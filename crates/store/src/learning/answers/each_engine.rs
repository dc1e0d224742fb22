//! [`AnswerWrites`] for one engine's connection; `engine` holds what differs (the insert
//! statement and the lock).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use lawha_core::validate::FieldError;
use uuid::Uuid;

use super::{engine, Conn};
use crate::learning::answers::{
    distinct, exceeds_attempts, newly_answered, AnswerToRecord, AnswerWrites, Moment,
};
use crate::learning::exercises::AnswerEvent;
use crate::learning::review_writes::ReviewWrites;
use crate::rollups::queue::RollupQueue;
use crate::{PairLocks, Refusal, Result, StoreError};

/// Keys per checking statement: a few hundred binds, well under either engine's limit.
const KEYS_PER_STATEMENT: usize = 500;

impl AnswerWrites for Conn {
    async fn submit_answers(
        &mut self,
        rows: &[AnswerToRecord<'_>],
        received: Moment,
    ) -> Result<Vec<Uuid>> {
        let Moment { at: received, zone } = received;
        let events: Vec<&AnswerEvent> = rows.iter().map(|(event, _)| *event).collect();
        // Every pair this batch answers, locked before anything is read: the attempt
        // counts and the review cards below are then current until the commit.
        let mut pairs = distinct(events.iter().map(|e| (e.user_id, e.item_id)));
        pairs.sort_unstable();
        self.lock_pairs(&pairs).await?;
        check_refs(self, &events).await?;
        check_presented(self, &events).await?;
        check_attempts(self, &events).await?;
        let inserted = engine::insert_answers(self, rows, received).await?;
        self.schedule_reviews(&newly_answered(&events, &inserted), zone)
            .await?;
        self.queue_rollups(&inserted, received).await?;
        Ok(inserted)
    }

    async fn record_shown(&mut self, shown: &[(Uuid, Uuid)], at: DateTime<Utc>) -> Result<()> {
        // Three binds per row: well under either engine's limit.
        const ROWS_PER_STATEMENT: usize = 1000;
        for chunk in shown.chunks(ROWS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO item_presentations (user_id, item_id, shown_at) ",
            );
            q.push_values(chunk, |mut row, (user_id, item_id)| {
                row.push_bind(*user_id).push_bind(*item_id).push_bind(at);
            });
            q.push(" ON CONFLICT (user_id, item_id) DO NOTHING");
            q.build().execute(&mut *self).await?;
        }
        Ok(())
    }
}

/// Refuses answers that name a pupil who does not exist, or an item that is not in the set
/// named beside it. On PostgreSQL it is the only check: the event log has no foreign keys
/// there (migration 0007; their per-row trigger queries halved ingest).
async fn check_refs(conn: &mut Conn, events: &[&AnswerEvent]) -> Result<()> {
    let users = distinct(events.iter().map(|e| e.user_id));
    for chunk in users.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM users WHERE id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let found: i64 = q.build_query_scalar().fetch_one(&mut *conn).await?;
        if found != chunk.len() as i64 {
            let unknown = FieldError::new("unknown-pupil");
            return Err(StoreError::invalid("user_id", unknown));
        }
    }
    let items = distinct(events.iter().map(|e| (e.item_id, e.set_id)));
    for chunk in items.chunks(KEYS_PER_STATEMENT) {
        let mut q =
            sqlx::QueryBuilder::new("SELECT COUNT(*) FROM exercise_items WHERE (id, set_id) IN (");
        q.push_values(chunk, |mut row, (item_id, set_id)| {
            row.push_bind(*item_id).push_bind(*set_id);
        });
        q.push(")");
        let found: i64 = q.build_query_scalar().fetch_one(&mut *conn).await?;
        if found != chunk.len() as i64 {
            let unknown = FieldError::new("unknown-item");
            return Err(StoreError::invalid("item_id", unknown));
        }
    }
    Ok(())
}

/// Refuses answers to items the pupil was not shown.
async fn check_presented(conn: &mut Conn, events: &[&AnswerEvent]) -> Result<()> {
    let pairs = distinct(events.iter().map(|e| (e.user_id, e.item_id)));
    for chunk in pairs.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT COUNT(*) FROM item_presentations WHERE (user_id, item_id) IN (",
        );
        q.push_values(chunk, |mut row, (user_id, item_id)| {
            row.push_bind(*user_id).push_bind(*item_id);
        });
        q.push(")");
        let found: i64 = q.build_query_scalar().fetch_one(&mut *conn).await?;
        if found != chunk.len() as i64 {
            return Err(StoreError::Conflict(Refusal::NotPresented));
        }
    }
    Ok(())
}

/// Refuses answers past a quiz's attempt limit. The pairs are locked already
/// (`submit_answers`), so a parallel submission waits for this one and then counts it.
async fn check_attempts(conn: &mut Conn, events: &[&AnswerEvent]) -> Result<()> {
    let limits = attempt_limits(conn, events).await?;
    if limits.is_empty() {
        return Ok(());
    }
    let limited: Vec<&AnswerEvent> = events
        .iter()
        .copied()
        .filter(|e| limits.contains_key(&e.set_id))
        .collect();
    let pairs = distinct(limited.iter().map(|e| (e.user_id, e.item_id)));
    let mut used: HashMap<(Uuid, Uuid), i64> = HashMap::new();
    for chunk in pairs.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT user_id, item_id, COUNT(*) FROM learner_events
             WHERE kind = 'answer' AND (user_id, item_id) IN (",
        );
        q.push_values(chunk, |mut row, (user_id, item_id)| {
            row.push_bind(*user_id).push_bind(*item_id);
        });
        q.push(") GROUP BY user_id, item_id");
        let counts: Vec<(Uuid, Uuid, i64)> = q.build_query_as().fetch_all(&mut *conn).await?;
        used.extend(counts.into_iter().map(|(u, i, n)| ((u, i), n)));
    }
    let mut recorded: HashSet<Uuid> = HashSet::new();
    let ids = distinct(limited.iter().map(|e| e.id));
    for chunk in ids.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new("SELECT id FROM learner_events WHERE id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        recorded.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *conn).await?);
    }
    if exceeds_attempts(&limited, &limits, &used, &recorded) {
        return Err(StoreError::Conflict(Refusal::NoAttemptsLeft));
    }
    Ok(())
}

/// The attempt limit of each limited quiz among the events' sets.
async fn attempt_limits(conn: &mut Conn, events: &[&AnswerEvent]) -> Result<HashMap<Uuid, i32>> {
    let sets = distinct(events.iter().map(|e| e.set_id));
    let mut limits = HashMap::new();
    for chunk in sets.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT id, max_attempts FROM exercise_sets
             WHERE mode = 'quiz' AND max_attempts IS NOT NULL AND id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<(Uuid, i32)> = q.build_query_as().fetch_all(&mut *conn).await?;
        limits.extend(rows);
    }
    Ok(limits)
}
