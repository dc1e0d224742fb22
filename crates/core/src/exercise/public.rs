//! What the browser may see of an item before the pupil answers.
//!
//! [`PublicItem`] is a separate type, not a filtered [`Item`], so that an answer key cannot
//! leak by forgetting to blank a field: the public types simply have no field for right
//! answers, fractions, feedback or solutions, and [`Item::public_view`] matches every kind
//! without a wildcard, so a new kind does not compile until its public view is written.
//! Ordering entries and matching options are sorted by a fixed hash of their texts: the order
//! depends only on the set of texts, so it reveals nothing about the answer, and the server
//! recomputes it when correcting.

use serde::{Deserialize, Serialize};

use super::item::{Blank, Item, ItemKind, Part};
use super::presentation::{matching_options, ordering_entries};

/// An item as shown before answering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicItem {
    pub prompt: String,
    pub kind: PublicKind,
}

/// The public side of each [`ItemKind`]. Responses refer to the indexes of these lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PublicKind {
    SingleChoice {
        choices: Vec<String>,
    },
    MultipleChoice {
        choices: Vec<String>,
    },
    TrueFalse,
    /// `units`: the unit names the pupil may write (empty: a bare number).
    Numeric {
        units: Vec<String>,
    },
    ShortAnswer,
    FillBlanks {
        parts: Vec<PublicPart>,
    },
    /// Each prompt gets one of `options`.
    Matching {
        prompts: Vec<String>,
        options: Vec<String>,
    },
    /// `entries` in presentation order; the pupil sends them back in the order they chose.
    Ordering {
        entries: Vec<String>,
    },
}

/// A piece of a fill-in-the-blanks text, gaps without their answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PublicPart {
    Text { text: String },
    TypedBlank,
    ChoiceBlank { choices: Vec<String> },
}

impl Item {
    /// The item as the browser may see it before the pupil answers.
    pub fn public_view(&self) -> PublicItem {
        PublicItem {
            prompt: self.prompt.clone(),
            kind: public_kind(&self.kind),
        }
    }
}

fn public_kind(kind: &ItemKind) -> PublicKind {
    match kind {
        ItemKind::SingleChoice { choices } => PublicKind::SingleChoice {
            choices: choices.iter().map(|c| c.text.clone()).collect(),
        },
        ItemKind::MultipleChoice { choices } => PublicKind::MultipleChoice {
            choices: choices.iter().map(|c| c.text.clone()).collect(),
        },
        ItemKind::TrueFalse { .. } => PublicKind::TrueFalse,
        ItemKind::Numeric { units, .. } => PublicKind::Numeric {
            units: units.iter().map(|u| u.name.clone()).collect(),
        },
        ItemKind::ShortAnswer { .. } => PublicKind::ShortAnswer,
        ItemKind::FillBlanks { parts } => PublicKind::FillBlanks {
            parts: parts.iter().map(public_part).collect(),
        },
        ItemKind::Matching { pairs, distractors } => PublicKind::Matching {
            prompts: pairs.iter().map(|p| p.left.clone()).collect(),
            options: owned(matching_options(pairs, distractors)),
        },
        ItemKind::Ordering { sequence } => PublicKind::Ordering {
            entries: owned(ordering_entries(sequence)),
        },
    }
}

fn public_part(part: &Part) -> PublicPart {
    match part {
        Part::Text { text } => PublicPart::Text { text: text.clone() },
        Part::Blank {
            blank: Blank::Typed { .. },
        } => PublicPart::TypedBlank,
        Part::Blank {
            blank: Blank::Choice { choices },
        } => PublicPart::ChoiceBlank {
            choices: choices.iter().map(|c| c.text.clone()).collect(),
        },
    }
}

