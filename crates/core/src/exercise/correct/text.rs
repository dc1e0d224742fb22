//! Correcting short answers and fill-in-the-blanks items.

use super::{mean, unit_interval, Marking};
use crate::exercise::item::{Blank, Choice, Part, TextAnswer};
use crate::exercise::normalize::{normalize_answer, Case};
use crate::exercise::response::{check_part_count, check_text, BlankResponse, ResponseError};

/// The fraction and feedback of the first accepted answer equal to `text` once both are
/// normalised. An answer that normalises to nothing matches nothing.
pub(super) fn short_answer(
    answers: &[TextAnswer],
    case: Case,
    text: &str,
) -> Result<Marking, ResponseError> {
    check_text(text)?;
    let (score, feedback) = match matching_answer(answers, case, text) {
        Some(answer) => (answer.fraction, answer.feedback.clone()),
        None => (0.0, None),
    };
    Ok(Marking {
        score,
        feedback: feedback.into_iter().collect(),
        parts: Vec::new(),
    })
}

fn matching_answer<'a>(
    answers: &'a [TextAnswer],
    case: Case,
    text: &str,
) -> Option<&'a TextAnswer> {
    let given = normalize_answer(text, case);
    if given.is_empty() {
        return None;
    }
    answers
        .iter()
        .find(|answer| normalize_answer(&answer.text, case) == given)
}

/// One response per gap, in order; the score is the mean of the gaps' scores.
pub(super) fn fill_blanks(
    parts: &[Part],
    given: &[BlankResponse],
) -> Result<Marking, ResponseError> {
    let blanks: Vec<&Blank> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Blank { blank } => Some(blank),
            Part::Text { .. } => None,
        })
        .collect();
    check_part_count(given.len(), blanks.len())?;
    if given.len() != blanks.len() {
        return Err(ResponseError::WrongPartCount {
            expected: blanks.len(),
            found: given.len(),
        });
    }
    let mut scores = Vec::with_capacity(blanks.len());
    let mut feedback = Vec::new();
    for (blank, response) in blanks.iter().zip(given) {
        let (score, blank_feedback) = blank_score(blank, response)?;
        scores.push(unit_interval(score));
        feedback.extend(blank_feedback);
    }
    Ok(Marking {
        score: mean(&scores),
        feedback,
        parts: scores.iter().map(|&s| super::is_full(s)).collect(),
    })
}

