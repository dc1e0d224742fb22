//! Moodle XML question files: import.
//!
//! Follows <https://docs.moodle.org/en/Moodle_XML_format>. Supported question types:
//! `multichoice` (`<single>` true: single choice, false: multiple choice), `truefalse`,
//! `shortanswer` (`<usecase>`), `numerical` (tolerances, `<units>` with multipliers, a `*`
//! answer as the feedback for any other number), `matching` (a subquestion without text is a
//! distractor), `ordering` (answers in the right order), and `category` pseudo-questions,
//! which set the category of the questions after them. `<name>` is the title,
//! `<generalfeedback>` the general feedback. HTML texts are reduced to text ([`html`]).
//!
//! Refused, with the line: anything that is not well-formed XML, a document type declaration
//! (no entity tricks), a root other than `<quiz>`, question types Lawha has no item for
//! (essay, description, cloze, calculated, drag-and-drop…: named in the error), questions
//! without text, answers without credit, fractions outside -100..100 or that are not one of
//! Moodle's grades ([`grade`], as Moodle's own import does) and bad numbers. As for
//! GIFT, a file is accepted whole or not at all.

mod error;
mod html;
#[cfg(test)]
mod tests;

use roxmltree::{Document, Node, ParsingOptions};

pub use self::error::{XmlError, XmlReason};
use super::file_error::{utf8_text, within_size, FileLimit};
use super::gift::{ParsedQuestion, TextFormat, MAX_GIFT_BYTES, MAX_QUESTIONS};
use super::grade::{self, match_grade, question_name};
use super::item::{Choice, Item, ItemKind, MatchPair, NumericAnswer, TextAnswer, Unit};
use super::normalize::Case;
use crate::exercise::file_error::{in_question, NotAGrade};

/// Largest file accepted, in bytes (as for GIFT).
pub const MAX_XML_BYTES: usize = MAX_GIFT_BYTES;

/// A question left out of an import at the author's request: its line and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub kind: String,
}

/// Reads a whole Moodle XML file, or reports the first problem with its line.
pub fn parse_moodle_xml(bytes: &[u8]) -> Result<Vec<ParsedQuestion>, XmlError> {
    read(bytes, false).map(|(questions, _)| questions)
}

/// [`parse_moodle_xml`], leaving out the questions of types Lawha has no item for (listed
/// with their lines) instead of refusing the file; every other problem still refuses it.
pub fn parse_moodle_xml_skipping(
    bytes: &[u8],
) -> Result<(Vec<ParsedQuestion>, Vec<Skipped>), XmlError> {
    read(bytes, true)
}

fn read(
    bytes: &[u8],
    skip_unsupported: bool,
) -> Result<(Vec<ParsedQuestion>, Vec<Skipped>), XmlError> {
    within_size(bytes.len(), MAX_XML_BYTES)?;
    let text = utf8_text(bytes)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let options = ParsingOptions {
        allow_dtd: false,
        // Far more than any real quiz; bounds memory on hostile input.
        nodes_limit: 2_000_000,
    };
    let doc = Document::parse_with_options(text, options).map_err(|err| {
        let line = err.pos().row as usize;
        match err {
            roxmltree::Error::DtdDetected => XmlError::new(line, XmlReason::Doctype),
            other => XmlError::new(line, XmlReason::Malformed(other.to_string())),
        }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "quiz" {
        let name = root.tag_name().name().to_string();
        return Err(XmlError::new(line_of(&root), XmlReason::NotAQuiz(name)));
    }
    let mut category = None;
    let mut questions = Vec::new();
    let mut skipped = Vec::new();
    for node in elements(root, "question") {
        let line = line_of(&node);
        let kind = node.attribute("type").unwrap_or_default();
        if kind == "category" {
            category = child(node, "category")
                .map(text_of)
                .map(|path| category_name(&path))
                .filter(|name| !name.is_empty());
            continue;
        }
        if questions.len() == MAX_QUESTIONS {
            let limit = MAX_QUESTIONS;
            return Err(XmlError::new(line, FileLimit::TooManyQuestions { limit }));
        }
        let (text_format, item) = match question(node, kind) {
            Err(XmlError {
                reason: XmlReason::UnsupportedType(kind),
                line,
            }) if skip_unsupported => {
                skipped.push(Skipped { line, kind });
                continue;
            }
            other => other?,
        };
        questions.push(ParsedQuestion {
            category: category.clone(),
            title: child(node, "name").map(text_of).filter(|t| !t.is_empty()),
            text_format,
            item,
            line,
        });
    }
    Ok((questions, skipped))
}

/// `$course$/top/Maths/Fractions` as Moodle shows it: `Maths/Fractions`.
fn category_name(path: &str) -> String {
    let mut rest = path.trim();
    for prefix in ["$course$/", "$system$/", "$module$/", "$cat1$/", "top/"] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    if rest == "top" {
        return String::new();
    }
    rest.trim_matches('/').to_string()
}

fn line_of(node: &Node) -> usize {
    node.document().text_pos_at(node.range().start).row as usize
}

fn elements<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &'static str) -> Option<Node<'a, 'input>> {
    elements(node, name).next()
}

/// The trimmed text of a `<text>` child (or of the node itself when it has none); HTML
/// reduced to text when the node says `format="html"`.
fn text_of(node: Node) -> String {
    let raw: String = match child(node, "text") {
        Some(text) => text.text().unwrap_or_default().to_string(),
        None => node
            .children()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect(),
    };
    match node.attribute("format") {
        Some("html") => html::to_text(&raw),
        _ => raw.trim().to_string(),
    }
}

/// The text of a child element, "" when absent.
fn field(node: Node, name: &'static str) -> String {
    child(node, name).map(text_of).unwrap_or_default()
}

fn feedback(node: Node) -> Option<String> {
    Some(field(node, "feedback")).filter(|f| !f.is_empty())
}

fn text_format(node: Node) -> TextFormat {
    match child(node, "questiontext").and_then(|q| q.attribute("format")) {
        Some("html") => TextFormat::Html,
        Some("plain_text") => TextFormat::Plain,
        Some("markdown") => TextFormat::Markdown,
        _ => TextFormat::Moodle,
    }
}

/// An `<answer fraction="…">`'s fraction in -1..=1 (Moodle writes percentages): one of
/// Moodle's grades, exactly, as Moodle's own import demands.
fn fraction(answer: Node) -> Result<f64, XmlError> {
    let raw = answer.attribute("fraction").unwrap_or("0").trim();
    let line = line_of(&answer);
    let percent = match raw.parse::<f64>() {
        Ok(f) if f.is_finite() && (-100.0..=100.0).contains(&f) => f,
        _ => return Err(XmlError::new(line, XmlReason::BadFraction(raw.to_string()))),
    };
    match_grade(percent / 100.0).map_err(|nearest| {
        let reason = XmlReason::NotAGrade(NotAGrade {
            written: raw.to_string(),
            nearest: grade::percent(nearest),
            question: String::new(),
        });
        XmlError::new(line, reason)
    })
}

fn number(node: Node, raw: &str) -> Result<f64, XmlError> {
    let cleaned = raw.trim().replace(',', ".");
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(XmlError::new(
            line_of(&node),
            XmlReason::BadNumber(raw.to_string()),
        )),
    }
}

