//! What the set page shows of an answered item, above the form to answer again: the
//! verdict and score, the pupil's previous answer (part by part where the corrector marks
//! parts), and as much help as [`Showing`] allows — the feedback as a hint first, the right
//! answer and the worked solution only after a second wrong try or when asked for.

use lawha_core::exercise::{
    BlankResponse, Correction, Item, KeyLabel, KeyText, PublicItem, PublicKind, PublicPart,
    Response,
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

/// Where a pupil stands with an item, for deciding how much help its result shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpState {
    /// A quiz that limits attempts (an assessment).
    pub limited: bool,
    pub attempts_left: bool,
    /// The latest answer is fully right.
    pub correct: bool,
    /// Answers not fully right in a row, the latest included.
    pub misses: u32,
    /// The answer was shown (asked for, or drawn after a second miss) since the latest answer.
    pub shown_since_answer: bool,
    /// A showing of the answer is recorded on the platform's today.
    pub shown_today: bool,
}

/// How much of the help an answered item's result shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Showing {
    /// The feedback and general feedback (as a hint after a wrong answer).
    pub feedback: bool,
    /// The author's worked solution.
    pub solution: bool,
    /// The right answer, drawn from the key.
    pub key: bool,
    /// The "show the answer" button.
    pub can_ask: bool,
}

impl HelpState {
    /// Practice shows the feedback at once, as a hint after a wrong answer, and the right
    /// answer only after a second wrong try in a row or when asked for (a right answer shows
    /// the worked solution). A limited quiz keeps everything until its attempts are spent,
    /// then shows feedback and solution but never the key, and offers no button.
    pub fn showing(self) -> Showing {
        if self.limited {
            let done = !self.attempts_left;
            return Showing {
                feedback: done,
                solution: done,
                key: false,
                can_ask: false,
            };
        }
        let answer = !self.correct && (self.misses >= 2 || self.shown_since_answer);
        Showing {
            feedback: true,
            solution: self.correct || answer,
            key: answer,
            can_ask: !self.correct && !answer,
        }
    }

    /// Whether drawing the page shows the answer (after a second miss, or asked for on an
    /// earlier day and still shown) on a day with no showing recorded yet: that showing is
    /// recorded like an asked-for one, as typing the answer afterwards must not count
    /// towards mastery on that day either.
    pub fn records_showing(self) -> bool {
        self.showing().key && !self.shown_today
    }
}

/// The latest answer to an item as shown above the form to answer again.
#[derive(Debug, Clone)]
pub struct ResultView {
    pub verdict: Verdict,
    pub percent: i64,
    pub lines: Vec<AnswerLine>,
    /// Feedback and general feedback are shown only when `reveal` is set (not while a
    /// limited quiz still has attempts left).
    pub reveal: bool,
    pub feedback: Vec<String>,
    pub general_feedback: Option<String>,
    /// The worked solution, when it may be shown.
    pub solution: Option<String>,
    /// The right answer, line by line, when it may be shown (empty otherwise).
    pub key: Vec<AnswerLine>,
    /// Whether the "show the answer" button is offered.
    pub can_ask: bool,
}

/// A score in 0..=1 as a whole percentage.
pub fn percent(score: f64) -> i64 {
    (score.clamp(0.0, 1.0) * 100.0).round() as i64
}

impl ResultView {
    /// The result of `response` to `item` (with its key, read only when `showing.key`).
    pub fn new(
        page: &PageCtx,
        (item, public): (&Item, &PublicItem),
        response: &Response,
        correction: &Correction,
        showing: Showing,
    ) -> ResultView {
        let key = if showing.key {
            key_lines(page, item)
        } else {
            Vec::new()
        };
        ResultView {
            verdict: Verdict::of(correction),
            percent: percent(correction.score),
            lines: answer_lines(page, &public.kind, response, &correction.parts),
            reveal: showing.feedback,
            feedback: correction.feedback.clone(),
            general_feedback: correction.general_feedback.clone(),
            solution: correction.solution.clone().filter(|_| showing.solution),
            key,
            can_ask: showing.can_ask,
        }
    }

    /// Whether there is any feedback to show as a hint.
    pub fn has_feedback(&self) -> bool {
        !self.feedback.is_empty() || self.general_feedback.is_some()
    }
}

/// The right answer of `item` as lines like the pupil's own answer's (also carried to the
/// phone in a saved lesson's bundle, which shows it by the same rule).
pub(crate) fn key_lines(page: &PageCtx, item: &Item) -> Vec<AnswerLine> {
    item.right_answer()
        .into_iter()
        .map(|l| {
            let label = match l.label {
                KeyLabel::Whole => String::new(),
                KeyLabel::Blank(n) => page.t1("exercise-blank-label", "number", n),
                KeyLabel::Position(n) => page.t1("exercise-position-label", "number", n),
                KeyLabel::Prompt(text) => text,
            };
            let text = match l.text {
                KeyText::Text(text) => text,
                KeyText::Bool(true) => page.t("exercise-true"),
                KeyText::Bool(false) => page.t("exercise-false"),
            };
            line(label, text, None)
        })
        .collect()
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
    fn the_answer_waits_for_a_second_miss_or_a_request_and_quizzes_keep_theirs() {
        let practice = |correct, misses, shown_since_answer| HelpState {
            limited: false,
            attempts_left: true,
            correct,
            misses,
            shown_since_answer,
            shown_today: shown_since_answer,
        };
        let show = |feedback, solution, key, can_ask| Showing {
            feedback,
            solution,
            key,
            can_ask,
        };
        // (state, showing, whether drawing it records a showing)
        let table = [
            (
                practice(false, 1, false),
                show(true, false, false, true),
                false,
            ),
            (
                practice(false, 2, false),
                show(true, true, true, false),
                true,
            ),
            (
                practice(false, 2, true),
                show(true, true, true, false),
                false,
            ),
            (
                practice(false, 1, true),
                show(true, true, true, false),
                false,
            ),
            // Asked for yesterday and still shown today: today's showing is recorded.
            (
                HelpState {
                    shown_today: false,
                    ..practice(false, 1, true)
                },
                show(true, true, true, false),
                true,
            ),
            (
                practice(true, 0, false),
                show(true, true, false, false),
                false,
            ),
            (
                practice(true, 0, true),
                show(true, true, false, false),
                false,
            ),
        ];
        for (state, showing, by_misses) in table {
            assert_eq!(state.showing(), showing, "{state:?}");
            assert_eq!(state.records_showing(), by_misses, "{state:?}");
        }
        for misses in 0..4 {
            for attempts_left in [true, false] {
                let quiz = HelpState {
                    limited: true,
                    attempts_left,
                    ..practice(false, misses, misses % 2 == 0)
                };
                let done = !attempts_left;
                assert_eq!(quiz.showing(), show(done, done, false, false), "{quiz:?}");
                assert!(!quiz.records_showing());
            }
        }
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
