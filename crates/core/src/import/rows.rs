//! Row-by-row validation of each kind of file, collecting every problem.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::Hash;

use super::columns::{rank, Column, Header};
use super::reader::Record;
use super::{codes, ClassLevel, ImportKind, RowError, MAX_ERRORS, MAX_ROWS};
use crate::reference;
use crate::validate::FieldError;
use crate::Locale;

mod kinds;
pub(super) use self::kinds::{ClassReader, PupilReader, TeacherReader};

/// The errors found so far, up to [`MAX_ERRORS`].
pub(super) struct Report {
    kind: ImportKind,
    errors: Vec<RowError>,
    /// The row of the first error that did not fit.
    overflow_row: Option<usize>,
}

impl Report {
    pub(super) fn new(kind: ImportKind) -> Self {
        Report {
            kind,
            errors: Vec::new(),
            overflow_row: None,
        }
    }

    fn push(&mut self, error: RowError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
        } else if self.overflow_row.is_none() {
            self.overflow_row = Some(error.row);
        }
    }

    fn is_full(&self) -> bool {
        self.overflow_row.is_some()
    }

    /// `Ok(value)` when nothing was found, else every error sorted by row then by the
    /// column's place in the template, with a final `too-many-errors` if some were dropped.
    fn finish<T>(mut self, value: T) -> Result<T, Vec<RowError>> {
        if self.errors.is_empty() {
            return Ok(value);
        }
        let kind = self.kind;
        self.errors
            .sort_by_key(|e| (e.row, rank(kind, e.column.as_deref())));
        if let Some(row) = self.overflow_row {
            let detail =
                format!("stopped after {MAX_ERRORS} errors; fix these and upload the file again");
            self.errors
                .push(RowError::new(row, None, codes::TOO_MANY_ERRORS).with_detail(&detail));
        }
        Err(self.errors)
    }
}

/// Turns one record into a validated row of some kind, remembering what it needs to spot
/// duplicates in later rows.
pub(super) trait RowReader {
    type Row;
    /// The row, or `None` once at least one error has been reported through `cells`.
    fn read(&mut self, cells: &mut Cells<'_>) -> Option<Self::Row>;
}

/// Reads every data record after the header.
pub(super) fn read_all<R: RowReader>(
    kind: ImportKind,
    header_row: usize,
    header: &Header,
    records: impl Iterator<Item = Result<Record, RowError>>,
    mut reader: R,
) -> Result<Vec<R::Row>, Vec<RowError>> {
    let mut report = Report::new(kind);
    let mut rows = Vec::new();
    let mut data_rows = 0usize;
    for record in records {
        let row = record.as_ref().map_or_else(|e| e.row, |r| r.row);
        data_rows += 1;
        // Refused outright: such a file has to be split anyway, and each part will be
        // checked on its own upload.
        if data_rows > MAX_ROWS {
            let detail = format!("at most {MAX_ROWS} data rows per file; split the file");
            return Err(vec![
                RowError::new(row, None, codes::TOO_MANY_ROWS).with_detail(&detail)
            ]);
        }
        match record {
            Err(error) => report.push(error),
            Ok(record) => {
                if let Some(error) = stray_value(header, &record) {
                    report.push(error);
                } else {
                    let mut cells = Cells {
                        row: record.row,
                        header,
                        record: &record,
                        report: &mut report,
                    };
                    if let Some(parsed) = reader.read(&mut cells) {
                        rows.push(parsed);
                    }
                }
            }
        }
        if report.is_full() {
            break;
        }
    }
    if data_rows == 0 {
        report.push(
            RowError::new(header_row, None, codes::EMPTY_FILE)
                .with_detail("the file has a header but no data rows"),
        );
    }
    report.finish(rows)
}

/// A value outside the named columns means the fields are shifted, usually by a delimiter
/// inside an unquoted value; checking the row's fields would only add noise.
fn stray_value(header: &Header, record: &Record) -> Option<RowError> {
    let (position, value) = record
        .fields
        .iter()
        .enumerate()
        .find(|(i, f)| !f.is_empty() && !header.is_named(*i))?;
    let detail = format!(
        "value {:?} in field {} is under no column; a value containing the delimiter must be in double quotes",
        truncate(value),
        position + 1
    );
    Some(RowError::new(record.row, None, codes::MALFORMED_CSV).with_detail(&detail))
}

/// One record being read, with where to report its problems.
pub(super) struct Cells<'a> {
    row: usize,
    header: &'a Header,
    record: &'a Record,
    report: &'a mut Report,
}