fn owned(texts: Vec<&str>) -> Vec<String> {
    texts.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::item::{Choice, MatchPair, NumericAnswer, TextAnswer, Unit};
    use crate::exercise::normalize::Case;

    const SECRET: &str = "SECRET";

    fn secret(what: &str) -> String {
        format!("{SECRET}-{what}")
    }

    /// One item of every kind, every secret field filled with a marked text.
    fn every_kind() -> Vec<Item> {
        let choices = || {
            vec![
                Choice::right("Rabat").with_feedback(secret("choice-feedback")),
                Choice::new("Fès", -0.5).with_feedback(secret("choice-feedback")),
            ]
        };
        let typed = || {
            vec![TextAnswer::new(secret("typed-answer")).with_feedback(secret("typed-feedback"))]
        };
        let kinds = vec![
            ItemKind::SingleChoice { choices: choices() },
            ItemKind::MultipleChoice { choices: choices() },
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: Some(secret("true-feedback")),
                feedback_false: Some(secret("false-feedback")),
            },
            ItemKind::Numeric {
                answers: vec![NumericAnswer {
                    value: 42.4242,
                    tolerance: 0.0101,
                    fraction: 1.0,
                    feedback: Some(secret("numeric-feedback")),
                }],
                units: vec![Unit::new("m", 1.0), Unit::new("cm", 0.01)],
                unit_required: true,
                other_feedback: Some(secret("other-feedback")),
            },
            ItemKind::ShortAnswer {
                answers: typed(),
                case: Case::Sensitive,
            },
            ItemKind::FillBlanks {
                parts: vec![
                    Part::Text {
                        text: "Avant ".into(),
                    },
                    Part::Blank {
                        blank: Blank::Typed {
                            answers: typed(),
                            case: Case::Insensitive,
                        },
                    },
                    Part::Text {
                        text: " puis ".into(),
                    },
                    Part::Blank {
                        blank: Blank::Choice { choices: choices() },
                    },
                ],
            },
            ItemKind::Matching {
                pairs: vec![
                    MatchPair::new("Maroc", "Rabat"),
                    MatchPair::new("France", "Paris"),
                ],
                distractors: vec!["Madrid".into()],
            },
            ItemKind::Ordering {
                sequence: vec!["un".into(), "deux".into(), "trois".into()],
            },
        ];
        kinds
            .into_iter()
            .map(|kind| Item {
                prompt: "Question".into(),
                kind,
                general_feedback: Some(secret("general-feedback")),
                solution: Some(secret("solution")),
            })
            .collect()
    }

    fn keys(value: &serde_json::Value, into: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    into.push(key.clone());
                    keys(inner, into);
                }
            }
            serde_json::Value::Array(values) => values.iter().for_each(|v| keys(v, into)),
            _ => {}
        }
    }

    #[test]
    fn public_views_of_every_kind_leak_no_key_feedback_or_solution() {
        let items = every_kind();
        let mut kinds_seen: Vec<&str> = items.iter().map(|i| i.kind.name()).collect();
        kinds_seen.dedup();
        assert_eq!(kinds_seen.len(), 8, "every kind is covered");

        for item in &items {
            let json = serde_json::to_value(item.public_view()).unwrap();
            let text = json.to_string();
            assert!(!text.contains(SECRET), "{} leaks: {text}", item.kind.name());
            assert!(
                !text.contains("42.4242") && !text.contains("0.0101"),
                "{text}"
            );
            assert!(!text.contains("0.01") && !text.contains("-0.5"), "{text}");
            let mut found = Vec::new();
            keys(&json, &mut found);
            for forbidden in [
                "answer",
                "answers",
                "fraction",
                "feedback",
                "solution",
                "general_feedback",
                "correct",
                "value",
                "tolerance",
                "factor",
                "pairs",
                "right",
                "left",
                "sequence",
                "case",
            ] {
                assert!(
                    !found.iter().any(|k| k == forbidden),
                    "{} exposes {forbidden}: {text}",
                    item.kind.name()
                );
            }
        }
    }

    #[test]
    fn public_views_keep_what_the_pupil_needs() {
        let items = every_kind();
        let numeric = serde_json::to_value(items[3].public_view()).unwrap();
        assert_eq!(numeric["kind"]["units"], serde_json::json!(["m", "cm"]));
        let single = serde_json::to_value(items[0].public_view()).unwrap();
        assert_eq!(
            single["kind"]["choices"],
            serde_json::json!(["Rabat", "Fès"])
        );
        let blanks = items[5].public_view();
        let PublicKind::FillBlanks { parts } = blanks.kind else {
            panic!("fill blanks")
        };
        assert_eq!(parts[1], PublicPart::TypedBlank);
        assert_eq!(
            parts[3],
            PublicPart::ChoiceBlank {
                choices: vec!["Rabat".into(), "Fès".into()]
            }
        );
    }

    #[test]
    fn ordering_view_is_the_same_whatever_the_right_order() {
        let view = |sequence: &[&str]| {
            Item::new(
                "Range",
                ItemKind::Ordering {
                    sequence: sequence.iter().map(|s| s.to_string()).collect(),
                },
            )
            .public_view()
        };
        assert_eq!(
            view(&["un", "deux", "trois"]),
            view(&["trois", "un", "deux"])
        );
    }

    #[test]
    fn matching_view_is_the_same_whatever_the_pairing() {
        let view = |pairs: Vec<MatchPair>| {
            Item::new(
                "Relie",
                ItemKind::Matching {
                    pairs,
                    distractors: vec![],
                },
            )
            .public_view()
        };
        let a = view(vec![
            MatchPair::new("1", "un"),
            MatchPair::new("2", "deux"),
            MatchPair::new("3", "trois"),
        ]);
        let b = view(vec![
            MatchPair::new("1", "trois"),
            MatchPair::new("2", "un"),
            MatchPair::new("3", "deux"),
        ]);
        assert_eq!(a, b);
    }
}
