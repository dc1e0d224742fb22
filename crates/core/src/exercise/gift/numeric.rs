//! Numeric answer blocks: `{#3.14:0.01}`, `{#1..2}`, `{#=1822:0 =%50%1822:2 ~#feedback}`.

use super::answers::{clean, read_answer};
use super::error::{GiftError, GiftReason};
use super::lex::{find, split_before_markers, trim, Sym};
use crate::exercise::item::{ItemKind, NumericAnswer};

/// Reads what follows the `#` that opens a numeric block; `line` is the opening brace's.
pub(super) fn parse(syms: &[Sym], line: usize) -> Result<ItemKind, GiftError> {
    // `~#text` gives the feedback for any other number (Moodle's `*` answer).
    let (answer_syms, mut other_feedback) = match find(syms, '~') {
        Some(at) => {
            let other = syms.get(at + 1..).unwrap_or_default();
            let feedback =
                find(other, '#').map(|hash| clean(other.get(hash + 1..).unwrap_or_default()));
            (
                syms.get(..at).unwrap_or_default(),
                feedback.filter(|f| !f.is_empty()),
            )
        }
        None => (syms, None),
    };

    let mut answers = Vec::new();
    for (marker, piece) in split_before_markers(answer_syms, &['=']) {
        if marker.is_none() && trim(piece).is_empty() {
            continue;
        }
        let answer = read_answer(piece, marker.map_or(line, |m| m.line))?;
        if answer.text.is_empty() {
            return Err(GiftError::new(answer.line, GiftReason::EmptyAnswer));
        }
        if answer.text == "*" {
            other_feedback = other_feedback.or(answer.feedback);
            continue;
        }
        let (value, tolerance) = value_and_tolerance(&answer.text).ok_or_else(|| {
            GiftError::new(answer.line, GiftReason::BadNumber(answer.text.clone()))
        })?;
        answers.push(NumericAnswer {
            value,
            tolerance,
            fraction: answer.weight.unwrap_or(1.0),
            feedback: answer.feedback,
        });
    }
    if answers.is_empty() {
        return Err(GiftError::new(line, GiftReason::EmptyAnswerSet));
    }
    if !answers.iter().any(|a| a.fraction > 0.0) {
        return Err(GiftError::new(line, GiftReason::NoCorrectAnswer));
    }
    Ok(ItemKind::Numeric {
        answers,
        units: Vec::new(),
        unit_required: false,
        other_feedback,
    })
}

/// `min..max` (a range, stored as its middle ± half its width), `value:tolerance`, or `value`.
fn value_and_tolerance(written: &str) -> Option<(f64, f64)> {
    if let Some((min, max)) = written
        .split_once("..")
        .filter(|(min, _)| !min.trim().is_empty())
    {
        let (min, max) = (number(min)?, number(max)?);
        if min > max {
            return None;
        }
        return Some(((min + max) / 2.0, (max - min) / 2.0));
    }
    if let Some((value, tolerance)) = written
        .split_once(':')
        .filter(|(value, _)| !value.trim().is_empty())
    {
        let tolerance = number(tolerance)?;
        return (tolerance >= 0.0).then_some((number(value)?, tolerance));
    }
    Some((number(written)?, 0.0))
}

/// A finite decimal number; a decimal comma is accepted (`3,14`), as Moroccan teachers write.
fn number(written: &str) -> Option<f64> {
    let written = written.trim().replace(',', ".");
    let looks_numeric = !written.is_empty()
        && written
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    written
        .parse::<f64>()
        .ok()
        .filter(|n| looks_numeric && n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::approx_constant)] // Moodle's examples are about π.
    fn numbers_forms() {
        assert_eq!(value_and_tolerance("1822"), Some((1822.0, 0.0)));
        assert_eq!(value_and_tolerance("3.1415:0.0005"), Some((3.1415, 0.0005)));
        assert_eq!(value_and_tolerance("1..2"), Some((1.5, 0.5)));
        assert_eq!(value_and_tolerance("-2..-1"), Some((-1.5, 0.5)));
        assert_eq!(value_and_tolerance("3,5:0,1"), Some((3.5, 0.1)));
        assert_eq!(value_and_tolerance("1e3"), Some((1000.0, 0.0)));
    }

    #[test]
    fn bad_numbers() {
        for written in [
            "abc", "1..", "..2", "2..1", "3:-1", "3:", ":3", "inf", "NaN", "1 2", "0x10",
            "infinity",
        ] {
            assert_eq!(value_and_tolerance(written), None, "{written}");
        }
    }
}
