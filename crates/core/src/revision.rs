//! Personal revision: each item a pupil has answered gets a spaced-repetition schedule.
//!
//! The schedule is FSRS (Free Spaced Repetition Scheduler) as implemented by `rs-fsrs`,
//! with its published default weights and 90 % target retention. FSRS wants a recall
//! grade; a pupil does not grade themselves here, the corrector does ([`Grade::of_score`]):
//! a fully right answer is "good", a half-right one "hard", anything less "again". "Easy" is
//! never given: auto-correction cannot tell an effortless answer from a careful one.
//!
//! FSRS's long-term scheduler is used (whole days, no minute-long learning steps): pupils
//! revise once a day at home, so a mistake comes back the next day and a right answer a few
//! days later, then at growing intervals.
//!
//! A card is a pure function of the pupil's answers to the item in time order
//! ([`replay`]), so it can always be rebuilt from the append-only learner events — which
//! is what the store does when offline answers arrive older than the card.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, Parameters, Rating, State, FSRS};

/// How well an answer shows the item was remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    Again,
    Hard,
    Good,
}

impl Grade {
    /// The grade of a corrected answer, from its score in 0..=1.
    pub fn of_score(score: f64) -> Grade {
        if score >= 1.0 {
            Grade::Good
        } else if score >= 0.5 {
            Grade::Hard
        } else {
            Grade::Again
        }
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
        }
    }
}

/// Where an item stands in a pupil's memory model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Met recently, still being learnt (short steps).
    Learning,
    /// Remembered; reviews spread out.
    Review,
    /// Forgotten after having been remembered; being learnt again.
    Relearning,
}

impl Phase {
    /// A stable code, as stored.
    pub fn code(self) -> i16 {
        match self {
            Phase::Learning => 1,
            Phase::Review => 2,
            Phase::Relearning => 3,
        }
    }

    pub fn from_code(code: i16) -> Option<Phase> {
        match code {
            1 => Some(Phase::Learning),
            2 => Some(Phase::Review),
            3 => Some(Phase::Relearning),
            _ => None,
        }
    }
}

/// A pupil's schedule for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewCard {
    pub due_at: DateTime<Utc>,
    /// FSRS stability: days until recall probability falls to 90 %.
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    pub scheduled_days: i64,
    pub reps: i32,
    pub lapses: i32,
    pub phase: Phase,
    pub last_review_at: DateTime<Utc>,
}

impl ReviewCard {
    /// Whether the item is due at `at`.
    pub fn is_due(&self, at: DateTime<Utc>) -> bool {
        self.due_at <= at
    }

    /// The estimated probability that the pupil still remembers the item at `at`.
    pub fn retrievability(&self, at: DateTime<Utc>) -> f64 {
        self.to_fsrs().get_retrievability(at)
    }

    fn to_fsrs(&self) -> Card {
        Card {
            due: self.due_at,
            stability: self.stability,
            difficulty: self.difficulty,
            // Recomputed by the scheduler from `last_review` at each review.
            elapsed_days: 0,
            scheduled_days: self.scheduled_days,
            reps: self.reps,
            lapses: self.lapses,
            state: match self.phase {
                Phase::Learning => State::Learning,
                Phase::Review => State::Review,
                Phase::Relearning => State::Relearning,
            },
            last_review: self.last_review_at,
        }
    }

    fn from_fsrs(card: &Card) -> ReviewCard {
        ReviewCard {
            due_at: card.due,
            stability: card.stability,
            difficulty: card.difficulty,
            scheduled_days: card.scheduled_days,
            reps: card.reps,
            lapses: card.lapses,
            phase: match card.state {
                // A reviewed card is never new; FSRS moves it out of New on first review.
                State::New | State::Learning => Phase::Learning,
                State::Review => Phase::Review,
                State::Relearning => Phase::Relearning,
            },
            last_review_at: card.last_review,
        }
    }
}

/// Schedules reviews with FSRS's default parameters.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    fsrs: FSRS,
}

impl Scheduler {
    pub fn new() -> Scheduler {
        Scheduler {
            fsrs: FSRS::new(Parameters {
                enable_short_term: false,
                ..Parameters::default()
            }),
        }
    }

