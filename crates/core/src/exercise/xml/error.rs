//! Why a Moodle XML file was refused, and where.

use thiserror::Error;

use crate::exercise::file_error::{FileError, FileLimit, NotAGrade, Reason};

/// The first problem found in a Moodle XML file; nothing of the file is imported.
pub type XmlError = FileError<XmlReason>;

/// What is wrong; [`Reason::code`] is stable, the message is English detail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XmlReason {
    #[error(transparent)]
    File(#[from] FileLimit),
    #[error("not well-formed XML: {0}")]
    Malformed(String),
    #[error("document type declarations are not accepted")]
    Doctype,
    #[error("the root element is <{0}>, not <quiz>")]
    NotAQuiz(String),
    #[error("question type '{0}' is not supported")]
    UnsupportedType(String),
    #[error("the question has no text")]
    NoQuestionText,
    #[error("an answer has no text")]
    EmptyAnswer,
    #[error("this kind of question needs at least {min} answers")]
    TooFewAnswers { min: usize },
    #[error("no answer gives any credit")]
    NoCorrectAnswer,
    #[error("bad fraction '{0}': write a number between -100 and 100")]
    BadFraction(String),
    #[error("bad number '{0}'")]
    BadNumber(String),
    /// A weight that is not one of Moodle's grades ([`crate::exercise::grade`]); Moodle
    /// refuses it too. `question` is filled in once the question's name is known.
    #[error("question '{}': {} is not one of Moodle's grades (nearest: {})", .0.question, .0.written, .0.nearest)]
    NotAGrade(NotAGrade),
}

impl Reason for XmlReason {
    /// A stable key for the interface to translate; shared with the GIFT reasons where the
    /// meaning is the same.
    fn code(&self) -> &'static str {
        match self {
            XmlReason::File(limit) => limit.code(),
            XmlReason::Malformed(_) => "malformed-xml",
            XmlReason::Doctype => "doctype",
            XmlReason::NotAQuiz(_) => "not-a-quiz",
            XmlReason::UnsupportedType(_) => "unsupported-type",
            XmlReason::NoQuestionText => "no-question-text",
            XmlReason::EmptyAnswer => "empty-answer",
            XmlReason::TooFewAnswers { .. } => "too-few-answers",
            XmlReason::NoCorrectAnswer => "no-correct-answer",
            XmlReason::BadFraction(_) => "bad-weight",
            XmlReason::BadNumber(_) => "bad-number",
            XmlReason::NotAGrade(_) => "not-a-grade",
        }
    }

    /// Not the XML parser's message: it is English, and the line already says where.
    fn value(&self) -> Option<String> {
        match self {
            XmlReason::NotAGrade(grade) => Some(grade.written.clone()),
            XmlReason::File(limit) => limit.value(),
            XmlReason::NotAQuiz(name) | XmlReason::UnsupportedType(name) => Some(name.clone()),
            XmlReason::TooFewAnswers { min } => Some(min.to_string()),
            XmlReason::BadFraction(written) | XmlReason::BadNumber(written) => {
                Some(written.clone())
            }
            XmlReason::Malformed(_)
            | XmlReason::Doctype
            | XmlReason::NoQuestionText
            | XmlReason::EmptyAnswer
            | XmlReason::NoCorrectAnswer => None,
        }
    }

    fn not_a_grade(&self) -> Option<&NotAGrade> {
        match self {
            XmlReason::NotAGrade(grade) => Some(grade),
            _ => None,
        }
    }

    fn not_a_grade_mut(&mut self) -> Option<&mut NotAGrade> {
        match self {
            XmlReason::NotAGrade(grade) => Some(grade),
            _ => None,
        }
    }
}
