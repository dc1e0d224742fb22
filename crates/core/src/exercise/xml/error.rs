//! Why a Moodle XML file was refused, and where.

use thiserror::Error;

/// The first problem found in a Moodle XML file; nothing of the file is imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {reason}")]
pub struct XmlError {
    /// 1-based line of the problem.
    pub line: usize,
    pub reason: XmlReason,
}

impl XmlError {
    pub(crate) fn new(line: usize, reason: XmlReason) -> Self {
        XmlError { line, reason }
    }

    /// The stable code of the reason, for the interface to translate.
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }
}

/// What is wrong; [`XmlReason::code`] is stable, the message is English detail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XmlReason {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    #[error("the file has more than {limit} questions")]
    TooManyQuestions { limit: usize },
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
}

impl XmlReason {
    /// A stable key for the interface to translate; shared with the GIFT reasons where the
    /// meaning is the same.
    pub fn code(&self) -> &'static str {
        match self {
            XmlReason::TooLarge { .. } => "too-large",
            XmlReason::NotUtf8 => "not-utf8",
            XmlReason::TooManyQuestions { .. } => "too-many-questions",
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
        }
    }
}
