//! Parsing and validating the CSV files schools export: classes, pupils and teachers.
//!
//! This module owns the file format and its checks, nothing else: bytes in, validated rows
//! (or every problem found) out. Matching rows against the database and writing them is the
//! store's job.
//!
//! What is accepted, because it is what schools' tools produce:
//! - UTF-8, with or without a BOM (anything else is refused with `not-utf8`);
//! - `,` or `;` as delimiter, detected from the header line (Excel writes `;` in French
//!   locales), with `"` quoting;
//! - a header row naming the columns canonically (see [`template_header`]) or with the
//!   French names schools use (`code_etablissement`, `classe`, `niveau`, `année scolaire`,
//!   `code élève`/`code massar`, `nom`, `prénom`, `courriel`, `langue`, `matière`…), in any
//!   order, ignoring case, accents, spaces, underscores and hyphens;
//! - at most [`MAX_ROWS`] data rows; blank lines (and lines of bare delimiters) are skipped.
//!
//! Unknown header names are refused rather than ignored, so a typo in a header cannot
//! silently drop a column. Every problem is collected (up to [`MAX_ERRORS`]) so a school
//! can fix its file in one go.

mod columns;
mod reader;
pub(crate) mod rows;

use std::fmt;

use serde::Serialize;

use self::columns::{Column, Header};
use self::rows::{read_all, ClassReader, PupilReader, TeacherReader};

/// Most data rows a file may have.
pub const MAX_ROWS: usize = 50_000;

/// Most errors reported for one file; past it a final `too-many-errors` entry is added.
pub const MAX_ERRORS: usize = 1_000;

/// The stable codes a [`RowError`] can carry; the interface translates them.
pub mod codes {
    /// A required value is empty (from [`crate::validate`]).
    pub const REQUIRED: &str = "required";
    /// A name is longer than [`crate::validate::MAX_NAME_CHARS`] (from [`crate::validate`]).
    pub const TOO_LONG: &str = "too-long";
    /// A name holds control characters (from [`crate::validate`]).
    pub const INVALID_CHARACTERS: &str = "invalid-characters";
    /// An e-mail address is malformed (from [`crate::validate`]).
    pub const INVALID_EMAIL: &str = "invalid-email";
    /// A pupil code is malformed (from [`crate::validate`]).
    pub const INVALID_PUPIL_CODE: &str = "invalid-pupil-code";
    /// A school code is malformed (from [`crate::validate`]).
    pub const INVALID_CODE: &str = "invalid-code";
    /// A school year is not written `2025-2026` (from [`crate::validate`]).
    pub const INVALID_SCHOOL_YEAR: &str = "invalid-school-year";
    /// `level_code` is neither a school level nor a programme.
    pub const UNKNOWN_LEVEL: &str = "unknown-level";
    /// `subject` is not in the subject list.
    pub const UNKNOWN_SUBJECT: &str = "unknown-subject";
    /// `locale` is neither `ar` nor `fr`.
    pub const INVALID_LOCALE: &str = "invalid-locale";
    /// The same pupil, teacher or class appears on an earlier row.
    pub const DUPLICATE_IN_FILE: &str = "duplicate-in-file";
    /// A header cell names no column of this kind of file.
    pub const UNKNOWN_COLUMN: &str = "unknown-column";
    /// A required column is absent from the header.
    pub const MISSING_COLUMN: &str = "missing-column";
    /// Two header cells name the same column.
    pub const DUPLICATE_COLUMN: &str = "duplicate-column";
    /// The file is not UTF-8.
    pub const NOT_UTF8: &str = "not-utf8";
    /// The file has no header, or no data rows under it.
    pub const EMPTY_FILE: &str = "empty-file";
    /// The file has more than [`super::MAX_ROWS`] data rows.
    pub const TOO_MANY_ROWS: &str = "too-many-rows";
    /// More than [`super::MAX_ERRORS`] errors were found; the rest were not listed.
    pub const TOO_MANY_ERRORS: &str = "too-many-errors";
    /// The CSV itself is broken: a value outside the columns, or an unclosed quote.
    pub const MALFORMED_CSV: &str = "malformed-csv";
    /// The row's e-mail or pupil code names an account holding a role outside the
    /// importer's admin scopes (found when the store plans or applies the file).
    pub const ACCOUNT_OUT_OF_SCOPE: &str = "account-out-of-scope";
    /// The account a row names appeared, or changed, between the preview and applying it:
    /// the file must be previewed again (found when the store applies the file).
    pub const ACCOUNT_CHANGED: &str = "account-changed";
}

/// The kinds of file schools import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Classes,
    Pupils,
    Teachers,
}

impl ImportKind {
    pub const ALL: [ImportKind; 3] = [
        ImportKind::Classes,
        ImportKind::Pupils,
        ImportKind::Teachers,
    ];

    /// The stable name used in URLs, forms and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Classes => "classes",
            ImportKind::Pupils => "pupils",
            ImportKind::Teachers => "teachers",
        }
    }

    /// The kind named by [`ImportKind::as_str`], ignoring case and surrounding spaces.
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim();
        ImportKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line number in the file; the header is row 1.
    pub row: usize,
    /// The canonical name of the column at fault, when there is one.
    pub column: Option<String>,
    /// A stable code, one of [`codes`].
    pub code: &'static str,
    /// The offending value as written (a header cell for `unknown-column`); for the
    /// file-level codes `not-utf8`, `empty-file`, `too-many-rows`, `too-many-errors` and
    /// `malformed-csv`, a short explanation in English instead.
    pub detail: Option<String>,
    /// For `duplicate-in-file`: the row where the same value first appears.
    pub earlier_row: Option<usize>,
}

