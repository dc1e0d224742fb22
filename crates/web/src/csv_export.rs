//! Every CSV file the platform writes is made here, so that each cell is made inert in one
//! place: names, titles and translations all reach spreadsheets that run formulas.
//!
//! Following OWASP's guidance on CSV injection:
//! - a cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-` or `@`,
//!   also after leading whitespace, or starting with a tab or carriage return) gets a `'`
//!   in front, which spreadsheets read as "this is text" and do not show;
//! - every cell is quoted, so that a `;` inside a cell cannot start a new cell for a
//!   spreadsheet that splits on `;` (French-language Excel does) and put a formula there.
//!
//! A cell that is only a number (`-3`, `+2.5`) is left as it is: it cannot be a formula, and
//! its sign keeps it a number that spreadsheets can sum.
//!
//! Bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069)
//! are removed: in a spreadsheet they make a cell show its text in another order than it
//! holds (a name "Sara", U+202E, "cod.exe" shows as "Sara exe.doc"), and no name needs them.
//!
//! XLSX exports write every value as a string cell, which is never evaluated.

use std::borrow::Cow;

use crate::error::{AppError, AppResult};

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// A cell as it is written: bidi controls removed, a would-be formula made text.
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    let value = if value.contains(is_bidi_control) {
        Cow::Owned(value.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(value)
    };
    if is_formula(&value) {
        Cow::Owned(format!("'{value}"))
    } else {
        value
    }
}

/// A whole CSV file: a byte-order mark (so that spreadsheets read the Arabic as UTF-8),
/// then each row, every cell through [`csv_cell`] and quoted.
pub fn csv_file<R, C>(rows: impl IntoIterator<Item = R>) -> AppResult<Vec<u8>>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let internal = |e: csv::Error| AppError::internal(e);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(&mut out);
        for row in rows {
            let cells: Vec<String> = row
                .into_iter()
                .map(|c| csv_cell(c.as_ref()).into_owned())
                .collect();
            writer.write_record(&cells).map_err(internal)?;
        }
        writer.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_formula(value: &str) -> bool {
    if value.starts_with(['\t', '\r']) {
        return true;
    }
    value.trim_start().starts_with(FORMULA_START) && !is_number(value)
}

/// Only a sign, digits and at most one decimal point: what our own figures look like.
fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for (raw, written) in [
            (
                r#"=HYPERLINK("http://evil","x")"#,
                r#"'=HYPERLINK("http://evil","x")"#,
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\rabc", "'\rabc"),
            ("  =1+1", "'  =1+1"),
            ("\u{a0}=1+1", "'\u{a0}=1+1"),
            ("\u{202e}=1+1", "'=1+1"),
            ("-", "'-"),
            ("-1e3", "'-1e3"),
            ("-.5", "'-.5"),
        ] {
            assert_eq!(csv_cell(raw), written, "{raw:?}");
        }
    }

    #[test]
    fn text_and_numbers_stay_as_they_are() {
        for value in [
            "Yasmine El Idrissi",
            "ياسمين الإدريسي",
            "a=b",
            "",
            "12",
            "-3",
            "+2.5",
            "-0.75",
            "—",
            "26%",
        ] {
            assert_eq!(csv_cell(value), value);
        }
    }

    #[test]
    fn bidi_controls_are_removed() {
        assert_eq!(
            csv_cell("Sara \u{202e}cod.exe\u{202c} \u{2066}x\u{2069}\u{202a}\u{202b}\u{202d}\u{2067}\u{2068}"),
            "Sara cod.exe x"
        );
        // Marks (not overrides) are kept: Arabic text may need them.
        assert_eq!(csv_cell("a\u{200f}b"), "a\u{200f}b");
    }

    #[test]
    fn files_quote_every_cell() {
        let file = csv_file([["name", "n"], ["x;=1+1", "3"], ["=1", ""]]).unwrap();
        assert_eq!(
            String::from_utf8(file).unwrap(),
            "\u{feff}\"name\",\"n\"\n\"x;=1+1\",\"3\"\n\"'=1\",\"\"\n"
        );
    }
}
