//! Correcting numeric items: reading the number and its unit, then the tolerances.

use unicode_normalization::UnicodeNormalization;

use super::Marking;
use crate::exercise::item::{NumericAnswer, Unit};
use crate::exercise::number::parse_quantity;
use crate::exercise::response::{check_text, ResponseError};

/// The key of a numeric item, borrowed from it.
pub(super) struct NumericKey<'a> {
    pub answers: &'a [NumericAnswer],
    pub units: &'a [Unit],
    pub unit_required: bool,
    pub other_feedback: &'a Option<String>,
}

/// Reads `text` (refusing what is not a number), converts its unit, and scores it with the
/// first answer whose tolerance holds it.
///
/// Without units on the item, text after the number is refused as not a number: the pupil
/// is asked again rather than marked wrong for writing `12 ans`. With units, an unknown or
/// (when required) missing unit is a wrong answer, as in Moodle.
pub(super) fn numeric(key: &NumericKey<'_>, text: &str) -> Result<Marking, ResponseError> {
    check_text(text)?;
    let quantity = parse_quantity(text).ok_or(ResponseError::NotANumber)?;
    let value = if key.units.is_empty() {
        if !quantity.unit.is_empty() {
            return Err(ResponseError::NotANumber);
        }
        quantity.value
    } else if quantity.unit.is_empty() {
        if key.unit_required {
            return Ok(Marking::wrong(key.other_feedback.as_ref()));
        }
        quantity.value
    } else {
        match find_unit(key.units, &quantity.unit) {
            Some(unit) => quantity.value * unit.factor,
            None => return Ok(Marking::wrong(key.other_feedback.as_ref())),
        }
    };
    Ok(
        match key.answers.iter().find(|answer| accepts(answer, value)) {
            Some(answer) => Marking {
                score: answer.fraction,
                feedback: answer.feedback.iter().cloned().collect(),
                parts: Vec::new(),
            },
            None => Marking::wrong(key.other_feedback.as_ref()),
        },
    )
}

/// Unit names are compared exactly (after Unicode composition): `mm` is not `Mm`.
fn find_unit<'a>(units: &'a [Unit], written: &str) -> Option<&'a Unit> {
    units
        .iter()
        .find(|unit| unit.name.trim().nfc().eq(written.chars()))
}