fn blank_score(
    blank: &Blank,
    response: &BlankResponse,
) -> Result<(f64, Option<String>), ResponseError> {
    match (blank, response) {
        (Blank::Typed { answers, case }, BlankResponse::Typed(text)) => {
            check_text(text)?;
            Ok(matching_answer(answers, *case, text)
                .map_or((0.0, None), |a| (a.fraction, a.feedback.clone())))
        }
        (Blank::Choice { choices }, BlankResponse::Choice(index)) => {
            let choice: &Choice = choices.get(*index).ok_or(ResponseError::IndexOutOfRange {
                index: *index,
                len: choices.len(),
            })?;
            Ok((choice.fraction, choice.feedback.clone()))
        }
        (Blank::Typed { .. }, BlankResponse::Choice(_)) => Err(ResponseError::WrongType {
            expected: "typed_blank",
            found: "choice_blank",
        }),
        (Blank::Choice { .. }, BlankResponse::Typed(_)) => Err(ResponseError::WrongType {
            expected: "choice_blank",
            found: "typed_blank",
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::exercise::item::{Blank, Choice, Item, ItemKind, Part, TextAnswer};
    use crate::exercise::normalize::Case;
    use crate::exercise::response::{BlankResponse, Response, ResponseError, MAX_TEXT_CHARS};
    use crate::exercise::Correction;

    fn short(answers: Vec<TextAnswer>, case: Case) -> Item {
        Item::new("?", ItemKind::ShortAnswer { answers, case })
    }

    fn answer(item: &Item, text: &str) -> Correction {
        item.correct(&Response::ShortAnswer { text: text.into() })
            .unwrap()
    }

    #[test]
    fn french_answers_ignore_case_accents_and_spacing() {
        let item = short(
            vec![TextAnswer::new("Élève").with_feedback("Bien.")],
            Case::Insensitive,
        );
        for text in ["élève", "ELEVE", "  eleve. ", "Ele\u{0300}ve"] {
            let correction = answer(&item, text);
            assert!(correction.correct, "{text}");
            assert_eq!(correction.feedback, vec!["Bien."]);
        }
        assert!(!answer(&item, "élèves").correct);
    }

    #[test]
    fn arabic_answers_with_or_without_diacritics() {
        let item = short(vec![TextAnswer::new("مَدْرَسَةٌ")], Case::Insensitive);
        for text in ["مدرسة", "مَدرسة", "مدرسه", "مـدرسـة", " مدرسة. "]
        {
            assert!(answer(&item, text).correct, "{text}");
        }
        assert!(!answer(&item, "مدارس").correct);
    }

    #[test]
    fn arabic_alef_variants_and_hamza_carriers() {
        let item = short(
            vec![TextAnswer::new("أحمد"), TextAnswer::new("مسؤول")],
            Case::Insensitive,
        );
        for text in ["احمد", "إحمد", "آحمد", "ٱحمد", "مسوول", "مسؤول"] {
            assert!(answer(&item, text).correct, "{text}");
        }
        // Carriers fold to their own letter, not to each other: a teacher accepting both
        // spellings of « responsible » lists مسئول too.
        assert!(!answer(&item, "مسئول").correct);
    }

    #[test]
    fn arabic_digits_in_short_answers() {
        let item = short(vec![TextAnswer::new("12")], Case::Insensitive);
        assert!(answer(&item, "١٢").correct);
        assert!(answer(&item, "۱۲").correct);
    }

    #[test]
    fn partial_credit_answers_and_first_match_wins() {
        let item = short(
            vec![
                TextAnswer::new("Nazareth").with_feedback("Yes!"),
                TextAnswer::new("Nazereth")
                    .with_fraction(0.75)
                    .with_feedback("Misspelled."),
                TextAnswer::new("nazareth").with_fraction(0.1),
            ],
            Case::Insensitive,
        );
        let right = answer(&item, "NAZARETH");
        assert_eq!(
            (right.score, right.feedback),
            (1.0, vec!["Yes!".to_string()])
        );
        let close = answer(&item, "nazereth");
        assert_eq!((close.score, close.correct), (0.75, false));
        assert_eq!(close.feedback, vec!["Misspelled."]);
    }

    #[test]
    fn case_sensitive_answers() {
        let item = short(vec![TextAnswer::new("CO")], Case::Sensitive);
        assert!(answer(&item, "CO").correct);
        assert!(!answer(&item, "Co").correct);
        assert!(!answer(&item, "co").correct);
    }

    #[test]
    fn empty_answers_never_match() {
        let item = short(
            vec![TextAnswer::new("?"), TextAnswer::new("oui")],
            Case::Insensitive,
        );
        assert!(!answer(&item, "").correct);
        assert!(!answer(&item, " ؟ ").correct);
        assert!(answer(&item, "Oui !").correct);
    }

    #[test]
    fn over_long_short_answer_is_refused() {
        let item = short(vec![TextAnswer::new("oui")], Case::Insensitive);
        let err = item
            .correct(&Response::ShortAnswer {
                text: "a".repeat(MAX_TEXT_CHARS + 1),
            })
            .unwrap_err();
        assert_eq!(err.code(), "too-long");
    }

    fn blanks() -> Item {
        Item::new(
            "Complète.",
            ItemKind::FillBlanks {
                parts: vec![
                    Part::Text {
                        text: "La capitale du Maroc est ".into(),
                    },
                    Part::Blank {
                        blank: Blank::Typed {
                            answers: vec![TextAnswer::new("الرباط"), TextAnswer::new("Rabat")],
                            case: Case::Insensitive,
                        },
                    },
                    Part::Text {
                        text: ", sa plus grande ville est ".into(),
                    },
                    Part::Blank {
                        blank: Blank::Choice {
                            choices: vec![
                                Choice::wrong("Fès"),
                                Choice::right("Casablanca").with_feedback("Oui."),
                            ],
                        },
                    },
                    Part::Text { text: ".".into() },
                ],
            },
        )
    }

    fn fill(given: Vec<BlankResponse>) -> Result<Correction, ResponseError> {
        blanks().correct(&Response::FillBlanks { blanks: given })
    }

    #[test]
    fn fill_blanks_all_right() {
        let correction = fill(vec![
            BlankResponse::Typed("الرّباط".into()),
            BlankResponse::Choice(1),
        ])
        .unwrap();
        assert!(correction.correct);
        assert_eq!(correction.parts, vec![true, true]);
        assert_eq!(correction.feedback, vec!["Oui."]);
    }

    #[test]
    fn fill_blanks_fraction_of_right_gaps() {
        let correction = fill(vec![
            BlankResponse::Typed("rabat".into()),
            BlankResponse::Choice(0),
        ])
        .unwrap();
        assert_eq!(correction.score, 0.5);
        assert_eq!(correction.parts, vec![true, false]);
        let none = fill(vec![
            BlankResponse::Typed(String::new()),
            BlankResponse::Choice(0),
        ])
        .unwrap();
        assert_eq!(none.score, 0.0);
    }

    #[test]
    fn fill_blanks_malformed_responses() {
        let too_few = fill(vec![BlankResponse::Typed("Rabat".into())]).unwrap_err();
        assert_eq!(
            too_few,
            ResponseError::WrongPartCount {
                expected: 2,
                found: 1
            }
        );
        let too_many = fill(vec![BlankResponse::Choice(0); 3]).unwrap_err();
        assert_eq!(too_many, ResponseError::TooManyParts { found: 3, limit: 2 });
        let swapped = fill(vec![
            BlankResponse::Choice(1),
            BlankResponse::Typed("x".into()),
        ])
        .unwrap_err();
        assert_eq!(swapped.code(), "wrong-type");
        let out_of_range = fill(vec![
            BlankResponse::Typed("x".into()),
            BlankResponse::Choice(2),
        ])
        .unwrap_err();
        assert_eq!(
            out_of_range,
            ResponseError::IndexOutOfRange { index: 2, len: 2 }
        );
        let long = fill(vec![
            BlankResponse::Typed("x".repeat(MAX_TEXT_CHARS + 1)),
            BlankResponse::Choice(1),
        ])
        .unwrap_err();
        assert_eq!(long.code(), "too-long");
    }
}
