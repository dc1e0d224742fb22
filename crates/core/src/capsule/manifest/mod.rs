//! Bulk catalog manifests: hundreds of capsules described in one CSV or JSON file, each
//! entry naming its video (and optional subtitles and worksheet) by a path relative to the
//! manifest.
//!
//! Columns (CSV header names; JSON object keys are the same): `ref` (the capsule's stable
//! key: re-running a manifest updates the capsules it created instead of adding new
//! ones), `level` (a school level or programme code), `subject`, `unit_ar`/`unit_fr`,
//! `lesson_ar`/`lesson_fr` (at least one title each), `title_ar`/`title_fr`,
//! `description_ar`/`description_fr`, `language` (`ar`/`fr`), `teacher`, `tags`, `video`,
//! `subtitles_ar`, `subtitles_fr`, `worksheet`, `publish` (`yes`/`no`, `oui`/`non`,
//! `true`/`false`, `1`/`0`; default no).
//!
//! Parsing collects every problem (row and column) rather than stopping at the first, so
//! a producer fixes the whole file at once; whether the files exist is checked by the
//! caller, which knows where the manifest lives. Rows are CSV lines (the header is row 1)
//! or JSON entries numbered from 1.

use std::collections::{BTreeMap, HashMap};

use crate::import::codes;
use crate::import::rows::{class_level, subject};
use crate::import::{ClassLevel, RowError};
use crate::validate::FieldError;
use crate::Locale;

use super::{CapsuleFields, ValidCapsule};

mod records;

/// Most entries in one manifest.
pub const MAX_ENTRIES: usize = 10_000;

/// Codes of this module beyond [`codes`].
pub mod manifest_codes {
    /// `ref` is not 1–64 letters, digits, `.`, `_` or `-`.
    pub const INVALID_REF: &str = "invalid-ref";
    /// A path is absolute, goes up (`..`) or is empty.
    pub const INVALID_PATH: &str = "invalid-path";
    /// `publish` is not a yes/no value.
    pub const INVALID_BOOLEAN: &str = "invalid-boolean";
    /// The JSON is not an array of objects of strings.
    pub const MALFORMED_JSON: &str = "malformed-json";
}
use manifest_codes::*;

const PUBLISH: &str = "publish";

/// A manifest's format, from its file name or first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestFormat {
    Csv,
    Json,
}

impl ManifestFormat {
    /// JSON when the content starts with `[` or `{`, CSV otherwise.
    pub fn sniff(bytes: &[u8]) -> ManifestFormat {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => ManifestFormat::Json,
            _ => ManifestFormat::Csv,
        }
    }
}

/// A unit or lesson title pair; one of the two may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitlePair {
    pub ar: String,
    pub fr: String,
}

/// One valid manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    pub row: usize,
    pub reference: String,
    pub level: ClassLevel,
    pub subject: String,
    pub unit: TitlePair,
    pub lesson: TitlePair,
    pub capsule: ValidCapsule,
    /// Paths relative to the manifest's folder.
    pub video: String,
    pub subtitles: Vec<(Locale, String)>,
    pub worksheet: Option<String>,
    pub publish: bool,
}

