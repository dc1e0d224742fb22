//! Why a GIFT file was refused, and where.

use thiserror::Error;

use crate::exercise::file_error::{FileError, FileLimit, NotAGrade, Reason};

/// The first problem found in a GIFT file; nothing of the file is imported.
pub type GiftError = FileError<GiftReason>;

/// What is wrong; [`Reason::code`] is stable, the message is English detail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GiftReason {
    #[error(transparent)]
    File(#[from] FileLimit),
    #[error("'{{' is not closed by '}}' before the next blank line or '{{'")]
    UnclosedBrace,
    #[error("unexpected '{found}' (write \\{found} for the character itself)")]
    UnexpectedBrace { found: char },
    #[error("the question title '::' is not closed by '::'")]
    UnclosedTitle,
    #[error("the question has no answers between '{{' and '}}' (descriptions are not supported)")]
    NoAnswerBlock,
    #[error("the answer block is empty (essay questions are not supported)")]
    EmptyAnswerSet,
    #[error("an answer has no text")]
    EmptyAnswer,
    #[error("this kind of question needs at least {min} answers")]
    TooFewAnswers { min: usize },
    #[error("no answer gives any credit")]
    NoCorrectAnswer,
    #[error("bad weight '{0}': write %n% with n between -100 and 100")]
    BadWeight(String),
    #[error("bad number '{0}'")]
    BadNumber(String),
    /// A weight that is not one of Moodle's grades ([`crate::exercise::grade`]); Moodle
    /// refuses it too. `question` is filled in once the question's name is known.
    #[error(
        "question '{}': %{}% is not one of Moodle's grades (nearest: %{}%)", .0.question, .0.written, .0.nearest
    )]
    NotAGrade(NotAGrade),
    #[error("matching answer '{0}' has no '->'")]
    BadMatchingPair(String),
}

impl Reason for GiftReason {
    /// A stable key for the interface to translate.
    fn code(&self) -> &'static str {
        match self {
            GiftReason::File(limit) => limit.code(),
            GiftReason::UnclosedBrace => "unclosed-brace",
            GiftReason::UnexpectedBrace { .. } => "unexpected-brace",
            GiftReason::UnclosedTitle => "unclosed-title",
            GiftReason::NoAnswerBlock => "no-answer-block",
            GiftReason::EmptyAnswerSet => "empty-answer-set",
            GiftReason::EmptyAnswer => "empty-answer",
            GiftReason::TooFewAnswers { .. } => "too-few-answers",
            GiftReason::NoCorrectAnswer => "no-correct-answer",
            GiftReason::BadWeight(_) => "bad-weight",
            GiftReason::BadNumber(_) => "bad-number",
            GiftReason::NotAGrade(_) => "not-a-grade",
            GiftReason::BadMatchingPair(_) => "bad-matching-pair",
        }
    }

    fn value(&self) -> Option<String> {
        match self {
            GiftReason::NotAGrade(grade) => Some(grade.written.clone()),
            GiftReason::File(limit) => limit.value(),
            GiftReason::UnexpectedBrace { found } => Some(found.to_string()),
            GiftReason::TooFewAnswers { min } => Some(min.to_string()),
            GiftReason::BadWeight(written)
            | GiftReason::BadNumber(written)
            | GiftReason::BadMatchingPair(written) => Some(written.clone()),
            GiftReason::UnclosedBrace
            | GiftReason::UnclosedTitle
            | GiftReason::NoAnswerBlock
            | GiftReason::EmptyAnswerSet
            | GiftReason::EmptyAnswer
            | GiftReason::NoCorrectAnswer => None,
        }
    }

    fn not_a_grade(&self) -> Option<&NotAGrade> {
        match self {
            GiftReason::NotAGrade(grade) => Some(grade),
            _ => None,
        }
    }

    fn not_a_grade_mut(&mut self) -> Option<&mut NotAGrade> {
        match self {
            GiftReason::NotAGrade(grade) => Some(grade),
            _ => None,
        }
    }
}
