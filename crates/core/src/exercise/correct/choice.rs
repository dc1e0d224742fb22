//! Correcting single choice, multiple choice and true/false items.

use super::{unit_interval, Marking};
use crate::exercise::item::Choice;
use crate::exercise::response::{check_distinct_indexes, check_part_count, ResponseError};

/// The chosen choice's fraction and feedback.
pub(super) fn single(choices: &[Choice], chosen: usize) -> Result<Marking, ResponseError> {
    let Some(choice) = choices.get(chosen) else {
        return Err(ResponseError::IndexOutOfRange {
            index: chosen,
            len: choices.len(),
        });
    };
    Ok(Marking {
        score: choice.fraction,
        feedback: choice.feedback.iter().cloned().collect(),
        parts: Vec::new(),
    })
}

/// The sum of the chosen choices' fractions; feedback in the choices' order.
pub(super) fn multiple(choices: &[Choice], chosen: &[usize]) -> Result<Marking, ResponseError> {
    check_part_count(chosen.len(), choices.len())?;
    check_distinct_indexes(chosen, choices.len())?;
    let picked: Vec<&Choice> = choices
        .iter()
        .enumerate()
        .filter(|(index, _)| chosen.contains(index))
        .map(|(_, choice)| choice)
        .collect();
    Ok(Marking {
        score: unit_interval(picked.iter().map(|c| c.fraction).sum()),
        feedback: picked.iter().filter_map(|c| c.feedback.clone()).collect(),
        parts: Vec::new(),
    })
}

