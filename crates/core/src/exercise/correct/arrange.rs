//! Correcting matching and ordering items.
//!
//! Both refer to lists in [presentation order](crate::exercise::presentation), recomputed
//! here exactly as the public view computed them.

use super::Marking;
use crate::exercise::item::MatchPair;
use crate::exercise::presentation::{matching_options, ordering_entries};
use crate::exercise::response::{
    check_distinct_indexes, check_index, check_part_count, ResponseError,
};

/// `given` holds `(prompt, option)` pairs; a prompt left out counts as unmatched, a prompt
/// given twice is refused. Several prompts may share an option (their right texts may be
/// equal). The score is the share of prompts matched right.
pub(super) fn matching(
    pairs: &[MatchPair],
    distractors: &[String],
    given: &[(usize, usize)],
) -> Result<Marking, ResponseError> {
    let options = matching_options(pairs, distractors);
    check_part_count(given.len(), pairs.len())?;
    let mut chosen: Vec<Option<&str>> = vec![None; pairs.len()];
    for &(prompt, option) in given {
        check_index(prompt, pairs.len())?;
        let text = options.get(option).ok_or(ResponseError::IndexOutOfRange {
            index: option,
            len: options.len(),
        })?;
        match chosen.get_mut(prompt) {
            Some(Some(_)) => return Err(ResponseError::Duplicate { index: prompt }),
            Some(slot) => *slot = Some(text),
            None => {
                return Err(ResponseError::IndexOutOfRange {
                    index: prompt,
                    len: pairs.len(),
                })
            }
        }
    }
    let parts: Vec<bool> = pairs
        .iter()
        .zip(&chosen)
        .map(|(pair, chosen)| *chosen == Some(pair.right.as_str()))
        .collect();
    Ok(share_right(parts))
}

/// `order` lists every entry exactly once, first position first. The score is the share of
/// positions holding the right text (equal texts are interchangeable).
pub(super) fn ordering(sequence: &[String], order: &[usize]) -> Result<Marking, ResponseError> {
    let entries = ordering_entries(sequence);
    check_part_count(order.len(), entries.len())?;
    if order.len() != entries.len() {
        return Err(ResponseError::WrongPartCount {
            expected: entries.len(),
            found: order.len(),
        });
    }
    check_distinct_indexes(order, entries.len())?;
    let parts: Vec<bool> = sequence
        .iter()
        .zip(order)
        .map(|(right, &index)| entries.get(index) == Some(&right.as_str()))
        .collect();
    Ok(share_right(parts))
}

