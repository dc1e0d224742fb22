//! Mastery of a lesson, from the pupil's most recent answer to each of its items.
//!
//! The model is deliberately simple and explainable to a pupil, a parent or a teacher
//! (in the spirit of Khan Academy's mastery levels, without its points):
//!
//! - **not started**: no item of the lesson answered;
//! - **mastered**: at least [`MASTERY_COVERAGE`] of the lesson's items answered, and the
//!   mean of their latest scores at least [`MASTERY_SCORE`];
//! - **struggling**: at least [`STRUGGLING_MIN_ANSWERED`] items answered and their mean
//!   latest score below [`STRUGGLING_SCORE`] — these are the "weak lessons" revision mixes in;
//! - **in progress**: anything else.
//!
//! Each item counts with the score of its latest *counted* answer ([`counted_after`]): the
//! first answer the pupil gives to the item on a day, unless the answer was shown to them
//! earlier that day. Retrying the same day (after a hint, or retyping the answer once it is
//! shown) is for learning and moves nothing; the next day's first answer says whether it
//! stuck. So a pupil who corrects a mistake moves up the next day, and one who forgets (a
//! wrong answer in revision) moves down.

/// Share of a lesson's items that must be answered for mastery.
pub const MASTERY_COVERAGE: f64 = 0.8;
/// Mean latest score needed for mastery.
pub const MASTERY_SCORE: f64 = 0.8;
/// Mean latest score under which a lesson counts as weak.
pub const STRUGGLING_SCORE: f64 = 0.5;
/// Answers needed before a lesson can be called weak (one slip is not a pattern).
pub const STRUGGLING_MIN_ANSWERED: usize = 2;

/// How far a pupil is with a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mastery {
    NotStarted,
    Struggling,
    InProgress,
    Mastered,
}

impl Mastery {
    /// The mastery of a lesson with `items` items, given the latest score (0..=1) of each
    /// item answered.
    pub fn of(items: usize, latest_scores: &[f64]) -> Mastery {
        let answered = latest_scores.len().min(items);
        if answered == 0 {
            return Mastery::NotStarted;
        }
        let mean = latest_scores.iter().map(|s| s.clamp(0.0, 1.0)).sum::<f64>()
            / latest_scores.len() as f64;
        let coverage = answered as f64 / items as f64;
        if coverage >= MASTERY_COVERAGE && mean >= MASTERY_SCORE {
            Mastery::Mastered
        } else if answered >= STRUGGLING_MIN_ANSWERED && mean < STRUGGLING_SCORE {
            Mastery::Struggling
        } else {
            Mastery::InProgress
        }
    }

    /// A stable name, for CSS classes and exports.
    pub fn code(self) -> &'static str {
        match self {
            Mastery::NotStarted => "not-started",
            Mastery::Struggling => "struggling",
            Mastery::InProgress => "in-progress",
            Mastery::Mastered => "mastered",
        }
    }
}

/// The score an item counts with towards mastery after an answer scoring `score` on `day`
/// (in the platform's time zone), given the score it counted with before (`counted`, `None`
/// before any counted answer), the day of the pupil's previous answer to the item, and the
/// day the answer was last shown to the pupil before this answer.
///
/// The rule, as told to a parent: "what counts is the first answer of each day to a
/// question, given before being shown its answer that day". Retrying after a hint the same
/// day, or typing the answer once shown, does not count; answering right the next day does.
pub fn counted_after(
    counted: Option<f64>,
    previous_answer: Option<chrono::NaiveDate>,
    shown_on: Option<chrono::NaiveDate>,
    day: chrono::NaiveDate,
    score: f64,
) -> Option<f64> {
    if previous_answer == Some(day) || shown_on == Some(day) {
        counted
    } else {
        Some(score)
    }
}

/// One event of a pupil's history with an item, as [`counted_score`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ItemEvent {
    /// An answer given on `day`, scoring `score`.
    Answered { day: chrono::NaiveDate, score: f64 },
    /// The answer was shown to the pupil on `day` (after a second wrong try, or asked for).
    Shown { day: chrono::NaiveDate },
}

/// The score an item counts with after `events` (in time order): [`counted_after`] folded
/// over the answers. `None`: no answer counted yet; a pupil who answered but has no counted
/// answer (every answer came after being shown the answer that day) counts as 0 — see
/// [`score_for_mastery`].
pub fn counted_score(events: &[ItemEvent]) -> Option<f64> {
    let mut counted = None;
    let mut previous_answer = None;
    let mut shown_on = None;
    for event in events {
        match *event {
            ItemEvent::Answered { day, score } => {
                counted = counted_after(counted, previous_answer, shown_on, day, score);
                previous_answer = Some(day);
            }
            ItemEvent::Shown { day } => shown_on = Some(day),
        }
    }
    counted
}

/// The score an answered item takes in [`Mastery::of`]: its counted score, or 0 when the
/// pupil answered it only after being shown its answer.
pub fn score_for_mastery(counted: Option<f64>) -> f64 {
    counted.unwrap_or(0.0)
}