/// All or nothing, with the feedback for the value the pupil gave.
pub(super) fn true_false(
    answer: bool,
    feedback_true: &Option<String>,
    feedback_false: &Option<String>,
    given: bool,
) -> Marking {
    let feedback = if given { feedback_true } else { feedback_false };
    Marking {
        score: if given == answer { 1.0 } else { 0.0 },
        feedback: feedback.iter().cloned().collect(),
        parts: Vec::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::exercise::item::{Choice, Item, ItemKind};
    use crate::exercise::response::{Response, ResponseError};

    fn capital() -> Item {
        Item::new(
            "Capitale du Maroc ?",
            ItemKind::SingleChoice {
                choices: vec![
                    Choice::wrong("Casablanca").with_feedback("Capitale économique."),
                    Choice::right("Rabat").with_feedback("Oui."),
                    Choice::new("Salé", 0.25),
                ],
            },
        )
    }

    fn grants_tomb() -> Item {
        // Moodle's example: two right choices worth half each, wrong ones penalised.
        Item::new(
            "What two people are entombed in Grant's tomb?",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("No one", -0.5).with_feedback("Not quite."),
                    Choice::new("Grant", 0.5).with_feedback("Yes, Grant."),
                    Choice::new("Grant's wife", 0.5).with_feedback("Yes, his wife."),
                    Choice::new("Grant's father", -0.5),
                ],
            },
        )
    }

    fn multiple(indexes: &[usize]) -> Result<crate::exercise::Correction, ResponseError> {
        grants_tomb().correct(&Response::MultipleChoice {
            choices: indexes.to_vec(),
        })
    }

    #[test]
    fn single_choice_right_wrong_and_partial() {
        let right = capital()
            .correct(&Response::SingleChoice { choice: 1 })
            .unwrap();
        assert!(right.correct);
        assert_eq!(right.score, 1.0);
        assert_eq!(right.feedback, vec!["Oui."]);

        let wrong = capital()
            .correct(&Response::SingleChoice { choice: 0 })
            .unwrap();
        assert!(!wrong.correct);
        assert_eq!(wrong.score, 0.0);
        assert_eq!(wrong.feedback, vec!["Capitale économique."]);

        let partial = capital()
            .correct(&Response::SingleChoice { choice: 2 })
            .unwrap();
        assert_eq!(partial.score, 0.25);
        assert!(!partial.correct);
        assert!(partial.feedback.is_empty());
    }

    #[test]
    fn single_choice_index_out_of_range() {
        let err = capital()
            .correct(&Response::SingleChoice { choice: 3 })
            .unwrap_err();
        assert_eq!(err, ResponseError::IndexOutOfRange { index: 3, len: 3 });
    }

    #[test]
    fn multiple_choice_all_right_scores_full() {
        let correction = multiple(&[2, 1]).unwrap();
        assert!(correction.correct);
        assert_eq!(correction.score, 1.0);
        assert_eq!(correction.feedback, vec!["Yes, Grant.", "Yes, his wife."]);
    }

    #[test]
    fn multiple_choice_partial_and_penalties() {
        assert_eq!(multiple(&[1]).unwrap().score, 0.5);
        assert_eq!(multiple(&[1, 2, 0]).unwrap().score, 0.5);
        assert_eq!(multiple(&[1, 0]).unwrap().score, 0.0);
        // Choosing everything is not rewarded.
        assert_eq!(multiple(&[0, 1, 2, 3]).unwrap().score, 0.0);
    }

    #[test]
    fn multiple_choice_total_is_clamped() {
        assert_eq!(multiple(&[0, 3]).unwrap().score, 0.0);
        let generous = Item::new(
            "?",
            ItemKind::MultipleChoice {
                choices: vec![Choice::right("a"), Choice::right("b")],
            },
        );
        assert_eq!(
            generous
                .correct(&Response::MultipleChoice {
                    choices: vec![0, 1]
                })
                .unwrap()
                .score,
            1.0
        );
    }

    #[test]
    fn multiple_choice_nothing_chosen_is_a_wrong_answer() {
        let correction = multiple(&[]).unwrap();
        assert_eq!(correction.score, 0.0);
        assert!(correction.feedback.is_empty());
    }

    #[test]
    fn thirds_add_up_to_full_marks() {
        let third = 1.0 / 3.0;
        let item = Item::new(
            "?",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("a", third),
                    Choice::new("b", third),
                    Choice::new("c", third),
                    Choice::wrong("d"),
                ],
            },
        );
        assert!(
            item.correct(&Response::MultipleChoice {
                choices: vec![0, 1, 2]
            })
            .unwrap()
            .correct
        );
    }

    #[test]
    fn multiple_choice_malformed_responses() {
        assert_eq!(
            multiple(&[1, 1]).unwrap_err(),
            ResponseError::Duplicate { index: 1 }
        );
        assert_eq!(
            multiple(&[4]).unwrap_err(),
            ResponseError::IndexOutOfRange { index: 4, len: 4 }
        );
        assert_eq!(
            multiple(&[0, 1, 2, 3, 0]).unwrap_err(),
            ResponseError::TooManyParts { found: 5, limit: 4 }
        );
    }

    #[test]
    fn true_false_with_feedback_per_value() {
        let item = Item::new(
            "Le soleil se lève à l'est.",
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: Some("Bravo.".into()),
                feedback_false: Some("Il se lève à l'est.".into()),
            },
        );
        let right = item.correct(&Response::TrueFalse { answer: true }).unwrap();
        assert!(right.correct);
        assert_eq!(right.feedback, vec!["Bravo."]);
        let wrong = item
            .correct(&Response::TrueFalse { answer: false })
            .unwrap();
        assert_eq!(wrong.score, 0.0);
        assert_eq!(wrong.feedback, vec!["Il se lève à l'est."]);
    }

    #[test]
    fn true_false_answer_false() {
        let item = Item::new(
            "?",
            ItemKind::TrueFalse {
                answer: false,
                feedback_true: None,
                feedback_false: None,
            },
        );
        assert!(
            item.correct(&Response::TrueFalse { answer: false })
                .unwrap()
                .correct
        );
        assert!(
            !item
                .correct(&Response::TrueFalse { answer: true })
                .unwrap()
                .correct
        );
    }
}