fn share_right(parts: Vec<bool>) -> Marking {
    let right = parts.iter().filter(|&&p| p).count();
    let score = if parts.is_empty() {
        0.0
    } else {
        right as f64 / parts.len() as f64
    };
    Marking {
        score,
        feedback: Vec::new(),
        parts,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::exercise::item::{Item, ItemKind, MatchPair};
    use crate::exercise::public::PublicKind;
    use crate::exercise::response::{Response, ResponseError};
    use crate::exercise::Correction;

    fn capitals() -> Item {
        Item::new(
            "Relie chaque pays à sa capitale.",
            ItemKind::Matching {
                pairs: vec![
                    MatchPair::new("Maroc", "Rabat"),
                    MatchPair::new("Tunisie", "Tunis"),
                    MatchPair::new("Sénégal", "Dakar"),
                ],
                distractors: vec!["Casablanca".into()],
            },
        )
    }

    /// The option index of `text` in the item's public view, as the browser would send it.
    fn option(item: &Item, text: &str) -> usize {
        let PublicKind::Matching { options, .. } = item.public_view().kind else {
            panic!("matching")
        };
        options.iter().position(|o| o == text).unwrap()
    }

    fn entry(item: &Item, text: &str) -> usize {
        let PublicKind::Ordering { entries } = item.public_view().kind else {
            panic!("ordering")
        };
        entries.iter().position(|e| e == text).unwrap()
    }

    fn match_all(item: &Item, answers: &[(usize, &str)]) -> Result<Correction, ResponseError> {
        let pairs = answers
            .iter()
            .map(|&(prompt, text)| (prompt, option(item, text)))
            .collect();
        item.correct(&Response::Matching { pairs })
    }

    #[test]
    fn matching_all_right() {
        let item = capitals();
        let correction = match_all(&item, &[(2, "Dakar"), (0, "Rabat"), (1, "Tunis")]).unwrap();
        assert!(correction.correct);
        assert_eq!(correction.parts, vec![true, true, true]);
    }

    #[test]
    fn matching_partial_and_unanswered() {
        let item = capitals();
        let one_wrong = match_all(&item, &[(0, "Casablanca"), (1, "Tunis"), (2, "Dakar")]).unwrap();
        assert!((one_wrong.score - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(one_wrong.parts, vec![false, true, true]);
        let one_given = match_all(&item, &[(0, "Rabat")]).unwrap();
        assert!((one_given.score - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(match_all(&item, &[]).unwrap().score, 0.0);
    }

    #[test]
    fn matching_shared_right_texts() {
        let item = Item::new(
            "?",
            ItemKind::Matching {
                pairs: vec![
                    MatchPair::new("chat", "animal"),
                    MatchPair::new("chien", "animal"),
                ],
                distractors: vec![],
            },
        );
        assert!(
            match_all(&item, &[(0, "animal"), (1, "animal")])
                .unwrap()
                .correct
        );
    }

    #[test]
    fn matching_malformed_responses() {
        let item = capitals();
        let err = item
            .correct(&Response::Matching {
                pairs: vec![(0, 0), (0, 1)],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::Duplicate { index: 0 });
        let err = item
            .correct(&Response::Matching {
                pairs: vec![(3, 0)],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::IndexOutOfRange { index: 3, len: 3 });
        let err = item
            .correct(&Response::Matching {
                pairs: vec![(0, 4)],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::IndexOutOfRange { index: 4, len: 4 });
        let err = item
            .correct(&Response::Matching {
                pairs: vec![(0, 0); 4],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::TooManyParts { found: 4, limit: 3 });
    }

    fn steps() -> Item {
        Item::new(
            "Range les étapes.",
            ItemKind::Ordering {
                sequence: vec![
                    "Semer".into(),
                    "Arroser".into(),
                    "Récolter".into(),
                    "Vendre".into(),
                ],
            },
        )
    }

    fn order(item: &Item, texts: &[&str]) -> Result<Correction, ResponseError> {
        let order = texts.iter().map(|t| entry(item, t)).collect();
        item.correct(&Response::Ordering { order })
    }

    #[test]
    fn ordering_right_order() {
        let item = steps();
        let correction = order(&item, &["Semer", "Arroser", "Récolter", "Vendre"]).unwrap();
        assert!(correction.correct);
        assert_eq!(correction.parts, vec![true; 4]);
    }

    #[test]
    fn ordering_scores_right_absolute_positions() {
        let item = steps();
        let swapped = order(&item, &["Arroser", "Semer", "Récolter", "Vendre"]).unwrap();
        assert_eq!(swapped.score, 0.5);
        assert_eq!(swapped.parts, vec![false, false, true, true]);
        let shifted = order(&item, &["Vendre", "Semer", "Arroser", "Récolter"]).unwrap();
        assert_eq!(shifted.score, 0.0);
    }

    #[test]
    fn ordering_equal_texts_are_interchangeable() {
        let item = Item::new(
            "?",
            ItemKind::Ordering {
                sequence: vec!["1".into(), "2".into(), "2".into()],
            },
        );
        let PublicKind::Ordering { entries } = item.public_view().kind else {
            panic!("ordering")
        };
        let ones: Vec<usize> = (0..3).filter(|&i| entries[i] == "1").collect();
        let twos: Vec<usize> = (0..3).filter(|&i| entries[i] == "2").collect();
        for twos_order in [[twos[0], twos[1]], [twos[1], twos[0]]] {
            let response = Response::Ordering {
                order: vec![ones[0], twos_order[0], twos_order[1]],
            };
            assert!(item.correct(&response).unwrap().correct);
        }
    }

    #[test]
    fn ordering_malformed_responses() {
        let item = steps();
        let err = item
            .correct(&Response::Ordering {
                order: vec![0, 1, 2],
            })
            .unwrap_err();
        assert_eq!(
            err,
            ResponseError::WrongPartCount {
                expected: 4,
                found: 3
            }
        );
        let err = item
            .correct(&Response::Ordering {
                order: vec![0, 1, 2, 2],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::Duplicate { index: 2 });
        let err = item
            .correct(&Response::Ordering {
                order: vec![0, 1, 2, 4],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::IndexOutOfRange { index: 4, len: 4 });
        let err = item
            .correct(&Response::Ordering {
                order: vec![0, 1, 2, 3, 0],
            })
            .unwrap_err();
        assert_eq!(err, ResponseError::TooManyParts { found: 5, limit: 4 });
    }
}