/// Days in a row the pupil worked, counting back from `today` — or from yesterday, since a
/// streak is not broken before today is over. `active_days`: the days (in the pupil's time
/// zone) with at least one answer, in any order.
pub fn streak(active_days: &[chrono::NaiveDate], today: chrono::NaiveDate) -> u32 {
    let days: std::collections::BTreeSet<chrono::NaiveDate> = active_days.iter().copied().collect();
    let mut day = if days.contains(&today) {
        today
    } else {
        match today.pred_opt() {
            Some(yesterday) => yesterday,
            None => return 0,
        }
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.pred_opt() {
            Some(before) => day = before,
            None => break,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default()
    }

    #[test]
    fn streaks_count_days_in_a_row() {
        assert_eq!(streak(&[], d(20)), 0);
        assert_eq!(streak(&[d(20), d(19), d(18), d(16)], d(20)), 3);
        assert_eq!(streak(&[d(19), d(18)], d(20)), 2, "today not over yet");
        assert_eq!(streak(&[d(18)], d(20)), 0, "a missed day breaks it");
        assert_eq!(streak(&[d(20), d(20), d(19)], d(20)), 2, "days count once");
        assert_eq!(streak(&[d(30), d(1)], d(1)), 1);
    }

    #[test]
    fn levels() {
        assert_eq!(Mastery::of(5, &[]), Mastery::NotStarted);
        assert_eq!(Mastery::of(0, &[]), Mastery::NotStarted);
        assert_eq!(
            Mastery::of(5, &[1.0]),
            Mastery::InProgress,
            "one answer is not mastery"
        );
        assert_eq!(Mastery::of(5, &[1.0, 1.0, 1.0, 1.0]), Mastery::Mastered);
        assert_eq!(Mastery::of(5, &[1.0, 1.0, 1.0, 0.0]), Mastery::InProgress);
        assert_eq!(
            Mastery::of(5, &[0.0]),
            Mastery::InProgress,
            "one slip is not a pattern"
        );
        assert_eq!(Mastery::of(5, &[0.0, 0.5]), Mastery::Struggling);
        assert_eq!(Mastery::of(2, &[0.5, 0.5]), Mastery::InProgress);
    }

    fn answered(day: u32, score: f64) -> ItemEvent {
        ItemEvent::Answered { day: d(day), score }
    }

    fn shown(day: u32) -> ItemEvent {
        ItemEvent::Shown { day: d(day) }
    }

    #[test]
    fn the_first_answer_of_each_day_counts_unless_the_answer_was_shown_before_it() {
        let table: &[(&[ItemEvent], Option<f64>, &str)] = &[
            (&[], None, "nothing answered"),
            (&[answered(1, 0.0)], Some(0.0), "a first answer counts"),
            (&[answered(1, 1.0)], Some(1.0), "right on the first try"),
            (
                &[answered(1, 0.0), answered(1, 1.0)],
                Some(0.0),
                "a retry the same day is for learning",
            ),
            (
                &[
                    answered(1, 0.0),
                    answered(1, 0.0),
                    shown(1),
                    answered(1, 1.0),
                ],
                Some(0.0),
                "retyping the shown answer does not count",
            ),
            (
                &[answered(1, 0.0), shown(1), answered(2, 1.0)],
                Some(1.0),
                "right the next day counts",
            ),
            (
                &[answered(1, 0.0), shown(2), answered(2, 1.0)],
                Some(0.0),
                "shown the same morning, then typed",
            ),
            (&[shown(1), answered(1, 1.0)], None, "nothing counted"),
            (
                &[answered(1, 1.0), answered(3, 0.0), answered(3, 1.0)],
                Some(0.0),
                "forgetting counts too",
            ),
        ];
        for (events, expected, why) in table {
            assert_eq!(counted_score(events), *expected, "{why}");
        }
        assert_eq!(score_for_mastery(None), 0.0);
        assert_eq!(score_for_mastery(Some(0.5)), 0.5);
    }

    fn day_of(event: &ItemEvent) -> NaiveDate {
        match event {
            ItemEvent::Answered { day, .. } | ItemEvent::Shown { day } => *day,
        }
    }

    /// The rule in plain words, computed from the whole history at once: the latest answer
    /// that is the first of its day and has no "shown" earlier that day.
    fn counted_by_brute_force(events: &[ItemEvent]) -> Option<f64> {
        let mut counted = None;
        for (i, event) in events.iter().enumerate() {
            let ItemEvent::Answered { day, score } = *event else {
                continue;
            };
            let earlier_that_day = events.iter().take(i).any(|e| day_of(e) == day);
            if !earlier_that_day {
                counted = Some(score);
            }
        }
        counted
    }

    #[test]
    fn the_fold_agrees_with_the_rule_on_every_short_history() {
        // Every history of up to 5 events over 3 days, answers right or wrong, in day order.
        let atoms = [
            answered(1, 0.0),
            answered(1, 1.0),
            shown(1),
            answered(2, 0.0),
            answered(2, 1.0),
            shown(2),
            answered(3, 0.5),
            shown(3),
        ];
        let mut histories: Vec<Vec<ItemEvent>> = vec![vec![]];
        let mut checked = 0;
        while let Some(history) = histories.pop() {
            assert_eq!(
                counted_score(&history),
                counted_by_brute_force(&history),
                "{history:?}"
            );
            checked += 1;
            if history.len() == 5 {
                continue;
            }
            let last_day = history.last().map(day_of);
            for atom in atoms {
                let day = day_of(&atom);
                if last_day.is_none_or(|last| day >= last) {
                    let mut next = history.clone();
                    next.push(atom);
                    histories.push(next);
                }
            }
        }
        assert!(checked > 1000, "{checked} histories");
    }

    #[test]
    fn scores_out_of_range_are_clamped() {
        assert_eq!(Mastery::of(1, &[7.0]), Mastery::Mastered);
        assert_eq!(Mastery::of(2, &[-3.0, -3.0]), Mastery::Struggling);
    }
}
