//! The right answer of an item, as shown to a pupil once the practice page may show it
//! (after a second wrong try, or on request): drawn from the key, so every item has one,
//! whether or not its author wrote a worked solution.

use super::item::{Blank, Choice, Item, ItemKind, NumericAnswer, Part, TextAnswer};

/// What a line of the right answer is about.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyLabel {
    /// The whole item.
    Whole,
    /// Gap `n` (1-based) of a fill-in-the-blanks text.
    Blank(usize),
    /// Position `n` (1-based) of an ordering.
    Position(usize),
    /// The left text of a matching pair.
    Prompt(String),
}

/// One line of the right answer.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyText {
    /// Text from the item (a choice, an accepted answer, a number with its unit).
    Text(String),
    /// "True" or "false", which the page translates.
    Bool(bool),
}

/// One line of an item's right answer.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyLine {
    pub label: KeyLabel,
    pub text: KeyText,
}

fn whole(text: String) -> KeyLine {
    KeyLine {
        label: KeyLabel::Whole,
        text: KeyText::Text(text),
    }
}

/// The best-scoring choices (all of them when they tie).
fn best_choices(choices: &[Choice]) -> Vec<String> {
    let best = choices.iter().map(|c| c.fraction).fold(f64::MIN, f64::max);
    choices
        .iter()
        .filter(|c| c.fraction > 0.0 && c.fraction >= best)
        .map(|c| c.text.clone())
        .collect()
}

