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
//! Only the latest answer per item counts, so a pupil who corrects a mistake moves up at
//! once, and one who forgets (a wrong answer in revision) moves down.

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

    #[test]
    fn scores_out_of_range_are_clamped() {
        assert_eq!(Mastery::of(1, &[7.0]), Mastery::Mastered);
        assert_eq!(Mastery::of(2, &[-3.0, -3.0]), Mastery::Struggling);
    }
}
