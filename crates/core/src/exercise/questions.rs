//! A question file of either format teachers bring: Moodle GIFT or Moodle XML, told apart
//! by their start (an XML file starts with `<?xml` or `<quiz`; a GIFT file cannot start a
//! question with either).

use super::file_error::{FileError, Reason};
use super::gift::{self, ParsedQuestion};
use super::xml::{self, Skipped};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionFormat {
    Gift,
    MoodleXml,
}

impl QuestionFormat {
    /// Which format `bytes` are in.
    pub fn sniff(bytes: &[u8]) -> QuestionFormat {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let head = bytes.get(start..).unwrap_or_default();
        if head.starts_with(b"<?xml") || head.starts_with(b"<quiz") {
            QuestionFormat::MoodleXml
        } else {
            QuestionFormat::Gift
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QuestionFormat::Gift => "GIFT",
            QuestionFormat::MoodleXml => "Moodle XML",
        }
    }
}

/// Why a question file was refused: its line, a stable code (shared by both formats where
/// the meaning is the same), the named values a translated message quotes (`value`, the
/// value at fault as written; for grades also `nearest` and `question`), and the parser's
/// English detail (for the command line and logs, never for a page).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} line {line}: {detail}", format.name())]
pub struct QuestionFileError {
    pub format: QuestionFormat,
    pub line: usize,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub detail: String,
}

/// Reads every question of a GIFT or Moodle XML file, or the first problem.
pub fn parse_question_file(
    bytes: &[u8],
) -> Result<(QuestionFormat, Vec<ParsedQuestion>), QuestionFileError> {
    parse_question_file_skipping(bytes, false).map(|(format, questions, _)| (format, questions))
}

/// [`parse_question_file`]; with `skip_unsupported`, the questions of a type Lawha has no
/// item for (a Moodle bank's essay) are left out and listed instead of refusing the file.
/// All or nothing stays the default: the author asks for this after seeing the refusal.
pub fn parse_question_file_skipping(
    bytes: &[u8],
    skip_unsupported: bool,
) -> Result<(QuestionFormat, Vec<ParsedQuestion>, Vec<Skipped>), QuestionFileError> {
    let format = QuestionFormat::sniff(bytes);
    let parsed = match format {
        QuestionFormat::Gift => gift::parse_gift_bytes(bytes)
            .map(|questions| (questions, Vec::new()))
            .map_err(|e| refusal(format, &e)),
        QuestionFormat::MoodleXml if skip_unsupported => {
            xml::parse_moodle_xml_skipping(bytes).map_err(|e| refusal(format, &e))
        }
        QuestionFormat::MoodleXml => xml::parse_moodle_xml(bytes)
            .map(|questions| (questions, Vec::new()))
            .map_err(|e| refusal(format, &e)),
    };
    parsed.map(|(questions, skipped)| (format, questions, skipped))
}

fn refusal<R: Reason + std::fmt::Display>(
    format: QuestionFormat,
    e: &FileError<R>,
) -> QuestionFileError {
    QuestionFileError {
        format,
        line: e.line,
        code: e.code(),
        args: e.args(),
        detail: e.reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_are_recognised() {
        let (format, questions) =
            parse_question_file(b"::a:: Vrai ? {T}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((format, questions.len()), (QuestionFormat::Gift, 1));
        let xml = "\u{FEFF}<?xml version=\"1.0\"?>\n<quiz><question type=\"truefalse\">\
                   <questiontext><text>Vrai ?</text></questiontext>\
                   <answer fraction=\"100\"><text>true</text></answer>\
                   <answer fraction=\"0\"><text>false</text></answer></question></quiz>";
        let (format, questions) =
            parse_question_file(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((format, questions.len()), (QuestionFormat::MoodleXml, 1));
    }

    #[test]
    fn errors_say_format_line_and_code() {
        let err = parse_question_file(b"<quiz>\n<question type=\"essay\"/></quiz>").err();
        let err = err.unwrap_or_else(|| panic!("accepted"));
        assert_eq!(
            (err.format, err.line, err.code),
            (QuestionFormat::MoodleXml, 2, "unsupported-type")
        );
        assert_eq!(
            err.to_string(),
            "Moodle XML line 2: question type 'essay' is not supported"
        );
        let err = parse_question_file(b"::a:: {=x")
            .err()
            .map(|e| (e.format, e.code));
        assert_eq!(err, Some((QuestionFormat::Gift, "unclosed-brace")));
    }

    #[test]
    fn unsupported_questions_are_skipped_only_when_asked() {
        let bank = b"<quiz>\n<question type=\"essay\"><questiontext><text>E</text></questiontext>\
                     </question>\n<question type=\"truefalse\"><questiontext><text>V ?</text>\
                     </questiontext><answer fraction=\"100\"><text>true</text></answer>\
                     <answer fraction=\"0\"><text>false</text></answer></question></quiz>";
        let refused = parse_question_file(bank).err().map(|e| (e.line, e.code));
        assert_eq!(
            refused,
            Some((2, "unsupported-type")),
            "all or nothing by default"
        );
        let (_, questions, skipped) =
            parse_question_file_skipping(bank, true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(questions.len(), 1);
        assert_eq!(
            skipped,
            vec![Skipped {
                line: 2,
                kind: "essay".into()
            }]
        );
        // Other problems still refuse the file.
        let bad = b"<quiz>\n<question type=\"essay\"/>\n<question type=\"truefalse\"/></quiz>";
        let err = parse_question_file_skipping(bad, true)
            .err()
            .map(|e| e.code);
        assert_eq!(err, Some("no-correct-answer"));
    }

    #[test]
    fn errors_carry_the_value_at_fault_not_a_sentence() {
        let value = |bytes: &[u8]| {
            let args = parse_question_file(bytes).err().map(|e| e.args);
            args.and_then(|args| args.into_iter().find(|(name, _)| *name == "value"))
                .map(|(_, value)| value)
        };
        assert_eq!(
            value(b"<quiz>\n<question type=\"essay\"/></quiz>").as_deref(),
            Some("essay")
        );
        assert_eq!(value(b"Q {~%3x%a =b}").as_deref(), Some("3x"));
        assert_eq!(value(b"Q {=a").as_deref(), None);
        assert_eq!(
            value(b"<quiz><a></quiz>"),
            None,
            "the XML parser's words stay out"
        );
    }
}
