//! What the set page shows under an answered item: the verdict and score, the pupil's
//! previous answer (part by part where the corrector marks parts), and the feedback and
//! worked solution stored with the correction.

use lawha_core::exercise::{
    BlankResponse, Correction, PublicItem, PublicKind, PublicPart, Response,
};

use crate::page::PageCtx;

/// Right, partly right or wrong, as the pupil reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Partly,
    Wrong,
}

impl Verdict {
    fn of(correction: &Correction) -> Verdict {
        if correction.correct {
            Verdict::Right
        } else if correction.score > 0.0 {
            Verdict::Partly
        } else {
            Verdict::Wrong
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Verdict::Right => "exercise-verdict-right",
            Verdict::Partly => "exercise-verdict-partly",
            Verdict::Wrong => "exercise-verdict-wrong",
        }
    }

    /// The CSS class of the verdict line.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Right => "right",
            Verdict::Partly => "partly",
            Verdict::Wrong => "wrong",
        }
    }
}

/// One line of the previous answer: what was given (after `label` when parts are
/// labelled) and, where the corrector says, whether that part was right.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerLine {
    pub label: String,
    pub text: String,
    pub right: Option<bool>,
}

/// The latest answer to an item as shown under it.
#[derive(Debug, Clone)]
pub struct ResultView {
    pub verdict: Verdict,
    pub percent: i64,
    pub lines: Vec<AnswerLine>,
    /// Feedback, general feedback and solution are shown only when `reveal` is set.
    pub reveal: bool,
    pub feedback: Vec<String>,
    pub general_feedback: Option<String>,
    pub solution: Option<String>,
}

/// A score in 0..=1 as a whole percentage.
pub fn percent(score: f64) -> i64 {
    (score.clamp(0.0, 1.0) * 100.0).round() as i64
}

impl ResultView {
    /// `reveal`: whether the feedback and solution may be shown (not while a limited quiz
    /// still has attempts left, or the next attempt would only copy the solution).
    pub fn new(
        page: &PageCtx,
        item: &PublicItem,
        response: &Response,
        correction: &Correction,
        reveal: bool,
    ) -> ResultView {
        ResultView {
            verdict: Verdict::of(correction),
            percent: percent(correction.score),
            lines: answer_lines(page, &item.kind, response, &correction.parts),
            reveal,
            feedback: correction.feedback.clone(),
            general_feedback: correction.general_feedback.clone(),
            solution: correction.solution.clone(),
        }
    }
}

fn line(label: String, text: impl Into<String>, right: Option<bool>) -> AnswerLine {
    AnswerLine {
        label,
        text: text.into(),
        right,
    }
}

/// The text of entry `index` in `list`, or a dash when the stored index no longer fits
/// (an item edited after the answer).
fn entry(list: &[String], index: usize) -> String {
    list.get(index).cloned().unwrap_or_else(|| "—".into())
}

/// The previous answer, one line per choice, gap, prompt or position.
fn answer_lines(
    page: &PageCtx,
    kind: &PublicKind,
    response: &Response,
    parts: &[bool],
) -> Vec<AnswerLine> {
    let mark = |i: usize| parts.get(i).copied();
    match (kind, response) {
        (PublicKind::SingleChoice { choices }, Response::SingleChoice { choice }) => {
            vec![line(String::new(), entry(choices, *choice), None)]
        }
        (PublicKind::MultipleChoice { choices }, Response::MultipleChoice { choices: chosen }) => {
            if chosen.is_empty() {
                return vec![line(String::new(), page.t("exercise-answer-none"), None)];
            }
            chosen
                .iter()
                .map(|&i| line(String::new(), entry(choices, i), None))
                .collect()
        }
        (PublicKind::TrueFalse, Response::TrueFalse { answer }) => {
            let key = if *answer {
                "exercise-true"
            } else {
                "exercise-false"
            };
            vec![line(String::new(), page.t(key), None)]
        }
        (PublicKind::Numeric { .. }, Response::Numeric { text })
        | (PublicKind::ShortAnswer, Response::ShortAnswer { text }) => {
            vec![line(String::new(), text.clone(), None)]
        }
        (PublicKind::FillBlanks { parts: pieces }, Response::FillBlanks { blanks }) => {
            let gaps = pieces
                .iter()
                .filter(|p| !matches!(p, PublicPart::Text { .. }));
            gaps.zip(blanks)
                .enumerate()
                .map(|(gap, (piece, blank))| {
                    let text = match (piece, blank) {
                        (PublicPart::ChoiceBlank { choices }, BlankResponse::Choice(i)) => {
                            entry(choices, *i)
                        }
                        (_, BlankResponse::Typed(text)) => text.clone(),
                        (_, BlankResponse::Choice(_)) => "—".into(),
                    };
                    line(
                        page.t1("exercise-blank-label", "number", gap + 1),
                        text,
                        mark(gap),
                    )
                })
                .collect()
        }
        (PublicKind::Matching { prompts, options }, Response::Matching { pairs }) => prompts
            .iter()
            .enumerate()
            .map(|(i, prompt)| {
                let chosen = pairs
                    .iter()
                    .find(|(p, _)| *p == i)
                    .map_or_else(|| "—".into(), |(_, o)| entry(options, *o));
                line(prompt.clone(), chosen, mark(i))
            })
            .collect(),
        (PublicKind::Ordering { entries }, Response::Ordering { order }) => order
            .iter()
            .enumerate()
            .map(|(position, &i)| {
                line(
                    page.t1("exercise-position-label", "number", position + 1),
                    entry(entries, i),
                    mark(position),
                )
            })
            .collect(),
        // A stored answer of another kind (the item was re-authored): show nothing rather
        // than a wrong reading of it.
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_rounded_and_bounded() {
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(2.0 / 3.0), 67);
        assert_eq!(percent(-0.5), 0);
        assert_eq!(percent(f64::NAN.max(0.0)), 0);
    }

    #[test]
    fn verdicts() {
        let correction = |score: f64| Correction {
            score,
            correct: score >= 1.0,
            feedback: vec![],
            parts: vec![],
            general_feedback: None,
            solution: None,
        };
        assert_eq!(Verdict::of(&correction(1.0)), Verdict::Right);
        assert_eq!(Verdict::of(&correction(0.5)), Verdict::Partly);
        assert_eq!(Verdict::of(&correction(0.0)), Verdict::Wrong);
    }
}
