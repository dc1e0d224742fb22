//! What an author sees before saving a set: each question as read from the file, with its
//! answer key, credits and feedback, so that a mistake in the file shows before pupils
//! meet it.

use lawha_core::exercise::gift::ParsedQuestion;
use lawha_core::exercise::{Blank, Item, ItemKind, Part};

use crate::page::PageCtx;

/// One accepted answer (or one wrong one, with 0 credit) and its feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewAnswer {
    /// What is written after the label: a choice, a value, a pair.
    pub text: String,
    /// Credit in percent; negative for penalised choices.
    pub credit: i64,
    pub feedback: Option<String>,
}

/// A group of answers under a label (a gap of a fill-in text, or the whole item).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerGroup {
    /// Empty for items with one group.
    pub label: String,
    pub answers: Vec<PreviewAnswer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreviewItem {
    /// Where the question starts in the source (1-based).
    pub line: usize,
    pub title: Option<String>,
    pub category: Option<String>,
    /// Translation key of the item kind.
    pub kind_key: String,
    pub prompt: String,
    pub groups: Vec<AnswerGroup>,
    pub general_feedback: Option<String>,
}

impl PreviewItem {
    pub fn of(page: &PageCtx, question: &ParsedQuestion) -> PreviewItem {
        let item = &question.item;
        PreviewItem {
            line: question.line,
            title: question.title.clone(),
            category: question.category.clone(),
            kind_key: format!("item-kind-{}", item.kind.name().replace('_', "-")),
            prompt: item.prompt.clone(),
            groups: groups(page, item),
            general_feedback: item.general_feedback.clone(),
        }
    }
}

fn credit(fraction: f64) -> i64 {
    (fraction * 100.0).round() as i64
}

fn answer(text: impl Into<String>, fraction: f64, feedback: &Option<String>) -> PreviewAnswer {
    PreviewAnswer {
        text: text.into(),
        credit: credit(fraction),
        feedback: feedback.clone(),
    }
}

fn one_group(answers: Vec<PreviewAnswer>) -> Vec<AnswerGroup> {
    vec![AnswerGroup {
        label: String::new(),
        answers,
    }]
}

/// A number as the author wrote it: no trailing zeros.
fn number(value: f64) -> String {
    format!("{value}")
}

fn groups(page: &PageCtx, item: &Item) -> Vec<AnswerGroup> {
    match &item.kind {
        ItemKind::SingleChoice { choices } | ItemKind::MultipleChoice { choices } => one_group(
            choices
                .iter()
                .map(|c| answer(&c.text, c.fraction, &c.feedback))
                .collect(),
        ),
        ItemKind::TrueFalse {
            answer: right,
            feedback_true,
            feedback_false,
        } => one_group(vec![
            answer(
                page.t("exercise-true"),
                f64::from(u8::from(*right)),
                feedback_true,
            ),
            answer(
                page.t("exercise-false"),
                f64::from(u8::from(!*right)),
                feedback_false,
            ),
        ]),
        ItemKind::Numeric {
            answers,
            units,
            other_feedback,
            ..
        } => {
            let unit = units
                .first()
                .map(|u| format!(" {}", u.name))
                .unwrap_or_default();
            let mut list: Vec<PreviewAnswer> = answers
                .iter()
                .map(|a| {
                    let text = if a.tolerance > 0.0 {
                        format!("{} ± {}{unit}", number(a.value), number(a.tolerance))
                    } else {
                        format!("{}{unit}", number(a.value))
                    };
                    answer(text, a.fraction, &a.feedback)
                })
                .collect();
            if other_feedback.is_some() {
                list.push(answer(
                    page.t("authoring-any-other-answer"),
                    0.0,
                    other_feedback,
                ));
            }
            one_group(list)
        }
        ItemKind::ShortAnswer { answers, .. } => one_group(
            answers
                .iter()
                .map(|a| answer(&a.text, a.fraction, &a.feedback))
                .collect(),
        ),
        ItemKind::FillBlanks { parts } => parts
            .iter()
            .filter_map(|part| match part {
                Part::Text { .. } => None,
                Part::Blank { blank } => Some(blank),
            })
            .enumerate()
            .map(|(gap, blank)| AnswerGroup {
                label: page.t1("exercise-blank-label", "number", gap + 1),
                answers: match blank {
                    Blank::Typed { answers, .. } => answers
                        .iter()
                        .map(|a| answer(&a.text, a.fraction, &a.feedback))
                        .collect(),
                    Blank::Choice { choices } => choices
                        .iter()
                        .map(|c| answer(&c.text, c.fraction, &c.feedback))
                        .collect(),
                },
            })
            .collect(),
        ItemKind::Matching { pairs, distractors } => one_group(
            pairs
                .iter()
                .map(|p| answer(format!("{} → {}", p.left, p.right), 1.0, &None))
                .chain(
                    distractors
                        .iter()
                        .map(|d| answer(format!("→ {d}"), 0.0, &None)),
                )
                .collect(),
        ),
        ItemKind::Ordering { sequence } => one_group(
            sequence
                .iter()
                .enumerate()
                .map(|(i, text)| answer(format!("{}. {text}", i + 1), 1.0, &None))
                .collect(),
        ),
    }
}