fn question(node: Node, kind: &str) -> Result<(TextFormat, Item), XmlError> {
    let line = line_of(&node);
    let kind = match kind {
        "multichoice" => multichoice(node),
        "truefalse" => truefalse(node),
        "shortanswer" => shortanswer(node),
        "numerical" => numerical(node),
        "matching" => matching(node),
        "ordering" => ordering(node),
        other => {
            let name = if other.is_empty() { "(none)" } else { other };
            return Err(XmlError::new(line, XmlReason::UnsupportedType(name.into())));
        }
    }
    .map_err(|err| {
        let title = child(node, "name").map(text_of);
        in_question(
            err,
            &question_name(title.as_deref(), &field(node, "questiontext")),
        )
    })?;
    let prompt = field(node, "questiontext");
    if prompt.is_empty() {
        return Err(XmlError::new(line, XmlReason::NoQuestionText));
    }
    let mut item = Item::new(prompt, kind);
    item.general_feedback = Some(field(node, "generalfeedback")).filter(|f| !f.is_empty());
    Ok((text_format(node), item))
}

/// An `<answer>` read: its node (for nested fields and lines), text, fraction, feedback.
type Answer<'a, 'input> = (Node<'a, 'input>, String, f64, Option<String>);

/// The `<answer>`s with their text, fraction and feedback; empty texts refused.
fn answers<'a, 'input>(node: Node<'a, 'input>) -> Result<Vec<Answer<'a, 'input>>, XmlError> {
    elements(node, "answer")
        .map(|answer| {
            let text = text_of(answer);
            if text.is_empty() {
                return Err(XmlError::new(line_of(&answer), XmlReason::EmptyAnswer));
            }
            Ok((answer, text, fraction(answer)?, feedback(answer)))
        })
        .collect()
}

fn require(node: Node, ok: bool, reason: XmlReason) -> Result<(), XmlError> {
    if ok {
        Ok(())
    } else {
        Err(XmlError::new(line_of(&node), reason))
    }
}

/// At least one answer, and one that gives credit: the rule of the typed kinds (short
/// answer, numerical), where a single accepted answer is a whole question.
fn require_one_with_credit(
    node: Node,
    fractions: impl ExactSizeIterator<Item = f64>,
) -> Result<(), XmlError> {
    require(
        node,
        fractions.len() > 0,
        XmlReason::TooFewAnswers { min: 1 },
    )?;
    require(
        node,
        fractions.into_iter().any(|f| f > 0.0),
        XmlReason::NoCorrectAnswer,
    )
}

