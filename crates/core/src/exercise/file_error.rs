//! Why an exercise file (GIFT, Moodle XML) was refused, and where: one error shape for
//! every format, and the file limits they all check before reading a question.

use thiserror::Error;

/// A reason a format refuses a file, with a stable code for the interface to translate.
pub trait Reason {
    fn code(&self) -> &'static str;

    /// The value at fault as written in the file (a weight, a type's name), for the
    /// translated message to quote; never an English sentence.
    fn value(&self) -> Option<String> {
        None
    }

    /// The weight that is not one of Moodle's grades, when that is the reason.
    fn not_a_grade(&self) -> Option<&NotAGrade> {
        None
    }

    /// The same, to name its question once known ([`in_question`]).
    fn not_a_grade_mut(&mut self) -> Option<&mut NotAGrade> {
        None
    }

    /// The named values the translated message quotes: the grade's three, else `value`.
    fn args(&self) -> Vec<(&'static str, String)> {
        if let Some(grade) = self.not_a_grade() {
            return vec![
                ("value", grade.written.clone()),
                ("nearest", grade.nearest.clone()),
                ("question", grade.question.clone()),
            ];
        }
        self.value().map(|v| vec![("value", v)]).unwrap_or_default()
    }
}

/// A weight that is not one of Moodle's grades ([`crate::exercise::grade`]), as written,
/// the nearest grade, and the question (filled in once its name is known, [`in_question`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAGrade {
    pub written: String,
    pub nearest: String,
    pub question: String,
}

/// `err`, naming `question` when it is about a grade (found before the name is known).
pub(crate) fn in_question<R: Reason>(mut err: FileError<R>, name: &str) -> FileError<R> {
    if let Some(grade) = err.reason.not_a_grade_mut() {
        grade.question = name.to_string();
    }
    err
}

/// The first problem found in a file; nothing of the file is imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {reason}")]
pub struct FileError<R> {
    /// 1-based line of the problem.
    pub line: usize,
    pub reason: R,
}

impl<R: Reason> FileError<R> {
    pub(crate) fn new(line: usize, reason: impl Into<R>) -> Self {
        FileError {
            line,
            reason: reason.into(),
        }
    }

    /// The stable code of the reason, for the interface to translate.
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }

    /// The value at fault, for the translated message (see [`Reason::value`]).
    pub fn value(&self) -> Option<String> {
        self.reason.value()
    }

    /// The named values the translated message quotes (see [`Reason::args`]).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        self.reason.args()
    }
}

/// The refusals every format shares: the file as a whole is too big or not text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileLimit {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    #[error("the file has more than {limit} questions")]
    TooManyQuestions { limit: usize },
}

impl Reason for FileLimit {
    fn code(&self) -> &'static str {
        match self {
            FileLimit::TooLarge { .. } => "too-large",
            FileLimit::NotUtf8 => "not-utf8",
            FileLimit::TooManyQuestions { .. } => "too-many-questions",
        }
    }

    fn value(&self) -> Option<String> {
        match self {
            FileLimit::TooLarge { limit } | FileLimit::TooManyQuestions { limit } => {
                Some(limit.to_string())
            }
            FileLimit::NotUtf8 => None,
        }
    }
}

/// Refuses a file of more than `limit` bytes (at line 1: nothing of it is read).
pub(crate) fn within_size<R: Reason + From<FileLimit>>(
    len: usize,
    limit: usize,
) -> Result<(), FileError<R>> {
    if len > limit {
        Err(FileError::new(1, FileLimit::TooLarge { limit }))
    } else {
        Ok(())
    }
}

/// The bytes as text, or [`FileLimit::NotUtf8`] at the line of the first bad byte.
pub(crate) fn utf8_text<R: Reason + From<FileLimit>>(bytes: &[u8]) -> Result<&str, FileError<R>> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        FileError::new(line, FileLimit::NotUtf8)
    })
}
