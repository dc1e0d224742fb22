//! What the answer form of an item holds, built from its public view only.
//!
//! The set page never sees an [`Item`](lawha_core::exercise::Item): handlers pass
//! [`PublicItem`]s here, which have no field for keys, feedback or solutions, so an answer
//! cannot leak into the HTML before the pupil answers.

use lawha_core::exercise::{PublicItem, PublicKind, PublicPart};

/// The inputs of one item's form, per kind. Field names are those [`super::form`] reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Inputs {
    /// Radios named `choice`.
    Single { choices: Vec<String> },
    /// Checkboxes named `choice`.
    Multiple { choices: Vec<String> },
    /// Radios named `answer`, `true` or `false`.
    TrueFalse,
    /// A text field `text`; `units` lists the units the pupil may write ("" when none).
    Numeric { units: String },
    /// A text field `text`.
    Short,
    /// The text with a field `blank<gap>` in place of each gap.
    Blanks { pieces: Vec<Piece> },
    /// A select `match<prompt>` per prompt, listing `options`.
    Matching {
        prompts: Vec<String>,
        options: Vec<String>,
    },
    /// A select `order<position>` per position, listing `entries`.
    Ordering { entries: Vec<String> },
}

/// A piece of a fill-in-the-blanks text; `gap` counts gaps only, from 0.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Typed { gap: usize },
    Choice { gap: usize, choices: Vec<String> },
}

impl Inputs {
    pub fn of(item: &PublicItem) -> Inputs {
        match &item.kind {
            PublicKind::SingleChoice { choices } => Inputs::Single {
                choices: choices.clone(),
            },
            PublicKind::MultipleChoice { choices } => Inputs::Multiple {
                choices: choices.clone(),
            },
            PublicKind::TrueFalse => Inputs::TrueFalse,
            PublicKind::Numeric { units } => Inputs::Numeric {
                units: units.join(", "),
            },
            PublicKind::ShortAnswer => Inputs::Short,
            PublicKind::FillBlanks { parts } => Inputs::Blanks {
                pieces: pieces(parts),
            },
            PublicKind::Matching { prompts, options } => Inputs::Matching {
                prompts: prompts.clone(),
                options: options.clone(),
            },
            PublicKind::Ordering { entries } => Inputs::Ordering {
                entries: entries.clone(),
            },
        }
    }
}

fn pieces(parts: &[PublicPart]) -> Vec<Piece> {
    let mut gap = 0;
    parts
        .iter()
        .map(|part| match part {
            PublicPart::Text { text } => Piece::Text(text.clone()),
            PublicPart::TypedBlank => {
                gap += 1;
                Piece::Typed { gap: gap - 1 }
            }
            PublicPart::ChoiceBlank { choices } => {
                gap += 1;
                Piece::Choice {
                    gap: gap - 1,
                    choices: choices.clone(),
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_numbered_apart_from_text() {
        let item = PublicItem {
            prompt: "?".into(),
            kind: PublicKind::FillBlanks {
                parts: vec![
                    PublicPart::Text { text: "a".into() },
                    PublicPart::TypedBlank,
                    PublicPart::Text { text: "b".into() },
                    PublicPart::ChoiceBlank {
                        choices: vec!["x".into()],
                    },
                ],
            },
        };
        assert_eq!(
            Inputs::of(&item),
            Inputs::Blanks {
                pieces: vec![
                    Piece::Text("a".into()),
                    Piece::Typed { gap: 0 },
                    Piece::Text("b".into()),
                    Piece::Choice {
                        gap: 1,
                        choices: vec!["x".into()]
                    },
                ]
            }
        );
    }
}
