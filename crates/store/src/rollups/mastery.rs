//! The parts of a rollup batch that read beyond the batch: the mastery of each lesson a
//! pupil answered in, or whose recheck was queued (from the review cards' counted scores,
//! which the answer's or the showing's own transaction updated),
//! and the completion of the pupils' open assignments. Both run inside `apply_rollups`'s
//! transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use lawha_core::mastery::Mastery;
use uuid::Uuid;

use super::fold::{Deltas, Place, Placement};
use crate::Result;

/// Mastery and assignment writes, implemented for each engine's connection (see the crate
/// doc).
pub(crate) trait MasteryWrites {
    /// Recomputes the mastery of the (pupil, lesson) pairs of the batch `d` (answered in it,
    /// or queued for a recheck) and
    /// moves the scope counters from each pair's old state to its new one.
    async fn fold_mastery(
        &mut self,
        d: &Deltas,
        placements: &HashMap<Uuid, Placement>,
        items: &HashMap<Uuid, Place>,
    ) -> Result<()>;

    /// Marks the open assignments the batch's activity completed (a capsule watched to the
    /// end, every item of a set answered) at `at`, and counts them per scope.
    async fn complete_assignments(
        &mut self,
        d: &Deltas,
        placements: &HashMap<Uuid, Placement>,
        at: DateTime<Utc>,
    ) -> Result<()>;
}

/// The stored code of a mastery state; 0 (not started) is never counted.
pub(super) fn state_code(m: Mastery) -> i16 {
    match m {
        Mastery::NotStarted => 0,
        Mastery::Struggling => 1,
        Mastery::InProgress => 2,
        Mastery::Mastered => 3,
    }
}

/// A mastery counter's key: (scope, parent, level, subject, state).
pub(super) type MasteryKey = (String, String, String, String, i16);

/// What the database holds about the lessons of a batch.
#[derive(Debug, Default)]
pub(super) struct LessonFacts {
    /// Items per lesson.
    pub item_counts: HashMap<Uuid, i64>,
    /// The counted score of each item a pupil answered (`learning::counting`), per (pupil,
    /// lesson).
    pub scores: HashMap<(Uuid, Uuid), Vec<f64>>,
    /// The stored state code per (pupil, lesson).
    pub old: HashMap<(Uuid, Uuid), i16>,
}

/// What a batch changes in mastery.
#[derive(Debug, Default)]
pub(super) struct MasteryMoves {
    /// (pupil, lesson, new state code) of the pairs whose state changed.
    pub changed: Vec<(Uuid, Uuid, i16)>,
    /// Counter increments, none zero.
    pub counts: BTreeMap<MasteryKey, i64>,
}

/// The new state of the (pupil, lesson) `pairs` whose state changed, and the counter moves
/// that follow: −1 for the old state, +1 for the new one, in each scope of the pupil.
/// Pupils without a class are left out; "not started" is never counted.
pub(super) fn mastery_moves(
    pairs: &[(Uuid, Uuid)],
    facts: &LessonFacts,
    placements: &HashMap<Uuid, Placement>,
    subjects: &HashMap<Uuid, String>,
) -> MasteryMoves {
    let mut counts: BTreeMap<MasteryKey, i64> = BTreeMap::new();
    let mut changed = Vec::new();
    for &(user, lesson) in pairs {
        let Some(place) = placements.get(&user) else {
            continue;
        };
        let items = facts.item_counts.get(&lesson).copied().unwrap_or(0);
        let items = usize::try_from(items).unwrap_or(0);
        let latest = facts
            .scores
            .get(&(user, lesson))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let state = state_code(Mastery::of(items, latest));
        let before = facts.old.get(&(user, lesson)).copied();
        if before == Some(state) || (before.is_none() && state == 0) {
            continue;
        }
        changed.push((user, lesson, state));
        let subject = subjects.get(&lesson).cloned().unwrap_or_default();
        for (scope, parent) in place.scopes() {
            let key = |s: i16| {
                let level = place.level.clone();
                (scope.clone(), parent.clone(), level, subject.clone(), s)
            };
            if let Some(b) = before.filter(|b| *b != 0) {
                *counts.entry(key(b)).or_default() -= 1;
            }
            if state != 0 {
                *counts.entry(key(state)).or_default() += 1;
            }
        }
    }
    counts.retain(|_, n| *n != 0);
    MasteryMoves { changed, counts }
}

compile_per_engine!("mastery");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_state_moves_one_count_in_each_scope_of_the_pupil() {
        let (pupil, unplaced, lesson) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let place = Placement {
            region: Uuid::now_v7(),
            province: Uuid::now_v7(),
            school: Uuid::now_v7(),
            level: "1AC".into(),
        };
        let placements = HashMap::from([(pupil, place.clone())]);
        let subjects = HashMap::from([(lesson, "MATH".to_string())]);
        let struggling = state_code(Mastery::Struggling);
        let mastered = state_code(Mastery::Mastered);
        let facts = LessonFacts {
            item_counts: HashMap::from([(lesson, 2)]),
            scores: HashMap::from([
                ((pupil, lesson), vec![1.0, 0.9]),
                ((unplaced, lesson), vec![1.0, 1.0]),
            ]),
            old: HashMap::from([((pupil, lesson), struggling)]),
        };
        let pairs = [(pupil, lesson), (unplaced, lesson)];
        let MasteryMoves { changed, counts } =
            mastery_moves(&pairs, &facts, &placements, &subjects);
        assert_eq!(
            changed,
            vec![(pupil, lesson, mastered)],
            "no class, no count"
        );
        assert_eq!(counts.len(), 8, "four scopes, one count out and one in");
        for (scope, parent) in place.scopes() {
            let key = |s| {
                (
                    scope.clone(),
                    parent.clone(),
                    "1AC".into(),
                    "MATH".into(),
                    s,
                )
            };
            assert_eq!(counts[&key(struggling)], -1);
            assert_eq!(counts[&key(mastered)], 1);
        }

        // The same state again changes nothing.
        let facts = LessonFacts {
            old: HashMap::from([((pupil, lesson), mastered)]),
            ..facts
        };
        let moves = mastery_moves(&pairs[..1], &facts, &placements, &subjects);
        let (changed, counts) = (moves.changed, moves.counts);
        assert!(changed.is_empty() && counts.is_empty());
    }
}