fn multichoice(node: Node) -> Result<ItemKind, XmlError> {
    let single = !matches!(field(node, "single").as_str(), "false" | "0");
    let choices: Vec<Choice> = answers(node)?
        .into_iter()
        .map(|(_, text, fraction, feedback)| Choice {
            text,
            fraction,
            feedback,
        })
        .collect();
    require(
        node,
        choices.len() >= 2,
        XmlReason::TooFewAnswers { min: 2 },
    )?;
    let credit = if single {
        choices.iter().any(|c| c.fraction > 0.0)
    } else {
        choices.iter().map(|c| c.fraction.max(0.0)).sum::<f64>() > 0.0
    };
    require(node, credit, XmlReason::NoCorrectAnswer)?;
    Ok(if single {
        ItemKind::SingleChoice { choices }
    } else {
        ItemKind::MultipleChoice { choices }
    })
}

fn truefalse(node: Node) -> Result<ItemKind, XmlError> {
    let mut answer = None;
    let (mut feedback_true, mut feedback_false) = (None, None);
    for (_, text, fraction, feedback) in answers(node)? {
        let is_true = text.eq_ignore_ascii_case("true");
        if is_true {
            feedback_true = feedback;
        } else {
            feedback_false = feedback;
        }
        if fraction > 0.0 {
            answer = Some(is_true);
        }
    }
    let Some(answer) = answer else {
        return Err(XmlError::new(line_of(&node), XmlReason::NoCorrectAnswer));
    };
    Ok(ItemKind::TrueFalse {
        answer,
        feedback_true,
        feedback_false,
    })
}

fn shortanswer(node: Node) -> Result<ItemKind, XmlError> {
    let answers: Vec<TextAnswer> = answers(node)?
        .into_iter()
        .map(|(_, text, fraction, feedback)| TextAnswer {
            text,
            fraction,
            feedback,
        })
        .collect();
    require_one_with_credit(node, answers.iter().map(|a| a.fraction))?;
    let case = match field(node, "usecase").as_str() {
        "1" | "true" => Case::Sensitive,
        _ => Case::Insensitive,
    };
    Ok(ItemKind::ShortAnswer { answers, case })
}

/// Numbers with tolerances. Moodle's unit multiplier says how many of the unit make one
/// base unit (base m, `cm` multiplier 100); Lawha's factor converts the other way (0.01).
/// Units are required when Moodle grades them (`unitgradingtype` 1 or 2) or asks the pupil
/// to type one (`showunits` 0, with units listed).
fn numerical(node: Node) -> Result<ItemKind, XmlError> {
    let mut answers = Vec::new();
    let mut other_feedback = None;
    for (answer, text, fraction, feedback) in self::answers(node)? {
        if text == "*" {
            other_feedback = feedback;
            continue;
        }
        let tolerance = match child(answer, "tolerance").map(text_of) {
            Some(t) if !t.is_empty() => number(answer, &t)?.abs(),
            _ => 0.0,
        };
        answers.push(NumericAnswer {
            value: number(answer, &text)?,
            tolerance,
            fraction,
            feedback,
        });
    }
    require_one_with_credit(node, answers.iter().map(|a| a.fraction))?;
    let mut units = Vec::new();
    if let Some(list) = child(node, "units") {
        for unit in elements(list, "unit") {
            let name = field(unit, "unit_name");
            let multiplier = match field(unit, "multiplier") {
                m if m.is_empty() => 1.0,
                m => number(unit, &m)?,
            };
            if name.is_empty() || multiplier == 0.0 {
                return Err(XmlError::new(
                    line_of(&unit),
                    XmlReason::BadNumber(format!("{name} × {multiplier}")),
                ));
            }
            units.push(Unit::new(name, 1.0 / multiplier));
        }
    }
    let graded = matches!(field(node, "unitgradingtype").as_str(), "1" | "2");
    let typed = field(node, "showunits") == "0";
    let unit_required = !units.is_empty() && (graded || typed);
    Ok(ItemKind::Numeric {
        answers,
        units,
        unit_required,
        other_feedback,
    })
}

fn matching(node: Node) -> Result<ItemKind, XmlError> {
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for sub in elements(node, "subquestion") {
        let left = text_of(sub);
        let right = child(sub, "answer").map(text_of).unwrap_or_default();
        if right.is_empty() {
            return Err(XmlError::new(line_of(&sub), XmlReason::EmptyAnswer));
        }
        if left.is_empty() {
            distractors.push(right);
        } else {
            pairs.push(MatchPair::new(left, right));
        }
    }
    require(node, pairs.len() >= 2, XmlReason::TooFewAnswers { min: 2 })?;
    Ok(ItemKind::Matching { pairs, distractors })
}

/// The answers in the right order; their fractions mean nothing (Moodle writes 1, 2, 3…).
fn ordering(node: Node) -> Result<ItemKind, XmlError> {
    let sequence = elements(node, "answer")
        .map(|answer| {
            let text = text_of(answer);
            if text.is_empty() {
                return Err(XmlError::new(line_of(&answer), XmlReason::EmptyAnswer));
            }
            Ok(text)
        })
        .collect::<Result<Vec<String>, XmlError>>()?;
    require(
        node,
        sequence.len() >= 2,
        XmlReason::TooFewAnswers { min: 2 },
    )?;
    Ok(ItemKind::Ordering { sequence })
}
