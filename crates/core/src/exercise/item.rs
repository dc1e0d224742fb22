//! Exercise items with their answer keys: what a teacher authors and the server corrects.
//!
//! An [`Item`] holds secrets (right answers, score fractions, feedback, the worked solution)
//! and must never be sent to a browser before the pupil has answered; send
//! [`Item::public_view`](super::public) instead.
//!
//! Scores follow Moodle: every answer carries a `fraction` of the item's mark, 1.0 for a
//! fully right answer, 0.0 for a wrong one, in between for partial credit and (multiple
//! choice only) below zero for a penalised wrong choice.
//!
//! Texts are plain text; maths may be written between `$...$` in a LaTeX-like notation,
//! which is rendered elsewhere.

use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

use super::normalize::Case;

/// One exercise item: the prompt, what kind of answer it expects with its key, and what
/// the pupil sees after answering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub prompt: String,
    pub kind: ItemKind,
    /// Shown after answering, whatever the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_feedback: Option<String>,
    /// The worked solution, shown after answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
}

impl Item {
    /// An item with no general feedback or solution yet.
    pub fn new(prompt: impl Into<String>, kind: ItemKind) -> Self {
        Item {
            prompt: prompt.into(),
            kind,
            general_feedback: None,
            solution: None,
        }
    }
}

/// The kinds of item, each with its answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ItemKind {
    /// Pick one choice; the score is the chosen choice's fraction.
    SingleChoice { choices: Vec<Choice> },
    /// Pick any number of choices; the score is the sum of their fractions, kept in 0..=1.
    MultipleChoice { choices: Vec<Choice> },
    TrueFalse {
        answer: bool,
        /// Shown to a pupil who answered "true".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_true: Option<String>,
        /// Shown to a pupil who answered "false".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feedback_false: Option<String>,
    },
    /// A number, within a tolerance, optionally with a unit.
    Numeric {
        /// Tried in order; the first that accepts the number gives the score.
        answers: Vec<NumericAnswer>,
        /// Units the pupil may write. Empty: the pupil types a bare number.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        units: Vec<Unit>,
        /// With units: whether a bare number (read in the base unit) is refused.
        #[serde(default)]
        unit_required: bool,
        /// Shown when no answer accepts the number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_feedback: Option<String>,
    },
    /// Typed text, compared after [`normalize_answer`](super::normalize::normalize_answer).
    ShortAnswer {
        /// Tried in order; the first equal to the response gives the score.
        answers: Vec<TextAnswer>,
        #[serde(default)]
        case: Case,
    },
    /// Text with gaps; the score is the mean of the gaps' scores.
    FillBlanks { parts: Vec<Part> },
    /// Match each left text with a right text; the score is the share matched right.
    Matching {
        pairs: Vec<MatchPair>,
        /// Right-hand texts that match nothing, offered to make guessing harder.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        distractors: Vec<String>,
    },
    /// Put texts in order; `sequence` is the right order. The score is the share of texts
    /// placed at their right position.
    Ordering { sequence: Vec<String> },
}

