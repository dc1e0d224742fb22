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
mod tests {
    use super::*;
    use crate::Locale;

    const PUPILS_HEADER: &str =
        "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email";

    fn errors(kind: ImportKind, bytes: &[u8]) -> Vec<RowError> {
        match parse(kind, bytes) {
            Err(errors) => errors,
            Ok(parsed) => panic!("expected errors, got {parsed:?}"),
        }
    }

    /// (row, column, code) of each error, the part every test checks.
    fn summary(errors: &[RowError]) -> Vec<(usize, Option<&str>, &str)> {
        errors
            .iter()
            .map(|e| (e.row, e.column.as_deref(), e.code))
            .collect()
    }

    fn pupils(bytes: &[u8]) -> Vec<PupilRow> {
        match parse(ImportKind::Pupils, bytes) {
            Ok(ParsedImport::Pupils(rows)) => rows,
            other => panic!("expected pupils, got {other:?}"),
        }
    }

    fn classes(bytes: &[u8]) -> Vec<ClassRow> {
        match parse(ImportKind::Classes, bytes) {
            Ok(ParsedImport::Classes(rows)) => rows,
            other => panic!("expected classes, got {other:?}"),
        }
    }

    fn teachers(bytes: &[u8]) -> Vec<TeacherRow> {
        match parse(ImportKind::Teachers, bytes) {
            Ok(ParsedImport::Teachers(rows)) => rows,
            other => panic!("expected teachers, got {other:?}"),
        }
    }

