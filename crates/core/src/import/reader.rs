//! From bytes to trimmed records with their line numbers: encoding, delimiter, CSV syntax.

use super::{codes, RowError};

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// One non-empty line (or quoted multi-line record) of the file.
#[derive(Debug)]
pub(super) struct Record {
    /// 1-based line number where the record starts.
    pub(super) row: usize,
    /// Every field, trimmed.
    pub(super) fields: Vec<String>,
}

/// Strips a UTF-8 BOM and checks the rest is UTF-8.
///
/// The whole file is checked up front: a file saved as Latin-1 or UTF-16 would otherwise
/// surface as garbled names row after row.
pub(super) fn decode(bytes: &[u8]) -> Result<&str, RowError> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let row = 1 + body[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let utf16 = body.starts_with(b"\xff\xfe") || body.starts_with(b"\xfe\xff");
        let detail = if utf16 {
            "the file is UTF-16; save it as \"CSV UTF-8\""
        } else {
            "the file is not UTF-8; save it as \"CSV UTF-8\""
        };
        RowError::new(row, None, codes::NOT_UTF8).with_detail(detail)
    })
}

/// Picks `;` when the header line has more semicolons than commas (outside quotes), as
/// Excel writes in French locales; `,` otherwise.
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The records of a decoded file, skipping lines whose every field is empty (blank lines,
/// and the `;;;;` lines spreadsheets write for empty rows).
pub(super) fn records(text: &str) -> Records<'_> {
    let inner = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(text))
        .from_reader(text.as_bytes())
        .into_records();
    Records {
        inner,
        text,
        newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
    }
}

/// Iterator over a file's records; see [`records`].
pub(super) struct Records<'a> {
    inner: csv::StringRecordsIntoIter<&'a [u8]>,
    text: &'a str,
    /// Byte offsets of every `\n`, to turn a record's byte offset into a line number.
    newlines: Vec<usize>,
}

impl Records<'_> {
    /// The line a record starting at `byte` is on. The reader reports the offset just
    /// after the previous record, which may be before the `\n` of a CRLF or before blank
    /// lines, so line breaks are skipped first.
    fn line_at(&self, byte: u64) -> usize {
        let start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let skipped = self.text[start..]
            .bytes()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let at = start + skipped;
        1 + self.newlines.partition_point(|&n| n < at)
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = match self.inner.next()? {
                Ok(record) => record,
                Err(e) => {
                    let row = e.position().map_or(1, |p| self.line_at(p.byte()));
                    let error =
                        RowError::new(row, None, codes::MALFORMED_CSV).with_detail(&e.to_string());
                    return Some(Err(error));
                }
            };
            let row = record.position().map_or(1, |p| self.line_at(p.byte()));
            let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
            if fields.iter().all(String::is_empty) {
                continue;
            }
            // No field of these files may hold a line break, so one means a quote was
            // left open and swallowed the lines after it.
            if fields.iter().any(|f| f.contains(['\n', '\r'])) {
                let error = RowError::new(row, None, codes::MALFORMED_CSV).with_detail(
                    "a quoted value runs over several lines; check for a missing closing quote",
                );
                return Some(Err(error));
            }
            return Some(Ok(Record { row, fields }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        records(text)
            .map(|r| match r {
                Ok(r) => (r.row, r.fields),
                Err(e) => panic!("unexpected error {e}"),
            })
            .collect()
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let got = rows("a,b\r\n1,2\r\n\r\n,,\r\n 3 , 4 \r\n");
        let lines: Vec<usize> = got.iter().map(|(row, _)| *row).collect();
        assert_eq!(lines, vec![1, 2, 5]);
        assert_eq!(got[2].1, vec!["3".to_string(), "4".to_string()]);
    }

    #[test]
    fn delimiter_is_detected_from_the_header_line_only() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("\n\na,b;c,d\n"), b',');
        assert_eq!(detect_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(""), b',');
    }

    #[test]
    fn not_utf8_reports_the_line() {
        match decode(b"\xef\xbb\xbfa,b\n1,2\n3,\xe9\n") {
            Err(e) => assert_eq!((e.row, e.code), (3, codes::NOT_UTF8)),
            Ok(text) => panic!("decoded {text:?}"),
        }
        assert_eq!(decode(b"\xef\xbb\xbfa,b").ok(), Some("a,b"));
    }
}