impl<'a> Cells<'a> {
    /// The trimmed value of a column; empty when the file lacks the (optional) column or
    /// the line stops short of it.
    fn raw(&self, column: Column) -> &'a str {
        let record: &'a Record = self.record;
        self.header
            .position(column)
            .and_then(|i| record.fields.get(i))
            .map_or("", String::as_str)
    }

    fn fail(&mut self, column: Column, code: &'static str, value: &str) {
        let mut error = RowError::new(self.row, Some(column), code);
        if !value.is_empty() {
            error = error.with_detail(&truncate(value));
        }
        self.report.push(error);
    }

    /// Checks a column that must hold a value.
    fn required<T>(
        &mut self,
        column: Column,
        check: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        let raw = self.raw(column);
        match check(raw) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(column, e.code, raw);
                None
            }
        }
    }

    /// Checks a column that may be left empty: `Some(None)` when it is.
    fn optional<T>(
        &mut self,
        column: Column,
        check: impl Fn(&str) -> Result<T, FieldError>,
    ) -> Option<Option<T>> {
        if self.raw(column).is_empty() {
            Some(None)
        } else {
            self.required(column, check).map(Some)
        }
    }

    /// Records `key` as seen on this row; if it was already seen, reports a duplicate
    /// (citing the earlier row) and returns `false`.
    fn first_time<K: Eq + Hash>(
        &mut self,
        seen: &mut HashMap<K, usize>,
        key: K,
        column: Column,
        value: &str,
    ) -> bool {
        match seen.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(self.row);
                true
            }
            Entry::Occupied(first) => {
                let mut error = RowError::new(self.row, Some(column), codes::DUPLICATE_IN_FILE)
                    .with_detail(&truncate(value));
                error.earlier_row = Some(*first.get());
                self.report.push(error);
                false
            }
        }
    }
}

/// Keeps values quoted in errors short enough to read.
fn truncate(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}…")
    }
}

fn display_name(first_name: &str, last_name: &str) -> String {
    format!("{first_name} {last_name}")
}

/// A school level first, then a vocational or preparatory programme.
pub(crate) fn class_level(raw: &str) -> Result<ClassLevel, FieldError> {
    if raw.is_empty() {
        return Err(FieldError::new(codes::REQUIRED));
    }
    if let Some(level) = reference::level(raw) {
        return Ok(ClassLevel::Level(level.code.clone()));
    }
    reference::programme(raw)
        .map(|p| ClassLevel::Programme(p.code.clone()))
        .ok_or(FieldError::new(codes::UNKNOWN_LEVEL))
}

/// A subject code from the reference list, case-insensitive, returned in its canonical case.
pub(crate) fn subject(raw: &str) -> Result<String, FieldError> {
    reference::subjects()
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(raw))
        .map(|s| s.code.clone())
        .ok_or(FieldError::new(codes::UNKNOWN_SUBJECT))
}

/// `ar` or `fr` (regional tags such as `fr-MA` too), or the language's name in French.
fn locale(raw: &str) -> Result<Locale, FieldError> {
    Locale::parse(raw)
        .or_else(|| match super::columns::normalise(raw).as_str() {
            "arabe" => Some(Locale::Ar),
            "francais" => Some(Locale::Fr),
            _ => None,
        })
        .ok_or(FieldError::new(codes::INVALID_LOCALE))
}
