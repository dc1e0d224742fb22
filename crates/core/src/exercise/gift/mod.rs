//! Moodle's GIFT question format: import and export.
//!
//! Follows <https://docs.moodle.org/en/GIFT_format> and Moodle's own importer where the
//! documentation is silent. Supported: `//` comment lines, `::title::`, `$CATEGORY:`,
//! `[html]`/`[moodle]`/`[plain]`/`[markdown]` markers (the marker is recorded, the text kept
//! as written), single choice `{=right ~wrong}`, multiple answers `{~%50%a ~%50%b ~%-100%c}`,
//! true/false `{T}`/`{FALSE#wrong-answer feedback#right-answer feedback}`, short answer
//! `{=a =%50%b}`, matching `{=x -> y = -> distractor}`, numeric `{#3.14:0.01}`, `{#1..2}` and
//! `{#=%100%1822:0 =%50%1822:2 ~#other feedback}`, per-answer feedback `#`, general feedback
//! `####`, and the escapes `\~ \= \# \{ \} \: \\ \n`.
//!
//! Missing-word questions (text after the closing brace) become
//! [`FillBlanks`](crate::exercise::ItemKind::FillBlanks) when the answers are a single choice
//! or short answers; other kinds keep their kind and get `_____` in the prompt, as in Moodle.
//!
//! Stricter than Moodle, on purpose: a file is accepted whole or not at all, and the first
//! problem is reported with its line ([`GiftError`]): descriptions (no braces) and essays
//! (`{}`) are refused (Lawha has no such items), as are bad weights, bad numbers, answer
//! sets without credit and unbalanced braces. A decimal comma is accepted in numbers.

mod answers;
mod error;
mod export;
mod lex;
mod numeric;
mod question;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use self::error::{GiftError, GiftReason};
pub use self::export::{to_gift, GiftExportError};
use crate::exercise::file_error::{utf8_text, within_size, FileLimit};
use crate::exercise::item::Item;

/// Largest GIFT file accepted, in bytes.
pub const MAX_GIFT_BYTES: usize = 4 * 1024 * 1024;

/// Most questions in one file.
pub const MAX_QUESTIONS: usize = 5_000;

/// The markup a GIFT text declares with `[html]`, `[markdown]`…; Lawha keeps the text as
/// written and leaves rendering (or escaping) to the web layer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    #[default]
    Moodle,
    Html,
    Plain,
    Markdown,
}

impl TextFormat {
    /// The name written between brackets in GIFT.
    pub fn gift_name(self) -> &'static str {
        match self {
            TextFormat::Moodle => "moodle",
            TextFormat::Html => "html",
            TextFormat::Plain => "plain",
            TextFormat::Markdown => "markdown",
        }
    }

    fn from_gift_name(name: &str) -> Option<Self> {
        [
            TextFormat::Moodle,
            TextFormat::Html,
            TextFormat::Plain,
            TextFormat::Markdown,
        ]
        .into_iter()
        .find(|format| format.gift_name() == name)
    }
}

/// One question read from a GIFT file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedQuestion {
    /// The last `$CATEGORY:` above the question, if any.
    pub category: Option<String>,
    pub title: Option<String>,
    /// The markup of the question text.
    pub text_format: TextFormat,
    pub item: Item,
    /// The line the question starts on (1-based).
    pub line: usize,
}

/// Reads a whole GIFT file, or reports the first problem with its line.
pub fn parse_gift(input: &str) -> Result<Vec<ParsedQuestion>, GiftError> {
    within_size(input.len(), MAX_GIFT_BYTES)?;
    // Editors that convert files twice write the byte order mark twice (found by fuzzing).
    let input = input.trim_start_matches('\u{FEFF}');
    let mut category: Option<String> = None;
    let mut questions = Vec::new();
    for block in lex::blocks(input) {
        let mut syms = lex::trim(&block.syms);
        if let Some((name, rest)) = question::category_command(syms) {
            category = name;
            syms = rest;
            if syms.is_empty() {
                continue;
            }
        }
        let line = lex::line_of(syms, 1);
        if questions.len() == MAX_QUESTIONS {
            return Err(GiftError::new(
                line,
                FileLimit::TooManyQuestions {
                    limit: MAX_QUESTIONS,
                },
            ));
        }
        let parsed = question::parse(syms)?;
        questions.push(ParsedQuestion {
            category: category.clone(),
            title: parsed.title,
            text_format: parsed.format,
            item: parsed.item,
            line,
        });
    }
    Ok(questions)
}

/// [`parse_gift`] for an uploaded file: refuses bytes that are not UTF-8, with the line.
pub fn parse_gift_bytes(bytes: &[u8]) -> Result<Vec<ParsedQuestion>, GiftError> {
    within_size(bytes.len(), MAX_GIFT_BYTES)?;
    parse_gift(utf8_text(bytes)?)
}
