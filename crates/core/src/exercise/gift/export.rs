//! Writing questions as GIFT, in the layout Moodle's exporter uses (one answer a line).
//!
//! GIFT cannot carry everything an [`Item`] holds. Refused with [`GiftExportError`]:
//! ordering items; fill-in-the-blanks items other than one gap followed by text (the
//! missing-word form); choices whose single-choice nature GIFT could not convey (no fully
//! right choice); matching prompts containing `->`, and other answers or feedback
//! containing `->` where the block has an `=` (GIFT would read it as matching). Dropped silently, since GIFT has no
//! place for them: worked solutions, numeric units, and case-sensitivity of short answers.
//! The prompt of a fill-in-the-blanks item is rebuilt from its parts on import.

use std::fmt::Write as _;

use thiserror::Error;

use super::{ParsedQuestion, TextFormat};
use crate::exercise::grade::percent;
use crate::exercise::item::{Blank, Choice, Item, ItemKind, NumericAnswer, Part, TextAnswer};

/// A question that GIFT cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("question {index} cannot be written in GIFT: {why}")]
pub struct GiftExportError {
    /// 0-based position of the question in the exported list.
    pub index: usize,
    pub why: &'static str,
}

impl GiftExportError {
    /// A stable key for the interface to translate.
    pub fn code(&self) -> &'static str {
        "not-expressible-in-gift"
    }
}

/// Writes `questions` as one GIFT file, with a `$CATEGORY:` line wherever the category
/// changes.
pub fn to_gift(questions: &[ParsedQuestion]) -> Result<String, GiftExportError> {
    let mut out = String::new();
    let mut category: Option<&str> = None;
    for (index, question) in questions.iter().enumerate() {
        if let Some(name) = question
            .category
            .as_deref()
            .filter(|&name| Some(name) != category)
        {
            let _ = write!(out, "$CATEGORY: {}\n\n", escape(name));
            category = Some(name);
        }
        write_question(&mut out, question).map_err(|why| GiftExportError { index, why })?;
        out.push_str("\n\n");
    }
    Ok(out)
}

fn write_question(out: &mut String, question: &ParsedQuestion) -> Result<(), &'static str> {
    if let Some(title) = &question.title {
        let _ = write!(out, "::{}::", escape(title));
    }
    let item = &question.item;
    let (prompt, after) = match &item.kind {
        ItemKind::FillBlanks { parts } => {
            let (before, _, after) = single_gap(parts)?;
            (before, after)
        }
        _ => (item.prompt.as_str(), ""),
    };
    // A prompt starting with `[` would be read back as a format marker; name the format.
    if question.text_format != TextFormat::Moodle || prompt.starts_with('[') {
        let _ = write!(out, "[{}]", question.text_format.gift_name());
    }
    out.push_str(&escape(prompt));
    out.push('{');
    let block_start = out.len();
    write_answers(out, &item.kind)?;
    write_general_feedback(out, item);
    // GIFT reads any answer block with `=` and `->` as matching, and has no escape for
    // either `-` or `>` (found by fuzzing).
    let block = &out[block_start..];
    if !matches!(item.kind, ItemKind::Matching { .. })
        && block.contains("->")
        && block.contains('=')
    {
        return Err("an answer or feedback contains '->', which GIFT reads as matching");
    }
    out.push('}');
    out.push_str(&escape(after));
    Ok(())
}

fn write_answers(out: &mut String, kind: &ItemKind) -> Result<(), &'static str> {
    match kind {
        ItemKind::SingleChoice { choices } => write_single_choices(out, choices)?,
        ItemKind::MultipleChoice { choices } => {
            for choice in choices {
                let marker = if choice.fraction == 0.0 {
                    "~".to_string()
                } else {
                    format!("~%{}%", percent(choice.fraction))
                };
                write_answer_line(out, &marker, &choice.text, choice.feedback.as_deref());
            }
        }
        ItemKind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            out.push_str(if *answer { "TRUE" } else { "FALSE" });
            let (right, wrong) = if *answer {
                (feedback_true, feedback_false)
            } else {
                (feedback_false, feedback_true)
            };
            if wrong.is_some() || right.is_some() {
                let _ = write!(out, "#{}", escape(wrong.as_deref().unwrap_or_default()));
            }
            if let Some(right) = right {
                let _ = write!(out, "#{}", escape(right));
            }
        }
        ItemKind::Numeric {
            answers,
            other_feedback,
            ..
        } => {
            out.push('#');
            answers
                .iter()
                .for_each(|answer| write_numeric_answer(out, answer));
            if let Some(feedback) = other_feedback {
                let _ = write!(out, "\n\t~#{}", escape(feedback));
            }
        }
        ItemKind::ShortAnswer { answers, .. } => write_text_answers(out, answers),
        ItemKind::FillBlanks { parts } => match single_gap(parts)?.1 {
            Blank::Choice { choices } => write_single_choices(out, choices)?,
            Blank::Typed { answers, .. } => write_text_answers(out, answers),
        },
        ItemKind::Matching { pairs, distractors } => {
            if pairs.iter().any(|pair| pair.left.contains("->")) {
                return Err("a matching prompt contains '->'");
            }
            for pair in pairs {
                let _ = write!(
                    out,
                    "\n\t={} -> {}",
                    escape(&pair.left),
                    escape(&pair.right)
                );
            }
            for distractor in distractors {
                let _ = write!(out, "\n\t= -> {}", escape(distractor));
            }
        }
        ItemKind::Ordering { .. } => return Err("GIFT has no ordering questions"),
    }
    if !matches!(kind, ItemKind::TrueFalse { .. }) {
        out.push('\n');
    }
    Ok(())
}