/// Whether `value` lies within the answer's tolerance. The bound is widened by a relative
/// 1e-9 so that binary rounding (`350 × 0.01` is `3.5000000000000004`) does not turn a right
/// boundary answer into a wrong one.
fn accepts(answer: &NumericAnswer, value: f64) -> bool {
    let tolerance = answer.tolerance.abs();
    let slack = 1e-9 * answer.value.abs().max(tolerance);
    (value - answer.value).abs() <= tolerance + slack
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::exercise::item::{Item, ItemKind, NumericAnswer, Unit};
    use crate::exercise::response::{Response, ResponseError, MAX_TEXT_CHARS};
    use crate::exercise::Correction;

    fn numeric(answers: Vec<NumericAnswer>, units: Vec<Unit>, unit_required: bool) -> Item {
        Item::new(
            "?",
            ItemKind::Numeric {
                answers,
                units,
                unit_required,
                other_feedback: Some("Non.".into()),
            },
        )
    }

    fn answer(item: &Item, text: &str) -> Result<Correction, ResponseError> {
        item.correct(&Response::Numeric { text: text.into() })
    }

    fn score(item: &Item, text: &str) -> f64 {
        answer(item, text).unwrap().score
    }

    #[test]
    fn exact_value() {
        let item = numeric(vec![NumericAnswer::new(1822.0, 0.0)], vec![], false);
        assert!(answer(&item, "1822").unwrap().correct);
        assert!(answer(&item, "١٨٢٢").unwrap().correct);
        let wrong = answer(&item, "1823").unwrap();
        assert_eq!(wrong.score, 0.0);
        assert_eq!(wrong.feedback, vec!["Non."]);
    }

    #[test]
    fn decimal_comma_and_arabic_decimal_separator() {
        let item = numeric(vec![NumericAnswer::new(3.5, 0.0)], vec![], false);
        for text in ["3.5", "3,5", "٣٫٥", "٣,٥", "۳٫۵", " 3,50 "] {
            assert_eq!(score(&item, text), 1.0, "{text}");
        }
    }

    #[test]
    fn tolerance_boundaries_are_inclusive() {
        let item = numeric(vec![NumericAnswer::new(10.0, 0.5)], vec![], false);
        assert_eq!(score(&item, "10.5"), 1.0);
        assert_eq!(score(&item, "9.5"), 1.0);
        assert_eq!(score(&item, "10.51"), 0.0);
        assert_eq!(score(&item, "9.49"), 0.0);
    }

    #[test]
    #[allow(clippy::approx_constant)] // Moodle's example is about π.
    fn tolerance_boundaries_survive_binary_rounding() {
        // 3.141..3.142 as Moodle's GIFT range: value 3.1415, tolerance 0.0005.
        let item = numeric(
            vec![NumericAnswer::new(
                (3.141 + 3.142) / 2.0,
                (3.142 - 3.141) / 2.0,
            )],
            vec![],
            false,
        );
        assert_eq!(score(&item, "3.141"), 1.0);
        assert_eq!(score(&item, "3.142"), 1.0);
        assert_eq!(score(&item, "3.1409"), 0.0);
        assert_eq!(score(&item, "3.1421"), 0.0);
    }

    #[test]
    fn first_matching_answer_gives_the_score() {
        let mut close = NumericAnswer::new(1822.0, 2.0);
        close.fraction = 0.5;
        close.feedback = Some("Presque.".into());
        let mut exact = NumericAnswer::new(1822.0, 0.0);
        exact.feedback = Some("Exact.".into());
        let item = numeric(vec![exact, close], vec![], false);
        let right = answer(&item, "1822").unwrap();
        assert_eq!(
            (right.score, right.feedback),
            (1.0, vec!["Exact.".to_string()])
        );
        let near = answer(&item, "1820").unwrap();
        assert_eq!(
            (near.score, near.feedback),
            (0.5, vec!["Presque.".to_string()])
        );
        assert_eq!(score(&item, "1819"), 0.0);
    }

    #[test]
    fn units_convert_to_the_base_unit() {
        let item = numeric(
            vec![NumericAnswer::new(3.5, 0.0)],
            vec![
                Unit::new("m", 1.0),
                Unit::new("cm", 0.01),
                Unit::new("سم", 0.01),
            ],
            false,
        );
        assert_eq!(score(&item, "3.5 m"), 1.0);
        assert_eq!(score(&item, "350 cm"), 1.0);
        assert_eq!(score(&item, "350cm"), 1.0);
        assert_eq!(score(&item, "٣٥٠ سم"), 1.0);
        assert_eq!(
            score(&item, "3,5"),
            1.0,
            "a bare number is read in the base unit"
        );
        assert_eq!(score(&item, "350 m"), 0.0);
    }

    #[test]
    fn unknown_or_missing_required_unit_is_wrong() {
        let item = numeric(
            vec![NumericAnswer::new(3.5, 0.0)],
            vec![Unit::new("m", 1.0), Unit::new("cm", 0.01)],
            true,
        );
        assert_eq!(score(&item, "3.5 m"), 1.0);
        let missing = answer(&item, "3.5").unwrap();
        assert_eq!(missing.score, 0.0);
        assert_eq!(missing.feedback, vec!["Non."]);
        assert_eq!(score(&item, "3.5 km"), 0.0);
        assert_eq!(score(&item, "3.5 M"), 0.0, "unit names are case-sensitive");
    }

    #[test]
    fn not_a_number_is_refused_not_marked() {
        let item = numeric(vec![NumericAnswer::new(4.0, 0.0)], vec![], false);
        for text in ["", "quatre", "أربعة", "4 m", "--4"] {
            assert_eq!(
                answer(&item, text).unwrap_err(),
                ResponseError::NotANumber,
                "{text:?}"
            );
        }
    }

    #[test]
    fn over_long_text_is_refused() {
        let item = numeric(vec![NumericAnswer::new(4.0, 0.0)], vec![], false);
        let long = "4".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            answer(&item, &long).unwrap_err(),
            ResponseError::TooLong {
                limit: MAX_TEXT_CHARS
            }
        );
    }

    #[test]
    fn negative_numbers_and_zero() {
        let item = numeric(
            vec![NumericAnswer::new(-4.0, 0.0), NumericAnswer::new(0.0, 0.0)],
            vec![],
            false,
        );
        assert_eq!(score(&item, "−4"), 1.0);
        assert_eq!(score(&item, "-٤"), 1.0);
        assert_eq!(score(&item, "0"), 1.0);
        assert_eq!(score(&item, "0.0000001"), 0.0);
    }
}