/// The accepted typed answers with the best fraction, joined as alternatives.
fn best_texts(answers: &[TextAnswer]) -> String {
    let best = answers.iter().map(|a| a.fraction).fold(f64::MIN, f64::max);
    answers
        .iter()
        .filter(|a| a.fraction > 0.0 && a.fraction >= best)
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The best numeric answer, with its tolerance and the base unit when units are used.
fn best_number(answers: &[NumericAnswer], unit: Option<&str>) -> Option<String> {
    let best = answers
        .iter()
        .filter(|a| a.fraction > 0.0)
        .max_by(|a, b| a.fraction.total_cmp(&b.fraction))?;
    let mut text = format!("{}", best.value);
    if best.tolerance > 0.0 {
        text.push_str(&format!(" ± {}", best.tolerance));
    }
    if let Some(unit) = unit {
        text.push(' ');
        text.push_str(unit);
    }
    Some(text)
}

impl Item {
    /// The right answer, line by line: the best choices, accepted texts or number, or for
    /// parted items what each gap, prompt or position takes.
    pub fn right_answer(&self) -> Vec<KeyLine> {
        match &self.kind {
            ItemKind::SingleChoice { choices } | ItemKind::MultipleChoice { choices } => {
                let best = match &self.kind {
                    ItemKind::MultipleChoice { .. } => choices
                        .iter()
                        .filter(|c| c.fraction > 0.0)
                        .map(|c| c.text.clone())
                        .collect(),
                    _ => best_choices(choices),
                };
                best.into_iter().map(whole).collect()
            }
            ItemKind::TrueFalse { answer, .. } => vec![KeyLine {
                label: KeyLabel::Whole,
                text: KeyText::Bool(*answer),
            }],
            ItemKind::Numeric { answers, units, .. } => {
                let base = units
                    .iter()
                    .find(|u| (u.factor - 1.0).abs() < 1e-12)
                    .map(|u| u.name.as_str());
                best_number(answers, base).map(whole).into_iter().collect()
            }
            ItemKind::ShortAnswer { answers, .. } => vec![whole(best_texts(answers))],
            ItemKind::FillBlanks { parts } => parts
                .iter()
                .filter_map(|p| match p {
                    Part::Blank { blank } => Some(blank),
                    Part::Text { .. } => None,
                })
                .enumerate()
                .map(|(i, blank)| KeyLine {
                    label: KeyLabel::Blank(i + 1),
                    text: KeyText::Text(match blank {
                        Blank::Typed { answers, .. } => best_texts(answers),
                        Blank::Choice { choices } => best_choices(choices).join(" / "),
                    }),
                })
                .collect(),
            ItemKind::Matching { pairs, .. } => pairs
                .iter()
                .map(|p| KeyLine {
                    label: KeyLabel::Prompt(p.left.clone()),
                    text: KeyText::Text(p.right.clone()),
                })
                .collect(),
            ItemKind::Ordering { sequence } => (1..)
                .zip(sequence)
                .map(|(n, text)| KeyLine {
                    label: KeyLabel::Position(n),
                    text: KeyText::Text(text.clone()),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{Case, MatchPair, Unit};

    fn texts(item: &Item) -> Vec<String> {
        item.right_answer()
            .into_iter()
            .map(|l| match l.text {
                KeyText::Text(t) => t,
                KeyText::Bool(b) => b.to_string(),
            })
            .collect()
    }

    #[test]
    fn each_kind_gives_its_key() {
        let single = Item::new(
            "?",
            ItemKind::SingleChoice {
                choices: vec![
                    Choice::wrong("Fès"),
                    Choice::new("Salé", 0.5),
                    Choice::right("Rabat"),
                ],
            },
        );
        assert_eq!(texts(&single), ["Rabat"]);
        let multiple = Item::new(
            "?",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("2", 0.5),
                    Choice::new("4", -1.0),
                    Choice::new("3", 0.5),
                ],
            },
        );
        assert_eq!(texts(&multiple), ["2", "3"]);
        let tf = Item::new(
            "?",
            ItemKind::TrueFalse {
                answer: false,
                feedback_true: None,
                feedback_false: None,
            },
        );
        assert_eq!(texts(&tf), ["false"]);
        let numeric = Item::new(
            "?",
            ItemKind::Numeric {
                answers: vec![
                    NumericAnswer {
                        fraction: 0.5,
                        ..NumericAnswer::new(3.0, 0.0)
                    },
                    NumericAnswer::new(3.5, 0.1),
                ],
                units: vec![Unit::new("cm", 0.01), Unit::new("m", 1.0)],
                unit_required: false,
                other_feedback: None,
            },
        );
        assert_eq!(texts(&numeric), ["3.5 ± 0.1 m"]);
        let short = Item::new(
            "?",
            ItemKind::ShortAnswer {
                answers: vec![
                    TextAnswer::new("quatre"),
                    TextAnswer::new("4"),
                    TextAnswer::new("cat").with_fraction(0.5),
                ],
                case: Case::Insensitive,
            },
        );
        assert_eq!(texts(&short), ["quatre / 4"]);
        let ordering = Item::new(
            "?",
            ItemKind::Ordering {
                sequence: vec!["a".into(), "b".into()],
            },
        );
        let lines = ordering.right_answer();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.get(1).map(|l| &l.label), Some(&KeyLabel::Position(2)));
        let matching = Item::new(
            "?",
            ItemKind::Matching {
                pairs: vec![MatchPair::new("chat", "قط")],
                distractors: vec!["كلب".into()],
            },
        );
        assert_eq!(
            matching.right_answer(),
            [KeyLine {
                label: KeyLabel::Prompt("chat".into()),
                text: KeyText::Text("قط".into())
            }]
        );
        let blanks = Item::new(
            "?",
            ItemKind::FillBlanks {
                parts: vec![
                    Part::Text { text: "x ".into() },
                    Part::Blank {
                        blank: Blank::Choice {
                            choices: vec![Choice::wrong("Fès"), Choice::right("Rabat")],
                        },
                    },
                    Part::Blank {
                        blank: Blank::Typed {
                            answers: vec![TextAnswer::new("2")],
                            case: Case::Insensitive,
                        },
                    },
                ],
            },
        );
        assert_eq!(texts(&blanks), ["Rabat", "2"]);
        assert_eq!(
            blanks.right_answer().first().map(|l| &l.label),
            Some(&KeyLabel::Blank(1))
        );
    }
}
