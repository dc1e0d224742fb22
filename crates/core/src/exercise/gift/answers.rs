//! The answer block of a question: deciding its kind, as Moodle does, and reading it.
//!
//! Kinds are told apart in Moodle's order: `#` first is numeric; any `~` is a choice
//! question (single choice when some answer starts with `=`, multiple answers otherwise);
//! `=` with `->` is matching; `T`, `TRUE`, `F`, `FALSE` (any case) is true/false; anything
//! else is short answer.

use super::error::{GiftError, GiftReason};
use super::lex::{find, find_seq, line_of, split_before_markers, text, trim, Sym};
use super::{numeric, TextFormat};
use crate::exercise::file_error::NotAGrade;
use crate::exercise::grade::{self, match_grade};
use crate::exercise::item::{Choice, ItemKind, MatchPair, TextAnswer};
use crate::exercise::normalize::Case;

/// Reads the answers between the braces; `line` is the opening brace's.
pub(super) fn parse(syms: &[Sym], line: usize) -> Result<ItemKind, GiftError> {
    let syms = trim(syms);
    let Some(first) = syms.first() else {
        return Err(GiftError::new(line, GiftReason::EmptyAnswerSet));
    };
    if first.is('#') {
        return numeric::parse(syms.get(1..).unwrap_or_default(), line);
    }
    if find(syms, '~').is_some() {
        return choices(syms, line);
    }
    if find(syms, '=').is_some() && find_seq(syms, "->", 0).is_some() {
        return matching(syms, line);
    }
    if let Some(kind) = true_false(syms) {
        return Ok(kind);
    }
    short_answer(syms, line)
}

/// One answer of a set: `%weight%text#feedback`, after its `=` or `~`.
pub(super) struct Answer {
    /// The weight as a fraction, when one was written.
    pub weight: Option<f64>,
    pub text: String,
    pub feedback: Option<String>,
    pub line: usize,
}

/// Reads one answer; its text may be empty (callers decide).
pub(super) fn read_answer(syms: &[Sym], fallback_line: usize) -> Result<Answer, GiftError> {
    let syms = trim(syms);
    let line = line_of(syms, fallback_line);
    let (weight, rest) = read_weight(syms, line)?;
    let (answer, feedback) = match find(rest, '#') {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            Some(clean(rest.get(at + 1..).unwrap_or_default())),
        ),
        None => (rest, None),
    };
    Ok(Answer {
        weight,
        text: clean(answer),
        feedback: feedback.filter(|f| !f.is_empty()),
        line,
    })
}

/// A leading `%n%`, n a percentage in -100..=100 that is one of Moodle's grades, as the
/// grade's exact fraction.
fn read_weight(syms: &[Sym], line: usize) -> Result<(Option<f64>, &[Sym]), GiftError> {
    if !syms.first().is_some_and(|s| s.is('%')) {
        return Ok((None, syms));
    }
    let rest = syms.get(1..).unwrap_or_default();
    let Some(end) = find(rest, '%') else {
        return Err(GiftError::new(line, GiftReason::BadWeight(text(syms))));
    };
    let written = text(rest.get(..end).unwrap_or_default());
    let percent = written
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && (-100.0..=100.0).contains(p))
        .ok_or_else(|| GiftError::new(line, GiftReason::BadWeight(written.clone())))?;
    let fraction = match_grade(percent / 100.0).map_err(|nearest| {
        let reason = GiftReason::NotAGrade(NotAGrade {
            written: written.trim().to_string(),
            nearest: grade::percent(nearest),
            question: String::new(),
        });
        GiftError::new(line, reason)
    })?;
    Ok((Some(fraction), rest.get(end + 1..).unwrap_or_default()))
}

/// The text of `syms`, trimmed, without a leading format marker (answers and feedback may
/// carry one; the question's format is what Lawha records).
pub(super) fn clean(syms: &[Sym]) -> String {
    let written = text(trim(syms));
    let without_marker = written.strip_prefix('[').and_then(|inner| {
        let (name, rest) = inner.split_once(']')?;
        TextFormat::from_gift_name(name).map(|_| rest)
    });
    without_marker.unwrap_or(&written).trim().to_string()
}