    /// The card after an answer graded `grade` at `at`; `None`: the item's first answer.
    ///
    /// An answer older than the card's last review cannot be applied on top of it (the
    /// store replays the whole history then); here it counts as given at the last review.
    pub fn review(&self, card: Option<&ReviewCard>, grade: Grade, at: DateTime<Utc>) -> ReviewCard {
        let current = match card {
            Some(card) => card.to_fsrs(),
            None => Card {
                due: at,
                last_review: at,
                ..Card::default()
            },
        };
        let at = at.max(current.last_review);
        let next = self.fsrs.next(current, at, grade.rating());
        ReviewCard::from_fsrs(&next.card)
    }
}

/// The card that a pupil's answers to one item lead to, answers given as (time, score) in
/// any order; `None` when there are none.
pub fn replay(answers: &[(DateTime<Utc>, f64)]) -> Option<ReviewCard> {
    let mut sorted = answers.to_vec();
    sorted.sort_by_key(|(at, _)| *at);
    let scheduler = Scheduler::new();
    sorted.iter().fold(None, |card, (at, score)| {
        Some(scheduler.review(card.as_ref(), Grade::of_score(*score), *at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::days(n)
    }

    #[test]
    fn grades_follow_the_score() {
        assert_eq!(Grade::of_score(1.0), Grade::Good);
        assert_eq!(Grade::of_score(0.75), Grade::Hard);
        assert_eq!(Grade::of_score(0.5), Grade::Hard);
        assert_eq!(Grade::of_score(0.49), Grade::Again);
        assert_eq!(Grade::of_score(0.0), Grade::Again);
    }

    #[test]
    fn a_mistake_comes_back_the_next_day_a_right_answer_later() {
        let scheduler = Scheduler::new();
        let wrong = scheduler.review(None, Grade::Again, day(0));
        assert_eq!(wrong.due_at, day(1));
        let right = scheduler.review(None, Grade::Good, day(0));
        assert!(right.due_at >= day(3), "{}", right.due_at);
        assert_eq!(right.reps, 1);
    }

    #[test]
    fn intervals_grow_with_each_remembered_review() {
        let scheduler = Scheduler::new();
        let mut card = scheduler.review(None, Grade::Good, day(0));
        let mut gaps = Vec::new();
        for _ in 0..4 {
            let at = card.due_at;
            let next = scheduler.review(Some(&card), Grade::Good, at);
            gaps.push(next.due_at - at);
            card = next;
        }
        assert!(gaps.windows(2).all(|w| w[1] > w[0]), "{gaps:?}");
        assert_eq!(card.phase, Phase::Review);
        // Forgetting it then: one lapse, back much sooner than after remembering it.
        let at = card.due_at + Duration::days(1);
        let lapsed = scheduler.review(Some(&card), Grade::Again, at);
        let remembered = scheduler.review(Some(&card), Grade::Good, at);
        assert_eq!(lapsed.lapses, 1);
        assert!(lapsed.due_at - at < (remembered.due_at - at) / 4);
        assert!(lapsed.stability < card.stability);
    }

    #[test]
    fn retrievability_falls_with_time() {
        let card = Scheduler::new().review(None, Grade::Good, day(0));
        let soon = card.retrievability(day(1));
        let later = card.retrievability(day(30));
        assert!(soon > later && later > 0.0, "{soon} {later}");
    }

    #[test]
    fn replay_is_order_independent() {
        let answers = [(day(0), 0.0), (day(1), 1.0), (day(4), 1.0)];
        let mut shuffled = answers;
        shuffled.swap(0, 2);
        assert_eq!(replay(&answers), replay(&shuffled));
        assert_eq!(replay(&[]), None);
        let card = replay(&answers);
        assert_eq!(card.map(|c| c.reps), Some(3));
    }

    #[test]
    fn an_answer_older_than_the_card_does_not_go_back_in_time() {
        let scheduler = Scheduler::new();
        let card = scheduler.review(None, Grade::Good, day(5));
        let next = scheduler.review(Some(&card), Grade::Good, day(1));
        assert!(next.last_review_at >= card.last_review_at);
    }

    #[test]
    fn phases_round_trip_through_their_codes() {
        for phase in [Phase::Learning, Phase::Review, Phase::Relearning] {
            assert_eq!(Phase::from_code(phase.code()), Some(phase));
        }
        assert_eq!(Phase::from_code(0), None);
    }
}