/// Reads and checks every entry, or returns every problem found.
pub fn parse(bytes: &[u8]) -> Result<Vec<ManifestEntry>, Vec<RowError>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        vec![file_error(
            codes::NOT_UTF8,
            "the manifest is not UTF-8 text",
        )]
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let records = match ManifestFormat::sniff(text.as_bytes()) {
        ManifestFormat::Csv => records::read_csv(text)?,
        ManifestFormat::Json => records::read_json(text)?,
    };
    if records.is_empty() {
        return Err(vec![file_error(codes::EMPTY_FILE, "no entries")]);
    }
    if records.len() > MAX_ENTRIES {
        return Err(vec![file_error(
            codes::TOO_MANY_ROWS,
            "more than 10000 entries",
        )]);
    }
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (row, record) in &records {
        match entry(*row, record) {
            Ok(entry) => {
                if let Some(&earlier) = seen.get(&entry.reference.to_lowercase()) {
                    let mut e = error(*row, "ref", codes::DUPLICATE_IN_FILE, &entry.reference);
                    e.earlier_row = Some(earlier);
                    errors.push(e);
                } else {
                    seen.insert(entry.reference.to_lowercase(), *row);
                    entries.push(entry);
                }
            }
            Err(mut problems) => errors.append(&mut problems),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn entry(row: usize, record: &HashMap<String, String>) -> Result<ManifestEntry, Vec<RowError>> {
    let get = |column: &str| record.get(column).map(|v| v.trim()).unwrap_or_default();
    let mut errors = Vec::new();
    let mut check = |column: &'static str, result: Result<(), FieldError>| {
        if let Err(e) = result {
            errors.push(error(row, column, e.code, get(column)));
        }
    };
    let reference = get("ref").to_string();
    check("ref", valid_ref(&reference));
    let level = class_level(get("level"));
    check("level", level.as_ref().map(|_| ()).map_err(Clone::clone));
    let subject_code = subject(get("subject"));
    check(
        "subject",
        subject_code.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    for (ar, fr) in [("unit_ar", "unit_fr"), ("lesson_ar", "lesson_fr")] {
        if get(ar).is_empty() && get(fr).is_empty() {
            check(ar, Err(FieldError::new(codes::REQUIRED)));
        }
    }
    let fields = CapsuleFields {
        title_ar: get("title_ar").into(),
        title_fr: get("title_fr").into(),
        description_ar: get("description_ar").into(),
        description_fr: get("description_fr").into(),
        language: Locale::parse(get("language")),
        teacher: get("teacher").into(),
        tags: get("tags").into(),
    };
    let capsule = fields.validate();
    if let Err((column, e)) = &capsule {
        let code = if *column == "language" && !get("language").is_empty() {
            codes::INVALID_LOCALE
        } else {
            e.code
        };
        check(column, Err(FieldError::new(code)));
    }
    for column in ["video", "subtitles_ar", "subtitles_fr", "worksheet"] {
        let path = get(column);
        if column == "video" || !path.is_empty() {
            check(column, valid_path(path));
        }
    }
    let publish = boolean(get(PUBLISH));
    if publish.is_none() {
        check(PUBLISH, Err(FieldError::new(INVALID_BOOLEAN)));
    }
    match (level, subject_code, capsule, publish) {
        (Ok(level), Ok(subject), Ok(capsule), Some(publish)) if errors.is_empty() => {
            let pair = |ar: &str, fr: &str| TitlePair {
                ar: get(ar).into(),
                fr: get(fr).into(),
            };
            let subtitles = [(Locale::Ar, "subtitles_ar"), (Locale::Fr, "subtitles_fr")]
                .into_iter()
                .filter(|(_, c)| !get(c).is_empty())
                .map(|(l, c)| (l, get(c).to_string()))
                .collect();
            Ok(ManifestEntry {
                row,
                reference,
                level,
                subject,
                unit: pair("unit_ar", "unit_fr"),
                lesson: pair("lesson_ar", "lesson_fr"),
                capsule,
                video: get("video").into(),
                subtitles,
                worksheet: Some(get("worksheet").to_string()).filter(|w| !w.is_empty()),
                publish,
            })
        }
        _ => Err(errors),
    }
}

fn valid_ref(reference: &str) -> Result<(), FieldError> {
    if reference.is_empty() {
        return Err(FieldError::new(codes::REQUIRED));
    }
    let ok = reference.len() <= 64
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(INVALID_REF))
    }
}

/// A relative path that stays inside the manifest's folder.
pub fn valid_path(path: &str) -> Result<(), FieldError> {
    if path.is_empty() {
        return Err(FieldError::new(codes::REQUIRED));
    }
    let escapes = path.starts_with(['/', '\\'])
        || path.contains(':')
        || path.split(['/', '\\']).any(|part| part == "..");
    if escapes || path.chars().any(char::is_control) {
        Err(FieldError::new(INVALID_PATH))
    } else {
        Ok(())
    }
}

fn boolean(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "" | "no" | "non" | "false" | "0" | "لا" => Some(false),
        "yes" | "oui" | "true" | "1" | "نعم" => Some(true),
        _ => None,
    }
}

fn error(row: usize, column: &str, code: &'static str, value: &str) -> RowError {
    RowError {
        row,
        column: Some(column.to_string()),
        code,
        detail: Some(value.to_string()).filter(|v| !v.is_empty()),
        earlier_row: None,
    }
}

fn file_error(code: &'static str, detail: &str) -> RowError {
    RowError {
        row: 1,
        column: None,
        code,
        detail: Some(detail.into()),
        earlier_row: None,
    }
}

#[cfg(test)]
mod tests;
