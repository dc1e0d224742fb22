//! Correcting a response against an item's key, on the server.
//!
//! [`Item::correct`] checks that the response fits the item (refusing it with a
//! [`ResponseError`] otherwise), scores it between 0 and 1, and gathers the feedback that
//! applies. Scoring per kind:
//!
//! - single choice: the chosen choice's fraction;
//! - multiple choice (Moodle style): the sum of the chosen choices' fractions, so wrong
//!   choices with negative fractions take credit away; the total is kept in 0..=1;
//! - true/false: all or nothing;
//! - numeric: the fraction of the first answer (in authored order) whose tolerance holds the
//!   number, after converting its unit; a wrong or missing unit scores 0;
//! - short answer: the fraction of the first accepted answer equal to the response once both
//!   are [normalised](super::normalize::normalize_answer);
//! - fill-in-the-blanks: the mean of the gaps' scores (each scored like a short answer or a
//!   single choice);
//! - matching: the share of prompts matched with their right option;
//! - ordering: the share of entries at their right absolute position (`B C A` against `A B C`
//!   scores 0: simple to explain to a pupil, and a shifted sequence is not rewarded).
//!
//! `correct` is true when the score is full.

mod arrange;
mod choice;
mod numeric;
mod text;

use serde::{Deserialize, Serialize};

use super::item::{Item, ItemKind};
use super::response::{Response, ResponseError};

/// The result of correcting one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Share of the item's mark, in 0..=1.
    pub score: f64,
    /// Whether the score is full.
    pub correct: bool,
    /// Feedback attached to the answers the pupil gave, in the item's order.
    pub feedback: Vec<String>,
    /// For gaps, matching prompts and ordering positions: whether each part is right.
    /// Empty for the other kinds.
    pub parts: Vec<bool>,
    pub general_feedback: Option<String>,
    pub solution: Option<String>,
}

/// What one kind's corrector finds; [`Item::correct`] adds the item-wide fields.
#[derive(Debug, Default)]
struct Marking {
    score: f64,
    feedback: Vec<String>,
    parts: Vec<bool>,
}

impl Marking {
    fn wrong(feedback: Option<&String>) -> Self {
        Marking {
            score: 0.0,
            feedback: feedback.cloned().into_iter().collect(),
            parts: Vec::new(),
        }
    }
}

impl Item {
    /// Corrects `response`, or refuses it when it does not fit this item.
    pub fn correct(&self, response: &Response) -> Result<Correction, ResponseError> {
        let marking = match (&self.kind, response) {
            (ItemKind::SingleChoice { choices }, Response::SingleChoice { choice }) => {
                choice::single(choices, *choice)?
            }
            (
                ItemKind::MultipleChoice { choices },
                Response::MultipleChoice { choices: chosen },
            ) => choice::multiple(choices, chosen)?,
            (
                ItemKind::TrueFalse {
                    answer,
                    feedback_true,
                    feedback_false,
                },
                Response::TrueFalse { answer: given },
            ) => choice::true_false(*answer, feedback_true, feedback_false, *given),
            (
                ItemKind::Numeric {
                    answers,
                    units,
                    unit_required,
                    other_feedback,
                },
                Response::Numeric { text },
            ) => numeric::numeric(
                &numeric::NumericKey {
                    answers,
                    units,
                    unit_required: *unit_required,
                    other_feedback,
                },
                text,
            )?,
            (ItemKind::ShortAnswer { answers, case }, Response::ShortAnswer { text }) => {
                text::short_answer(answers, *case, text)?
            }
            (ItemKind::FillBlanks { parts }, Response::FillBlanks { blanks }) => {
                text::fill_blanks(parts, blanks)?
            }
            (ItemKind::Matching { pairs, distractors }, Response::Matching { pairs: given }) => {
                arrange::matching(pairs, distractors, given)?
            }
            (ItemKind::Ordering { sequence }, Response::Ordering { order }) => {
                arrange::ordering(sequence, order)?
            }
            (kind, response) => {
                return Err(ResponseError::WrongType {
                    expected: kind.name(),
                    found: response.kind_name(),
                })
            }
        };
        let score = unit_interval(marking.score);
        Ok(Correction {
            score,
            correct: is_full(score),
            feedback: marking.feedback,
            parts: marking.parts,
            general_feedback: self.general_feedback.clone(),
            solution: self.solution.clone(),
        })
    }
}

/// Keeps a score in 0..=1; an authoring mistake (NaN fraction) scores 0 rather than poison totals.
fn unit_interval(score: f64) -> f64 {
    if score.is_nan() {
        0.0
    } else {
        score.clamp(0.0, 1.0)
    }
}

/// Full marks, allowing for fractions such as three thirds summing to 0.999…
fn is_full(score: f64) -> bool {
    score >= 1.0 - 1e-6
}

/// The mean of part scores (each kept in 0..=1); 0 for no parts.
fn mean(scores: &[f64]) -> f64 {
    if scores.is_empty() {
        return 0.0;
    }
    scores.iter().copied().map(unit_interval).sum::<f64>() / scores.len() as f64
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::exercise::item::{Choice, TextAnswer};
    use crate::exercise::normalize::Case;

    #[test]
    fn a_response_of_another_kind_is_refused() {
        let item = Item::new(
            "?",
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: None,
                feedback_false: None,
            },
        );
        let err = item
            .correct(&Response::SingleChoice { choice: 0 })
            .unwrap_err();
        assert_eq!(
            err,
            ResponseError::WrongType {
                expected: "true_false",
                found: "single_choice"
            }
        );
        assert_eq!(err.code(), "wrong-type");
    }

    #[test]
    fn general_feedback_and_solution_come_with_every_correction() {
        let mut item = Item::new(
            "2+2",
            ItemKind::ShortAnswer {
                answers: vec![TextAnswer::new("4")],
                case: Case::Insensitive,
            },
        );
        item.general_feedback = Some("Addition".into());
        item.solution = Some("$2+2=4$".into());
        for text in ["4", "5"] {
            let correction = item
                .correct(&Response::ShortAnswer { text: text.into() })
                .unwrap();
            assert_eq!(correction.general_feedback.as_deref(), Some("Addition"));
            assert_eq!(correction.solution.as_deref(), Some("$2+2=4$"));
        }
    }

    #[test]
    fn scores_are_kept_in_the_unit_interval() {
        let item = Item::new(
            "?",
            ItemKind::SingleChoice {
                choices: vec![Choice::new("a", f64::NAN), Choice::new("b", 7.0)],
            },
        );
        assert_eq!(
            item.correct(&Response::SingleChoice { choice: 0 })
                .unwrap()
                .score,
            0.0
        );
        let correction = item.correct(&Response::SingleChoice { choice: 1 }).unwrap();
        assert_eq!(correction.score, 1.0);
        assert!(correction.correct);
    }

    #[test]
    fn mean_of_no_parts_is_zero() {
        assert_eq!(mean(&[]), 0.0);
        assert_eq!(mean(&[1.0, 0.0, 2.0, -1.0]), 0.5);
    }
}
