//! One question block: the category command, title, text format, the answer block and the
//! text around it (which makes a missing-word question).

use super::answers::{self, clean};
use super::error::{GiftError, GiftReason};
use super::lex::{find, find_seq, line_of, rfind_seq, starts_with, text, trim, Sym};
use super::TextFormat;
use crate::exercise::file_error::in_question;
use crate::exercise::grade::question_name;
use crate::exercise::item::{Blank, Item, ItemKind, Part};

const CATEGORY: &str = "$CATEGORY:";

/// What a question block holds besides its category.
pub(super) struct Question {
    pub title: Option<String>,
    pub format: TextFormat,
    pub item: Item,
}

/// `$CATEGORY: name` on the block's first line: the name (`None` when blank) and the rest
/// of the block, which may hold a question when no blank line follows the command.
pub(super) fn category_command(syms: &[Sym]) -> Option<(Option<String>, &[Sym])> {
    if !starts_with(syms, CATEGORY) {
        return None;
    }
    let after = syms.get(CATEGORY.len()..).unwrap_or_default();
    let end = after.iter().position(|s| s.is('\n')).unwrap_or(after.len());
    let (name, rest) = after.split_at(end);
    let name = text(trim(name));
    Some(((!name.is_empty()).then_some(name), trim(rest)))
}

/// Reads a question block (already trimmed, category command removed).
pub(super) fn parse(syms: &[Sym]) -> Result<Question, GiftError> {
    let first_line = line_of(syms, 1);
    let (title, rest) = split_title(syms, first_line)?;
    let (format, rest) = split_format(trim(rest));
    let (open, close) = answer_block(rest, first_line)?;
    let (before, from_open) = rest.split_at(open);
    let open_line = line_of(from_open, first_line);
    let inside = from_open.get(1..close - open).unwrap_or_default();
    let after = from_open.get(close - open + 1..).unwrap_or_default();

    let (answer_syms, general_feedback) = split_general_feedback(inside);
    let kind = answers::parse(answer_syms, open_line).map_err(|err| {
        let name = question_name(title.as_deref(), &text(trim(before)));
        in_question(err, &name)
    })?;
    let (prompt, kind) = if trim(after).is_empty() {
        (text(trim(before)), kind)
    } else {
        missing_word(text(before), text(after), kind)
    };
    let item = Item {
        prompt,
        kind,
        general_feedback,
        solution: None,
    };
    Ok(Question {
        title,
        format,
        item,
    })
}

fn split_title(syms: &[Sym], line: usize) -> Result<(Option<String>, &[Sym]), GiftError> {
    if !starts_with(syms, "::") {
        return Ok((None, syms));
    }
    let end = find_seq(syms, "::", 2).ok_or(GiftError::new(line, GiftReason::UnclosedTitle))?;
    let title = text(trim(syms.get(2..end).unwrap_or_default()));
    let rest = syms.get(end + 2..).unwrap_or_default();
    Ok(((!title.is_empty()).then_some(title), rest))
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]`; anything else in brackets is
/// question text.
fn split_format(syms: &[Sym]) -> (TextFormat, &[Sym]) {
    let known = starts_with(syms, "[")
        .then(|| find(syms, ']'))
        .flatten()
        .and_then(|end| {
            let name = text(syms.get(1..end).unwrap_or_default());
            TextFormat::from_gift_name(&name).map(|format| (format, end))
        });
    match known {
        Some((format, end)) => (format, trim(syms.get(end + 1..).unwrap_or_default())),
        None => (TextFormat::Moodle, syms),
    }
}

/// Positions of the answer block's braces; exactly one block, not nested.
fn answer_block(syms: &[Sym], first_line: usize) -> Result<(usize, usize), GiftError> {
    let open = find(syms, '{');
    let close = find(syms, '}');
    let line_at = |index: usize| syms.get(index).map_or(first_line, |s| s.line);
    let unexpected = |index: usize, found: char| {
        GiftError::new(line_at(index), GiftReason::UnexpectedBrace { found })
    };
    match (open, close) {
        (None, None) => Err(GiftError::new(first_line, GiftReason::NoAnswerBlock)),
        (None, Some(close)) => Err(unexpected(close, '}')),
        (Some(open), None) => Err(GiftError::new(line_at(open), GiftReason::UnclosedBrace)),
        (Some(open), Some(close)) if close < open => Err(unexpected(close, '}')),
        (Some(open), Some(close)) => {
            let inner_open = syms
                .iter()
                .enumerate()
                .skip(open + 1)
                .find(|(_, s)| s.is('{'));
            if inner_open.is_some_and(|(index, _)| index < close) {
                return Err(GiftError::new(line_at(open), GiftReason::UnclosedBrace));
            }
            let extra = syms
                .iter()
                .enumerate()
                .skip(close + 1)
                .find(|(_, s)| s.is('{') || s.is('}'));
            if let Some((index, sym)) = extra {
                return Err(unexpected(index, sym.c));
            }
            Ok((open, close))
        }
    }
}

/// The answers and the general feedback after the last `####`.
fn split_general_feedback(inside: &[Sym]) -> (&[Sym], Option<String>) {
    match rfind_seq(inside, "####") {
        Some(at) => {
            let feedback = clean(inside.get(at + 4..).unwrap_or_default());
            (
                inside.get(..at).unwrap_or_default(),
                (!feedback.is_empty()).then_some(feedback),
            )
        }
        None => (inside, None),
    }
}

/// Text after the answer block: the block was a gap in a sentence. A single choice or short
/// answer becomes a fill-in-the-blank item; other kinds keep their kind, as in Moodle.
fn missing_word(before: String, after: String, kind: ItemKind) -> (String, ItemKind) {
    let prompt = format!("{before}_____{after}");
    let blank = match kind {
        ItemKind::SingleChoice { choices } => Blank::Choice { choices },
        ItemKind::ShortAnswer { answers, case } => Blank::Typed { answers, case },
        other => return (prompt, other),
    };
    let mut parts = Vec::with_capacity(3);
    if !before.is_empty() {
        parts.push(Part::Text { text: before });
    }
    parts.push(Part::Blank { blank });
    parts.push(Part::Text { text: after });
    (prompt, ItemKind::FillBlanks { parts })
}