/// `=` for fully right choices, `~%n%` for partial or penalised ones, `~` for wrong ones.
fn write_single_choices(out: &mut String, choices: &[Choice]) -> Result<(), &'static str> {
    if !choices.iter().any(|c| c.fraction == 1.0) {
        return Err(
            "a single choice without a fully right choice would read back as multiple choice",
        );
    }
    for choice in choices {
        let marker = if choice.fraction == 1.0 {
            "=".to_string()
        } else if choice.fraction == 0.0 {
            "~".to_string()
        } else {
            format!("~%{}%", percent(choice.fraction))
        };
        write_answer_line(out, &marker, &choice.text, choice.feedback.as_deref());
    }
    Ok(())
}

fn write_text_answers(out: &mut String, answers: &[TextAnswer]) {
    for answer in answers {
        write_answer_line(
            out,
            &weighted("=", answer.fraction),
            &answer.text,
            answer.feedback.as_deref(),
        );
    }
}

fn write_numeric_answer(out: &mut String, answer: &NumericAnswer) {
    let mut written = format!("{}", answer.value);
    if answer.tolerance != 0.0 {
        let _ = write!(written, ":{}", answer.tolerance);
    }
    let _ = write!(out, "\n\t{}{}", weighted("=", answer.fraction), written);
    if let Some(feedback) = &answer.feedback {
        let _ = write!(out, "#{}", escape(feedback));
    }
}

fn write_answer_line(out: &mut String, marker: &str, text: &str, feedback: Option<&str>) {
    let _ = write!(out, "\n\t{marker}{}", escape(text));
    if let Some(feedback) = feedback {
        let _ = write!(out, "#{}", escape(feedback));
    }
}

/// `####feedback`: on its own line after one-answer-a-line blocks, inline after `{TRUE…`.
fn write_general_feedback(out: &mut String, item: &Item) {
    if let Some(feedback) = &item.general_feedback {
        if matches!(item.kind, ItemKind::TrueFalse { .. }) {
            let _ = write!(out, "####{}", escape(feedback));
        } else {
            let _ = writeln!(out, "\t####{}", escape(feedback));
        }
    }
}

/// The one form of fill-in-the-blanks GIFT holds: optional text, a gap, then text.
fn single_gap(parts: &[Part]) -> Result<(&str, &Blank, &str), &'static str> {
    let gap = match parts {
        [Part::Text { text: before }, Part::Blank { blank }, Part::Text { text: after }] => {
            Some((before.as_str(), blank, after.as_str()))
        }
        [Part::Blank { blank }, Part::Text { text: after }] => Some(("", blank, after.as_str())),
        _ => None,
    };
    gap.filter(|(_, _, after)| !after.trim().is_empty())
        .ok_or("GIFT holds one gap followed by text")
}

/// `marker` with `%n%` unless the fraction is full credit.
fn weighted(marker: &str, fraction: f64) -> String {
    if fraction == 1.0 {
        marker.to_string()
    } else {
        format!("{marker}%{}%", percent(fraction))
    }
}

/// Escapes GIFT's control characters, backslashes and line breaks.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\r' | '\u{FEFF}' => {}
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_short_and_exact() {
        assert_eq!(percent(0.5), "50");
        assert_eq!(percent(-1.0), "-100");
        assert_eq!(percent(0.33333), "33.333");
        assert_eq!(percent(0.25), "25");
        assert_eq!(percent(1.0 / 3.0), "33.33333");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape("a=b~c#d{e}f:g\\h\ni"),
            "a\\=b\\~c\\#d\\{e\\}f\\:g\\\\h\\ni"
        );
        assert_eq!(escape("$\\frac{1}{2}$"), "$\\\\frac\\{1\\}\\{2\\}$");
    }
}