    #[test]
    fn pupils_with_bom_semicolons_and_arabic_names() {
        let file = "\u{feff}school_code;class_name;school_year;pupil_code;last_name;first_name;locale;parent_email\r\n\
                    20012k;1AC-1;2025-2026;j130012345;بنعلي;سلمى;ar;Parent.Benali@Example.MA\r\n\
                    20012K;1AC-1;2025-2026;J130012346;العلوي;يوسف;;\r\n";
        let rows = pupils(file.as_bytes());
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            PupilRow {
                row: 2,
                school_code: "20012K".into(),
                class_name: "1AC-1".into(),
                school_year: "2025-2026".into(),
                pupil_code: "J130012345".into(),
                display_name: "سلمى بنعلي".into(),
                locale: Some(Locale::Ar),
                parent_email: Some("parent.benali@example.ma".into()),
            }
        );
        assert_eq!(rows[1].row, 3);
        assert_eq!(rows[1].display_name, "يوسف العلوي");
        assert_eq!(rows[1].locale, None);
        assert_eq!(rows[1].parent_email, None);
    }

    #[test]
    fn french_headers_with_accents_in_any_order() {
        let file =
            "Prénom;NOM;Code élève;Classe;Année scolaire;Code_Etablissement;Langue;E-mail parent\n\
                    Salma;Benali;J130012345;2AC-3;2025-2026;20012K;français;\n";
        let rows = pupils(file.as_bytes());
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].display_name, "Salma Benali");
        assert_eq!(rows[0].pupil_code, "J130012345");
        assert_eq!(rows[0].class_name, "2AC-3");
        assert_eq!(rows[0].school_code, "20012K");
        assert_eq!(rows[0].locale, Some(Locale::Fr));

        let file =
            "code_etablissement,classe,niveau,annee_scolaire\n20012K,TC-S-2,tc-s,2025-2026\n";
        assert_eq!(
            classes(file.as_bytes())[0].level,
            ClassLevel::Level("TC-S".into())
        );

        let file = "Code établissement;Courriel;Nom;Prénom;Année scolaire;Matière\n\
                    20012K;prof@ecole.ma;Alaoui;Karim;2025-2026;svt\n";
        assert_eq!(teachers(file.as_bytes())[0].subject.as_deref(), Some("SVT"));
    }

    #[test]
    fn missing_required_columns_are_each_named_on_row_1() {
        let file = "school_code,class_name,school_year,last_name\n20012K,1AC-1,2025-2026,Benali\n";
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![
                (1, Some("pupil_code"), "missing-column"),
                (1, Some("first_name"), "missing-column"),
            ]
        );
        assert_eq!(
            errors[0].to_string(),
            "row 1, column pupil_code: missing-column"
        );
    }

    #[test]
    fn unknown_and_repeated_columns_are_named() {
        let file = "school_code,class_name,school_year,pupil_code,nom,prenon,telephone,last_name\n";
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![
                (1, None, "unknown-column"),
                (1, None, "unknown-column"),
                (1, Some("last_name"), "duplicate-column"),
                (1, Some("first_name"), "missing-column"),
            ]
        );
        assert_eq!(errors[0].detail.as_deref(), Some("prenon"));
        assert_eq!(errors[1].detail.as_deref(), Some("telephone"));
        assert_eq!(errors[2].detail.as_deref(), Some("last_name"));
        assert_eq!(
            errors[0].to_string(),
            "row 1: unknown-column (value: prenon)"
        );
    }

    #[test]
    fn a_column_of_another_kind_is_unknown() {
        let file = "school_code,class_name,school_year,pupil_code,last_name,first_name,email\n";
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(summary(&errors), vec![(1, None, "unknown-column")]);
        assert_eq!(errors[0].detail.as_deref(), Some("email"));
    }

    #[test]
    fn errors_on_several_rows_are_reported_together() {
        let file = format!(
            "{PUPILS_HEADER}\n\
             20012K,1AC-1,2025-2026,J130012345,Benali,Salma,ar,\n\
             20012K,1AC-1,2025-2026,12AB,Alaoui,Youssef,,\n\
             20012K,1AC-1,2025-2026,J130012347,Idrissi,Amine,fr,\n\
             20012K,1AC-1,2025-2026,J130012348,Tazi,Nora,,nora@@mail\n"
        );
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![
                (3, Some("pupil_code"), "invalid-pupil-code"),
                (5, Some("parent_email"), "invalid-email"),
            ]
        );
        assert_eq!(errors[0].detail.as_deref(), Some("12AB"));
        assert_eq!(
            errors[0].to_string(),
            "row 3, column pupil_code: invalid-pupil-code (value: 12AB)"
        );
        assert_eq!(errors[1].detail.as_deref(), Some("nora@@mail"));
    }

    #[test]
    fn errors_within_a_row_follow_the_template_order() {
        let file = "prenom,nom,code_eleve,classe,annee_scolaire,code_etablissement,langue\n\
                    ,Benali,J1,1AC-1,2025,20012K,en\n";
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![
                (2, Some("school_year"), "invalid-school-year"),
                (2, Some("pupil_code"), "invalid-pupil-code"),
                (2, Some("first_name"), "required"),
                (2, Some("locale"), "invalid-locale"),
            ]
        );
        assert_eq!(errors[2].detail, None);
    }

    #[test]
    fn duplicate_pupil_code_cites_both_rows() {
        let file = format!(
            "{PUPILS_HEADER}\n\
             20012K,1AC-1,2025-2026,J130012345,Benali,Salma,,\n\
             20012K,1AC-1,2025-2026,J130012346,Alaoui,Youssef,,\n\
             20012K,1AC-2,2025-2026,j130012345,Benali,Salma,,\n"
        );
        let errors = errors(ImportKind::Pupils, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![(4, Some("pupil_code"), "duplicate-in-file")]
        );
        assert_eq!(errors[0].earlier_row, Some(2));
        assert_eq!(errors[0].detail.as_deref(), Some("J130012345"));
        assert_eq!(
            errors[0].to_string(),
            "row 4, column pupil_code: duplicate-in-file (value: J130012345; first on row 2)"
        );
    }

    #[test]
    fn unknown_level_is_reported_with_its_value() {
        let file = "school_code,class_name,level_code,school_year\n\
                    20012K,1AC-1,1AC,2025-2026\n\
                    20012K,7AC-1,7AC,2025-2026\n";
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![(3, Some("level_code"), "unknown-level")]
        );
        assert_eq!(errors[0].detail.as_deref(), Some("7AC"));
    }

    #[test]
    fn programme_codes_are_accepted_for_classes_and_kept_apart_from_levels() {
        let file = "school_code,class_name,level_code,school_year\n\
                    CPGE01,MPSI 1,cpge-mpsi,2025-2026\n\
                    ISTA02,DD101,OFPPT-DD,2025-2026\n\
                    20012K,1AC-1,1ac,2025-2026\n";
        let rows = classes(file.as_bytes());
        let levels: Vec<&ClassLevel> = rows.iter().map(|r| &r.level).collect();
        assert_eq!(
            levels,
            vec![
                &ClassLevel::Programme("CPGE-MPSI".into()),
                &ClassLevel::Programme("OFPPT-DD".into()),
                &ClassLevel::Level("1AC".into()),
            ]
        );
        assert_eq!((rows[0].row, rows[0].class_name.as_str()), (2, "MPSI 1"));
        assert_eq!(rows[2].school_code, "20012K");
    }

    #[test]
    fn duplicate_class_in_same_school_and_year() {
        let file = "school_code,class_name,level_code,school_year\n\
                    20012K,1AC-1,1AC,2025-2026\n\
                    20012K,1AC-1,1AC,2024-2025\n\
                    20013B,1AC-1,1AC,2025-2026\n\
                    20012k,1ac-1,2AC,2025-2026\n";
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![(5, Some("class_name"), "duplicate-in-file")]
        );
        assert_eq!(errors[0].earlier_row, Some(2));
    }

    #[test]
    fn not_utf8_is_refused_at_the_line_where_it_happens() {
        let mut file =
            format!("{PUPILS_HEADER}\n20012K,1AC-1,2025-2026,J130012345,Benali,Salma,,\n")
                .into_bytes();
        // "Hélène" in Latin-1, as Excel's plain "CSV" format writes it.
        file.extend_from_slice(b"20012K,1AC-1,2025-2026,J130012346,Tazi,H\xe9l\xe8ne,,\n");
        let errors = errors(ImportKind::Pupils, &file);
        assert_eq!(summary(&errors), vec![(3, None, "not-utf8")]);
        assert!(errors[0]
            .to_string()
            .starts_with("row 3: not-utf8 (the file is not UTF-8"));

        let errors = errors_utf16();
        assert_eq!(summary(&errors), vec![(1, None, "not-utf8")]);
        assert_eq!(
            errors[0].detail.as_deref(),
            Some("the file is UTF-16; save it as \"CSV UTF-8\"")
        );
    }

    fn errors_utf16() -> Vec<RowError> {
        let mut file = vec![0xff, 0xfe];
        for unit in "school_code,class_name".encode_utf16() {
            file.extend_from_slice(&unit.to_le_bytes());
        }
        errors(ImportKind::Classes, &file)
    }

    #[test]
    fn empty_file_and_blank_file() {
        for file in [&b""[..], b"\xef\xbb\xbf", b"\r\n\r\n  \n"] {
            let errors = errors(ImportKind::Pupils, file);
            assert_eq!(summary(&errors), vec![(1, None, "empty-file")], "{file:?}");
            assert_eq!(errors[0].detail.as_deref(), Some("the file is empty"));
        }
    }

    #[test]
    fn header_only_is_an_empty_file() {
        let file = "school_code,class_name,level_code,school_year\r\n\r\n,,,\r\n";
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(summary(&errors), vec![(1, None, "empty-file")]);
        assert_eq!(
            errors[0].to_string(),
            "row 1: empty-file (the file has a header but no data rows)"
        );
    }

    #[test]
    fn quoted_fields_may_hold_the_delimiter_and_quotes() {
        let file = format!(
            "{PUPILS_HEADER}\n\
             20012K,\"1AC-1\",2025-2026,J130012345,\"Ben Ali, dit \"\"Benali\"\"\",\"  Salma \",,\n"
        );
        let rows = pupils(file.as_bytes());
        assert_eq!(rows[0].display_name, "Salma Ben Ali, dit \"Benali\"");
        assert_eq!(rows[0].row, 2);
    }

    #[test]
    fn an_unquoted_delimiter_shifts_the_fields_and_is_malformed() {
        let file = "school_code,class_name,level_code,school_year\n\
                    20012K,1AC-1,1AC,2025-2026\n\
                    20012K,1AC,2,1AC,2025-2026\n";
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(summary(&errors), vec![(3, None, "malformed-csv")]);
        assert!(errors[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("\"2025-2026\" in field 5")));
    }

    #[test]
    fn an_unclosed_quote_is_malformed() {
        let file = "school_code,class_name,level_code,school_year\n\
                    20012K,\"1AC-1,1AC,2025-2026\n\
                    20012K,1AC-2,1AC,2025-2026\n";
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(summary(&errors), vec![(2, None, "malformed-csv")]);
    }

    #[test]
    fn trailing_and_inner_empty_lines_are_skipped_but_counted() {
        let file = "school_code;class_name;level_code;school_year;\r\n\
                    20012K;1AC-1;1AC;2025-2026;\r\n\
                    \r\n\
                    ;;;;\r\n\
                    20012K;1AC-2;1AC;2025-2026\r\n\
                    \r\n\
                    \r\n   \r\n;;;;\r\n";
        let rows = classes(file.as_bytes());
        let got: Vec<(usize, &str)> = rows
            .iter()
            .map(|r| (r.row, r.class_name.as_str()))
            .collect();
        assert_eq!(got, vec![(2, "1AC-1"), (5, "1AC-2")]);
    }

    #[test]
    fn teachers_with_class_list_and_subject() {
        let file = "school_code;email;last_name;first_name;school_year;classes;subject\n\
                    20012K;K.Alaoui@Ecole.ma;Alaoui;Karim;2025-2026;\"1AC-1;1AC-2\";math\n\
                    20012K;n.tazi@ecole.ma;Tazi;Nadia;2025-2026;;\n\
                    20012K;s.idrissi@ecole.ma;Idrissi;Sara;2025-2026;\" 2AC-1 ; ;2ac-1\";FR\n";
        let rows = teachers(file.as_bytes());
        assert_eq!(
            rows[0],
            TeacherRow {
                row: 2,
                school_code: "20012K".into(),
                email: "k.alaoui@ecole.ma".into(),
                display_name: "Karim Alaoui".into(),
                school_year: "2025-2026".into(),
                classes: vec!["1AC-1".into(), "1AC-2".into()],
                subject: Some("MATH".into()),
            }
        );
        assert_eq!(
            (rows[1].classes.len(), rows[1].subject.as_deref()),
            (0, None)
        );
        assert_eq!(rows[2].classes, vec!["2AC-1".to_string()]);
        assert_eq!(rows[2].subject.as_deref(), Some("FR"));
    }

    #[test]
    fn teachers_optional_columns_may_be_absent() {
        let file = "school_code,email,last_name,first_name,school_year\n\
                    20012K,prof@ecole.ma,Alaoui,Karim,2025-2026\n";
        let rows = teachers(file.as_bytes());
        assert_eq!(
            (rows[0].classes.len(), rows[0].subject.as_deref()),
            (0, None)
        );
    }

    #[test]
    fn teacher_errors_unknown_subject_and_duplicate_email() {
        let file = "school_code,email,last_name,first_name,school_year,subject\n\
                    20012K,prof@ecole.ma,Alaoui,Karim,2025-2026,MATH\n\
                    20012K,PROF@ecole.ma,Alaoui,Karim,2025-2026,\n\
                    20012K,autre@ecole.ma,Tazi,Nadia,2025-2026,chimie\n";
        let errors = errors(ImportKind::Teachers, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![
                (3, Some("email"), "duplicate-in-file"),
                (4, Some("subject"), "unknown-subject"),
            ]
        );
        assert_eq!(errors[0].earlier_row, Some(2));
        assert_eq!(errors[1].detail.as_deref(), Some("chimie"));
    }

    #[test]
    fn too_many_rows_is_refused() {
        let mut file = String::from("school_code,class_name,level_code,school_year\n");
        for i in 0..=MAX_ROWS {
            file.push_str(&format!("20012K,C{i},1AC,2025-2026\n"));
        }
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(
            summary(&errors),
            vec![(MAX_ROWS + 2, None, "too-many-rows")]
        );
    }

    #[test]
    fn errors_stop_at_the_cap_with_a_final_entry() {
        let mut file = String::from("school_code,class_name,level_code,school_year\n");
        for _ in 0..MAX_ERRORS + 10 {
            file.push_str("20012K,1AC-1,9ZZ,2025-2026\n");
        }
        let errors = errors(ImportKind::Classes, file.as_bytes());
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert_eq!(
            summary(&errors[..1]),
            vec![(2, Some("level_code"), "unknown-level")]
        );
        let last = &errors[MAX_ERRORS];
        assert_eq!(
            (last.row, last.column.as_deref(), last.code),
            (MAX_ERRORS + 2, None, "too-many-errors")
        );
    }

    #[test]
    fn templates_are_accepted_headers() {
        for kind in ImportKind::ALL {
            let errors = errors(kind, template_header(kind).as_bytes());
            assert_eq!(summary(&errors), vec![(1, None, "empty-file")], "{kind:?}");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in ImportKind::ALL {
            assert_eq!(ImportKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ImportKind::parse(" Pupils "), Some(ImportKind::Pupils));
        assert_eq!(ImportKind::parse("parents"), None);
    }
}