impl RowError {
    fn new(row: usize, column: Option<Column>, code: &'static str) -> Self {
        RowError {
            row,
            column: column.map(|c| c.name().to_string()),
            code,
            detail: None,
            earlier_row: None,
        }
    }

    fn with_detail(mut self, detail: &str) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    /// Whether `detail` is an explanation rather than the offending value.
    fn detail_is_explanation(&self) -> bool {
        [
            codes::NOT_UTF8,
            codes::EMPTY_FILE,
            codes::TOO_MANY_ROWS,
            codes::TOO_MANY_ERRORS,
            codes::MALFORMED_CSV,
        ]
        .contains(&self.code)
    }
}

impl fmt::Display for RowError {
    /// E.g. `row 4, column pupil_code: invalid-pupil-code (value: 12AB)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.code)?;
        let mut notes = Vec::new();
        match &self.detail {
            Some(detail) if self.detail_is_explanation() => notes.push(detail.clone()),
            Some(value) => notes.push(format!("value: {value}")),
            None => {}
        }
        if let Some(earlier) = self.earlier_row {
            notes.push(format!("first on row {earlier}"));
        }
        if !notes.is_empty() {
            write!(f, " ({})", notes.join("; "))?;
        }
        Ok(())
    }
}

impl std::error::Error for RowError {}

/// What a class is taught at: a school level, or a vocational/preparatory programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "lowercase")]
pub enum ClassLevel {
    /// A canonical code from [`crate::reference::levels`], e.g. `1AC`.
    Level(String),
    /// A canonical code from [`crate::reference::programmes`], e.g. `CPGE-MPSI`.
    Programme(String),
}

impl ClassLevel {
    /// The canonical code, whichever list it comes from.
    pub fn code(&self) -> &str {
        match self {
            ClassLevel::Level(code) | ClassLevel::Programme(code) => code,
        }
    }
}

/// A validated line of a classes file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRow {
    /// Line number in the file.
    pub row: usize,
    pub school_code: String,
    pub class_name: String,
    pub level: ClassLevel,
    pub school_year: String,
}

/// A validated line of a pupils file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PupilRow {
    /// Line number in the file.
    pub row: usize,
    pub school_code: String,
    pub class_name: String,
    pub school_year: String,
    /// Upper-cased.
    pub pupil_code: String,
    /// `first_name last_name`.
    pub display_name: String,
    pub locale: Option<crate::Locale>,
    /// Lower-cased.
    pub parent_email: Option<String>,
}

/// A validated line of a teachers file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeacherRow {
    /// Line number in the file.
    pub row: usize,
    pub school_code: String,
    /// Lower-cased.
    pub email: String,
    /// `first_name last_name`.
    pub display_name: String,
    pub school_year: String,
    /// Class names, without repeats; empty when the column is absent or empty.
    pub classes: Vec<String>,
    /// A canonical code from [`crate::reference::subjects`].
    pub subject: Option<String>,
}

/// The rows of a file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "rows", rename_all = "lowercase")]
pub enum ParsedImport {
    Classes(Vec<ClassRow>),
    Pupils(Vec<PupilRow>),
    Teachers(Vec<TeacherRow>),
}

impl ParsedImport {
    pub fn kind(&self) -> ImportKind {
        match self {
            ParsedImport::Classes(_) => ImportKind::Classes,
            ParsedImport::Pupils(_) => ImportKind::Pupils,
            ParsedImport::Teachers(_) => ImportKind::Teachers,
        }
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        match self {
            ParsedImport::Classes(rows) => rows.len(),
            ParsedImport::Pupils(rows) => rows.len(),
            ParsedImport::Teachers(rows) => rows.len(),
        }
    }

    /// Always false for a successful parse (an empty file is an error); kept for symmetry
    /// with [`ParsedImport::len`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Parses and validates a whole file; returns every problem found (not just the first),
/// sorted by row then column.
pub fn parse(kind: ImportKind, bytes: &[u8]) -> Result<ParsedImport, Vec<RowError>> {
    let text = reader::decode(bytes).map_err(|e| vec![e])?;
    let mut records = reader::records(text);
    let header_record = match records.next() {
        Some(Ok(record)) => record,
        Some(Err(error)) => return Err(vec![error]),
        None => {
            let error = RowError::new(1, None, codes::EMPTY_FILE).with_detail("the file is empty");
            return Err(vec![error]);
        }
    };
    let header_row = header_record.row;
    let header = Header::read(kind, header_row, &header_record.fields)?;
    match kind {
        ImportKind::Classes => read_all(kind, header_row, &header, records, ClassReader::default())
            .map(ParsedImport::Classes),
        ImportKind::Pupils => read_all(kind, header_row, &header, records, PupilReader::default())
            .map(ParsedImport::Pupils),
        ImportKind::Teachers => {
            read_all(kind, header_row, &header, records, TeacherReader::default())
                .map(ParsedImport::Teachers)
        }
    }
}

/// The header line a template file should have (canonical names), for a "download
/// template" link and docs.
pub fn template_header(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Classes => "school_code,class_name,level_code,school_year",
        ImportKind::Pupils => {
            "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email"
        }
        ImportKind::Teachers => {
            "school_code,email,last_name,first_name,school_year,classes,subject"
        }
    }
}

#[cfg(test)]
mod tests;
