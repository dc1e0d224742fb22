//! The questions of a set, read from what the author typed or uploaded: Moodle GIFT or
//! Moodle XML (told apart by their start).

use lawha_core::exercise::gift::{ParsedQuestion, MAX_GIFT_BYTES};
use lawha_core::exercise::questions::parse_question_file_skipping;
use lawha_core::exercise::xml::Skipped;

/// Largest text or file accepted.
pub const MAX_BYTES: usize = MAX_GIFT_BYTES;

/// Why the questions were refused: the line, a stable code (translated as
/// `question-error-<code>`) and the named values the message quotes (the value at fault
/// as written…; the parser's English detail stays out of pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub line: usize,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// An uploaded file as text; a file that is not UTF-8 is refused with its line.
pub fn text_of(bytes: &[u8]) -> Result<String, SourceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|err| {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            SourceError {
                line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
                code: "not-utf8",
                args: Vec::new(),
            }
        })
}

/// Reads every question, or reports the first problem; an empty text is a problem too.
/// With `skip_unsupported` (the author's choice after a refusal), questions of a type
/// Lawha has no item for are left out and listed instead.
pub fn parse(
    text: &str,
    skip_unsupported: bool,
) -> Result<(Vec<ParsedQuestion>, Vec<Skipped>), SourceError> {
    let parsed = parse_question_file_skipping(text.as_bytes(), skip_unsupported);
    let (_, questions, skipped) = parsed.map_err(|e| SourceError {
        line: e.line,
        code: e.code,
        args: e.args,
    })?;
    if questions.is_empty() {
        return Err(SourceError {
            line: 1,
            code: "no-questions",
            args: Vec::new(),
        });
    }
    Ok((questions, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gift_and_names_the_line_of_a_problem() {
        let ok = parse("::a:: 1+1 ? {#2}\n\n::b:: Vrai ? {T}", false)
            .map(|(q, _)| q)
            .unwrap_or_default();
        assert_eq!(ok.len(), 2);
        let err = parse("::a:: 1+1 ? {#2}\n\n::b:: bad { =x ~y", false)
            .map(|(q, _)| q)
            .err();
        assert_eq!(err.map(|e| (e.line, e.code)), Some((3, "unclosed-brace")));
        assert_eq!(
            parse("  \n// only a comment\n", false)
                .map(|(q, _)| q)
                .err()
                .map(|e| e.code),
            Some("no-questions")
        );
    }

    #[test]
    fn reads_moodle_xml_too() {
        let xml = "<quiz>\n<question type=\"shortanswer\"><questiontext format=\"html\">\
                   <text><![CDATA[<p>Capitale ?</p>]]></text></questiontext>\
                   <answer fraction=\"100\"><text>Rabat</text></answer></question>\n</quiz>";
        let questions = parse(xml, false).map(|(q, _)| q).unwrap_or_default();
        assert_eq!(questions.len(), 1);
        assert_eq!(questions[0].item.prompt, "Capitale ?");
        let err = parse("<quiz>\n\n<question type=\"cloze\"/></quiz>", false)
            .map(|(q, _)| q)
            .err();
        assert_eq!(err.map(|e| (e.line, e.code)), Some((3, "unsupported-type")));
    }

    #[test]
    fn files_must_be_utf8() {
        assert_eq!(text_of(b"\xEF\xBB\xBFok").ok().as_deref(), Some("ok"));
        let err = text_of(b"line 1\nline 2 \xFF").err();
        assert_eq!(err.map(|e| (e.line, e.code)), Some((2, "not-utf8")));
    }
}
