//! Recording answers: the one write path for the answer form, batch ingest and (later)
//! offline sync. The rules that protect answers are checked inside the write transaction
//! that records them, so parallel submissions cannot all pass a check: the pupil exists
//! and the item is in the set named beside it, the pupil was shown the item, and a limited
//! quiz has attempts left. An answer's id is made by the client, so one sent again is
//! stored once and is no new attempt.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::learning::exercises::AnswerEvent;
use crate::learning::revision::Answered;
use crate::Result;

/// An answer to record with its stored JSON payload.
pub(crate) type AnswerToRecord<'a> = (&'a AnswerEvent, String);

/// When answers are received, and the platform's time zone, which says on which day each
/// answer was given (mastery counts the first answer of a day: [`crate::learning::counting`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moment {
    pub at: DateTime<Utc>,
    pub zone: Tz,
}

/// Answer writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait AnswerWrites {
    /// Records `rows`, received at `received.at`, with the review cards and rollup queue they
    /// move; returns the ids inserted (answers recorded before are skipped). Runs in a
    /// transaction opened with [`BeginWrite`](crate::BeginWrite) and refuses the whole
    /// batch, before writing anything, when one answer breaks a rule:
    /// `Invalid` `user_id`/`item_id` for an unknown pupil or an item not in its set,
    /// `Conflict("not-presented")` for an item the pupil was not shown,
    /// `Conflict("no-attempts-left")` past a quiz's attempt limit.
    async fn submit_answers(
        &mut self,
        rows: &[AnswerToRecord<'_>],
        received: Moment,
    ) -> Result<Vec<Uuid>>;

    /// Records that each pupil was shown the item beside it, `(pupil, item)` pairs, at
    /// `at`; pairs recorded before are kept as they were.
    async fn record_shown(&mut self, shown: &[(Uuid, Uuid)], at: DateTime<Utc>) -> Result<()>;
}

/// The answers of `events` whose ids were inserted (not recorded before), each once even
/// when the batch holds it twice.
pub(crate) fn newly_answered(events: &[&AnswerEvent], inserted: &[Uuid]) -> Vec<Answered> {
    let mut inserted: HashSet<Uuid> = inserted.iter().copied().collect();
    events
        .iter()
        .filter(|e| inserted.remove(&e.id))
        .map(|e| e.answered())
        .collect()
}

/// Distinct values, sorted (the order locks are taken in).
fn distinct<T: Ord>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut values: Vec<T> = values.collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// Whether recording `events` would take a (pupil, item) pair past its set's attempt
/// limit. `limits`: allowed answers per item of each limited set; `used`: answers already
/// recorded per pair; `recorded`: which of the events' ids are among them (a resubmission
/// is no new attempt, and an id sent twice in the batch counts once).
pub(crate) fn exceeds_attempts(
    events: &[&AnswerEvent],
    limits: &HashMap<Uuid, i32>,
    used: &HashMap<(Uuid, Uuid), i64>,
    recorded: &HashSet<Uuid>,
) -> bool {
    let mut new: HashMap<(Uuid, Uuid), HashSet<Uuid>> = HashMap::new();
    for e in events {
        if limits.contains_key(&e.set_id) && !recorded.contains(&e.id) {
            new.entry((e.user_id, e.item_id)).or_default().insert(e.id);
        }
    }
    events.iter().any(|e| {
        let pair = (e.user_id, e.item_id);
        let Some(allowed) = limits.get(&e.set_id) else {
            return false;
        };
        let fresh = new.get(&pair).map_or(0, HashSet::len) as i64;
        fresh > 0 && used.get(&pair).copied().unwrap_or(0) + fresh > i64::from(*allowed)
    })
}

#[path = "answers"]
mod sqlite {
    type Conn = sqlx::SqliteConnection;
    #[path = "each_engine.rs"]
    mod each_engine;
    #[path = "sqlite.rs"]
    mod engine;
}

#[path = "answers"]
mod postgres {
    type Conn = sqlx::PgConnection;
    #[path = "each_engine.rs"]
    mod each_engine;
    #[path = "postgres.rs"]
    mod engine;
}

#[cfg(test)]
mod tests {
    use lawha_core::exercise::{Correction, Response};

    use super::*;

    fn answer(id: Uuid, user_id: Uuid, set_id: Uuid, item_id: Uuid) -> AnswerEvent {
        AnswerEvent {
            id,
            user_id,
            set_id,
            item_id,
            response: Response::TrueFalse { answer: true },
            correction: Correction {
                score: 1.0,
                correct: true,
                feedback: Vec::new(),
                parts: Vec::new(),
                general_feedback: None,
                solution: None,
            },
            occurred_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn attempts_count_recorded_answers_and_new_ids_once() {
        let (pupil, quiz, item, practice) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let limits = HashMap::from([(quiz, 2)]);
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let first = answer(a, pupil, quiz, item);
        let second = answer(b, pupil, quiz, item);
        let third = answer(c, pupil, quiz, item);
        let none = HashMap::new();
        let nothing = HashSet::new();

        // Two new answers fit a limit of two, even when one is sent twice in the batch.
        assert!(!exceeds_attempts(
            &[&first, &second, &first],
            &limits,
            &none,
            &nothing
        ));
        // A third does not.
        assert!(exceeds_attempts(
            &[&first, &second, &third],
            &limits,
            &none,
            &nothing
        ));
        // Two recorded: a resubmission of one of them passes, a new answer does not.
        let used = HashMap::from([((pupil, item), 2)]);
        let recorded = HashSet::from([a, b]);
        assert!(!exceeds_attempts(&[&first], &limits, &used, &recorded));
        assert!(exceeds_attempts(
            &[&first, &third],
            &limits,
            &used,
            &recorded
        ));
        // Practice sets have no limit.
        let many: Vec<AnswerEvent> = (0..5)
            .map(|_| answer(Uuid::now_v7(), pupil, practice, item))
            .collect();
        let many: Vec<&AnswerEvent> = many.iter().collect();
        assert!(!exceeds_attempts(&many, &limits, &used, &nothing));
    }
}