/// The pieces of an answer set before each marker, each with its marker (`None` for
/// unmarked) and the line to report it on. Text before the first marker counts as an
/// unmarked answer when it is not blank (Moodle does the same).
fn marked_pieces<'a>(
    syms: &'a [Sym],
    markers: &[char],
    line: usize,
) -> Vec<(Option<char>, &'a [Sym], usize)> {
    split_before_markers(syms, markers)
        .into_iter()
        .filter(|(marker, piece)| marker.is_some() || !trim(piece).is_empty())
        .map(|(marker, piece)| {
            (
                marker.map(|m| m.c),
                piece,
                marker.map_or_else(|| line_of(trim(piece), line), |m| m.line),
            )
        })
        .collect()
}

fn choices(syms: &[Sym], line: usize) -> Result<ItemKind, GiftError> {
    let pieces = marked_pieces(syms, &['~', '='], line);
    let single = pieces.iter().any(|(marker, _, _)| *marker == Some('='));
    let mut choices = Vec::with_capacity(pieces.len());
    for (marker, piece, piece_line) in pieces {
        let answer = read_answer(piece, piece_line)?;
        if answer.text.is_empty() {
            return Err(GiftError::new(answer.line, GiftReason::EmptyAnswer));
        }
        let default = if marker == Some('=') { 1.0 } else { 0.0 };
        choices.push(Choice {
            text: answer.text,
            fraction: answer.weight.unwrap_or(default),
            feedback: answer.feedback,
        });
    }
    if choices.len() < 2 {
        return Err(GiftError::new(line, GiftReason::TooFewAnswers { min: 2 }));
    }
    if !choices.iter().any(|c| c.fraction > 0.0) {
        return Err(GiftError::new(line, GiftReason::NoCorrectAnswer));
    }
    Ok(if single {
        ItemKind::SingleChoice { choices }
    } else {
        ItemKind::MultipleChoice { choices }
    })
}

fn short_answer(syms: &[Sym], line: usize) -> Result<ItemKind, GiftError> {
    let mut answers = Vec::new();
    for (_, piece, piece_line) in marked_pieces(syms, &['='], line) {
        let answer = read_answer(piece, piece_line)?;
        if answer.text.is_empty() {
            return Err(GiftError::new(answer.line, GiftReason::EmptyAnswer));
        }
        answers.push(TextAnswer {
            text: answer.text,
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
    Ok(ItemKind::ShortAnswer {
        answers,
        case: Case::Insensitive,
    })
}

/// `T#feedback if answered wrong#feedback if answered right`.
fn true_false(syms: &[Sym]) -> Option<ItemKind> {
    let first_hash = find(syms, '#').unwrap_or(syms.len());
    let answer = match text(trim(syms.get(..first_hash).unwrap_or_default()))
        .to_uppercase()
        .as_str()
    {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let feedbacks = syms.get(first_hash + 1..).unwrap_or_default();
    let (wrong, right) = match find(feedbacks, '#') {
        Some(at) => (
            feedbacks.get(..at).unwrap_or_default(),
            feedbacks.get(at + 1..).unwrap_or_default(),
        ),
        None => (feedbacks, &[][..]),
    };
    let non_empty = |syms: &[Sym]| Some(clean(syms)).filter(|t| !t.is_empty());
    let (wrong, right) = (non_empty(wrong), non_empty(right));
    let (feedback_true, feedback_false) = if answer {
        (right, wrong)
    } else {
        (wrong, right)
    };
    Some(ItemKind::TrueFalse {
        answer,
        feedback_true,
        feedback_false,
    })
}

/// `=left -> right`; an empty left side makes `right` a distractor.
fn matching(syms: &[Sym], line: usize) -> Result<ItemKind, GiftError> {
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for (_, piece, piece_line) in marked_pieces(syms, &['='], line) {
        let piece = trim(piece);
        let arrow = find_seq(piece, "->", 0)
            .ok_or_else(|| GiftError::new(piece_line, GiftReason::BadMatchingPair(text(piece))))?;
        let left = clean(piece.get(..arrow).unwrap_or_default());
        let right = text(trim(piece.get(arrow + 2..).unwrap_or_default()));
        if right.is_empty() {
            return Err(GiftError::new(piece_line, GiftReason::EmptyAnswer));
        }
        if left.is_empty() {
            distractors.push(right);
        } else {
            pairs.push(MatchPair { left, right });
        }
    }
    if pairs.len() < 2 {
        return Err(GiftError::new(line, GiftReason::TooFewAnswers { min: 2 }));
    }
    Ok(ItemKind::Matching { pairs, distractors })
}