impl ItemKind {
    /// A stable name for the kind, as written in JSON.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

/// A choice of a choice item or of a choice gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    /// Share of the mark for choosing it: 1.0 right, 0.0 wrong, negative as a penalty.
    pub fraction: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl Choice {
    pub fn new(text: impl Into<String>, fraction: f64) -> Self {
        Choice {
            text: text.into(),
            fraction,
            feedback: None,
        }
    }

    /// A fully right choice.
    pub fn right(text: impl Into<String>) -> Self {
        Choice::new(text, 1.0)
    }

    /// A wrong choice, without penalty.
    pub fn wrong(text: impl Into<String>) -> Self {
        Choice::new(text, 0.0)
    }

    pub fn with_feedback(mut self, feedback: impl Into<String>) -> Self {
        self.feedback = Some(feedback.into());
        self
    }
}

/// An accepted typed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub text: String,
    #[serde(default = "full_credit")]
    pub fraction: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl TextAnswer {
    /// A fully right answer.
    pub fn new(text: impl Into<String>) -> Self {
        TextAnswer {
            text: text.into(),
            fraction: 1.0,
            feedback: None,
        }
    }

    pub fn with_fraction(mut self, fraction: f64) -> Self {
        self.fraction = fraction;
        self
    }

    pub fn with_feedback(mut self, feedback: impl Into<String>) -> Self {
        self.feedback = Some(feedback.into());
        self
    }
}

fn full_credit() -> f64 {
    1.0
}

/// An accepted number: every value within `tolerance` (absolute, in the base unit) of
/// `value` gets `fraction` of the mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericAnswer {
    pub value: f64,
    #[serde(default)]
    pub tolerance: f64,
    #[serde(default = "full_credit")]
    pub fraction: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl NumericAnswer {
    /// A fully right answer within `tolerance`.
    pub fn new(value: f64, tolerance: f64) -> Self {
        NumericAnswer {
            value,
            tolerance,
            fraction: 1.0,
            feedback: None,
        }
    }
}

/// A unit a pupil may write, with the factor converting it to the base unit:
/// with answers in metres, `cm` has factor 0.01 and `m` factor 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub factor: f64,
}

impl Unit {
    pub fn new(name: impl Into<String>, factor: f64) -> Self {
        Unit {
            name: name.into(),
            factor,
        }
    }
}

/// A piece of a fill-in-the-blanks text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    Text { text: String },
    Blank { blank: Blank },
}

/// A gap: typed (compared like a short answer) or chosen from a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Blank {
    Typed {
        answers: Vec<TextAnswer>,
        #[serde(default)]
        case: Case,
    },
    Choice {
        choices: Vec<Choice>,
    },
}

/// A left text and the right text it matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchPair {
    pub left: String,
    pub right: String,
}

impl MatchPair {
    pub fn new(left: impl Into<String>, right: impl Into<String>) -> Self {
        MatchPair {
            left: left.into(),
            right: right.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_through_json_with_readable_tags() {
        let item = Item {
            prompt: "2 + 2 ?".into(),
            kind: ItemKind::ShortAnswer {
                answers: vec![TextAnswer::new("4"), TextAnswer::new("quatre")],
                case: Case::Insensitive,
            },
            general_feedback: None,
            solution: Some("$2 + 2 = 4$".into()),
        };
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"]["type"], "short_answer");
        assert_eq!(json["kind"]["case"], "insensitive");
        let back: Item = serde_json::from_value(json).unwrap();
        assert_eq!(back, item);
    }

    #[test]
    fn omitted_fields_take_their_defaults() {
        let json = r#"{"prompt":"p","kind":{"type":"numeric","answers":[{"value":3}]}}"#;
        let item: Item = serde_json::from_str(json).unwrap();
        assert_eq!(
            item.kind,
            ItemKind::Numeric {
                answers: vec![NumericAnswer::new(3.0, 0.0)],
                units: vec![],
                unit_required: false,
                other_feedback: None,
            }
        );
    }

    #[test]
    fn fill_blanks_parts_serialise_with_tags() {
        let kind = ItemKind::FillBlanks {
            parts: vec![
                Part::Text {
                    text: "La capitale est ".into(),
                },
                Part::Blank {
                    blank: Blank::Choice {
                        choices: vec![Choice::right("Rabat"), Choice::wrong("Fès")],
                    },
                },
            ],
        };
        let json = serde_json::to_value(&kind).unwrap();
        assert_eq!(json["parts"][1]["blank"]["type"], "choice");
        assert_eq!(serde_json::from_value::<ItemKind>(json).unwrap(), kind);
    }

    #[test]
    fn kind_names_match_the_json_tags() {
        let kinds = [
            ItemKind::SingleChoice { choices: vec![] },
            ItemKind::Ordering { sequence: vec![] },
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: None,
                feedback_false: None,
            },
        ];
        for kind in kinds {
            assert_eq!(serde_json::to_value(&kind).unwrap()["type"], kind.name());
        }
    }
}
