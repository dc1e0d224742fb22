//! Which answers count towards mastery ([`lawha_core::mastery::counted_after`]: the first
//! answer of a day to an item, unless its answer was shown earlier that day), kept on each
//! review card beside the schedule (`counted_score`, `shown_at`) and updated in the same
//! transaction, so mastery readers (progress pages, rollups) read one column.
//!
//! Days are the platform's (`Store::with_time_zone`). Like the schedule, the counting is
//! applied on top of the card for newer answers and replayed from the item's whole history
//! (answers and `answer_reveals`) when an answer is older than the card's last answer or
//! last reveal (offline work synced late), and when a showing is older than the card's last
//! answer ([`shown`]).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use lawha_core::mastery::{counted_after, counted_score, ItemEvent};

/// What the card keeps for mastery.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Counting {
    /// The score of the latest counted answer; `None`: none counted (mastery reads 0).
    pub score: Option<f64>,
    /// When the answer was last shown to the pupil.
    pub shown_at: Option<DateTime<Utc>>,
}

fn day(at: DateTime<Utc>, zone: Tz) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// The counting after the answers `new` (in time order), given the stored counting and the
/// time of the card's last answer; `None` when an answer is older than either of those, and
/// the history must be replayed instead.
pub(crate) fn apply(
    stored: Option<(&Counting, DateTime<Utc>)>,
    new: &[(DateTime<Utc>, f64)],
    zone: Tz,
) -> Option<Counting> {
    let (mut counting, mut previous) = match stored {
        Some((counting, last)) => (*counting, Some(last)),
        None => (Counting::default(), None),
    };
    if let Some((first, _)) = new.first() {
        let latest = previous.max(counting.shown_at);
        if latest.is_some_and(|latest| *first < latest) {
            return None;
        }
    }
    let shown_on = counting.shown_at.map(|at| day(at, zone));
    for (at, score) in new {
        let previous_day = previous.map(|p| day(p, zone));
        counting.score = counted_after(
            counting.score,
            previous_day,
            shown_on,
            day(*at, zone),
            *score,
        );
        previous = Some(*at);
    }
    Some(counting)
}

/// The counting after the answer was shown at `at`, given the stored counting and the time
/// of the card's last answer; `None` when `at` is older than that answer (the showing's time
/// was taken before an answer that was recorded first), and the history must be replayed
/// instead. A showing after every answer changes no score: it only stops the answers typed
/// after it that day from counting.
pub(crate) fn shown(
    counting: &Counting,
    last_answer: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Option<Counting> {
    // At the same instant as the answer, the showing follows it (see `replay`).
    (at >= last_answer).then(|| Counting {
        score: counting.score,
        shown_at: counting.shown_at.max(Some(at)),
    })
}

/// The counting an item's whole history leads to: `answers` as (time, score) and the times
/// its answer was shown, in any order. A reveal at the same instant as an answer follows it
/// (the answer is shown after its result).
pub(crate) fn replay(
    answers: &[(DateTime<Utc>, f64)],
    reveals: &[DateTime<Utc>],
    zone: Tz,
) -> Counting {
    let mut events: Vec<(DateTime<Utc>, u8, ItemEvent)> = answers
        .iter()
        .map(|(at, score)| {
            let event = ItemEvent::Answered {
                day: day(*at, zone),
                score: *score,
            };
            (*at, 0, event)
        })
        .chain(reveals.iter().map(|at| {
            (
                *at,
                1,
                ItemEvent::Shown {
                    day: day(*at, zone),
                },
            )
        }))
        .collect();
    events.sort_by_key(|(at, order, _)| (*at, *order));
    let events: Vec<ItemEvent> = events.into_iter().map(|(_, _, e)| e).collect();
    Counting {
        score: counted_score(&events),
        shown_at: reveals.iter().max().copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    const ZONE: Tz = chrono_tz::Africa::Casablanca;

    fn t(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(hours)
    }

    #[test]
    fn applying_in_steps_agrees_with_a_replay_and_late_answers_ask_for_one() {
        let answers = [(t(0), 0.0), (t(1), 0.0), (t(2), 1.0), (t(26), 1.0)];
        let reveals = [t(1)];
        let whole = replay(&answers, &reveals, ZONE);
        assert_eq!(whole.score, Some(1.0), "right the next day");
        assert_eq!(replay(&answers[..3], &reveals, ZONE).score, Some(0.0));

        // Step by step: the first answers, then the reveal, then the next day's.
        let first = apply(None, &answers[..2], ZONE).unwrap_or_default();
        let shown = Counting {
            shown_at: Some(t(1)),
            ..first
        };
        let retyped = apply(Some((&shown, t(1))), &answers[2..3], ZONE);
        assert_eq!(retyped.and_then(|c| c.score), Some(0.0), "typed once shown");
        let next_day = retyped.and_then(|c| apply(Some((&c, t(2))), &answers[3..], ZONE));
        assert_eq!(next_day, Some(whole));

        // An answer older than the card's last answer or its last reveal: replay.
        assert!(apply(
            Some((&shown, t(0))),
            &[(t(0) + Duration::minutes(30), 1.0)],
            ZONE
        )
        .is_none());
        assert!(apply(Some((&first, t(2))), &[(t(1), 1.0)], ZONE).is_none());
    }

    #[test]
    fn a_showing_after_the_last_answer_moves_no_score_and_an_older_one_asks_for_a_replay() {
        // Wrong the day before, right today.
        let answers = [(t(-24), 0.0), (t(2), 1.0)];
        let before = replay(&answers, &[], ZONE);
        assert_eq!(before.score, Some(1.0));
        // Shown after the last answer: the score stays, the time is kept.
        let after = shown(&before, t(2), t(3));
        assert_eq!(after, Some(replay(&answers, &[t(3)], ZONE)));
        // A later showing never moves the time back.
        let kept = after.and_then(|c| shown(&c, t(2), t(2)));
        assert_eq!(kept.and_then(|c| c.shown_at), Some(t(3)));
        // Shown before the last answer (recorded after it): replay, and the answer typed
        // after the showing no longer counts.
        assert_eq!(shown(&before, t(2), t(1)), None);
        assert_eq!(replay(&answers, &[t(1)], ZONE).score, Some(0.0));
    }

    #[test]
    fn days_are_the_platforms() {
        // 22:30 UTC on 1 November is 23:30 in Casablanca (UTC+1); an hour later it is 2 November there.
        let late = Utc
            .with_ymd_and_hms(2026, 11, 1, 22, 30, 0)
            .single()
            .unwrap_or_default();
        let after = late + Duration::hours(1);
        let c = replay(&[(late, 0.0), (after, 1.0)], &[], ZONE);
        assert_eq!(c.score, Some(1.0));
        let c = replay(&[(late, 0.0), (after, 1.0)], &[], chrono_tz::UTC);
        assert_eq!(c.score, Some(0.0));
    }
}
