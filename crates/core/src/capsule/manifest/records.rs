//! Reading a manifest's rows, CSV or JSON, into text records by column name, with the
//! row each came from; checking their values is the parent module's job.

use std::collections::HashMap;

use super::manifest_codes::MALFORMED_JSON;
use super::{error, file_error, PUBLISH};
use crate::import::{codes, RowError};

/// One entry before validation: its row, and column → value.
pub(super) type Record = (usize, HashMap<String, String>);

const COLUMNS: [&str; 18] = [
    "ref",
    "level",
    "subject",
    "unit_ar",
    "unit_fr",
    "lesson_ar",
    "lesson_fr",
    "title_ar",
    "title_fr",
    "description_ar",
    "description_fr",
    "language",
    "teacher",
    "tags",
    "video",
    "subtitles_ar",
    "subtitles_fr",
    "worksheet",
];
const REQUIRED_COLUMNS: [&str; 5] = ["ref", "level", "subject", "language", "video"];

fn known_column(name: &str) -> bool {
    COLUMNS.contains(&name) || name == PUBLISH
}

/// The rows of a CSV manifest (`,` or `;` separated), with their line numbers.
pub(super) fn read_csv(text: &str) -> Result<Vec<Record>, Vec<RowError>> {
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    // The csv crate does not count the blank lines it skips: lines come from byte offsets.
    // A record's position is where reading it began, before the blank lines it skipped.
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while bytes.get(end).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            end += 1;
        }
        1 + bytes[..end].iter().filter(|&&b| b == b'\n').count()
    };
    let malformed = |e: csv::Error| {
        let row = e.position().map_or(1, |p| line_at(p.byte()));
        vec![RowError {
            row,
            ..file_error(codes::MALFORMED_CSV, &e.to_string())
        }]
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(malformed)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut errors: Vec<RowError> = header
        .iter()
        .filter(|h| !known_column(h))
        .map(|h| RowError {
            column: Some(h.clone()),
            ..file_error(codes::UNKNOWN_COLUMN, h)
        })
        .collect();
    for required in REQUIRED_COLUMNS {
        if !header.iter().any(|h| h == required) {
            errors.push(RowError {
                column: Some(required.into()),
                ..file_error(codes::MISSING_COLUMN, required)
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(malformed)?;
        let row = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let values = header
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        records.push((row, values));
    }
    Ok(records)
}

/// The entries of a JSON manifest (an array of objects), numbered from 1.
pub(super) fn read_json(text: &str) -> Result<Vec<Record>, Vec<RowError>> {
    use serde_json::Value;
    let malformed = |row: usize, detail: String| {
        vec![RowError {
            row,
            ..file_error(MALFORMED_JSON, &detail)
        }]
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| malformed(e.line(), e.to_string()))?;
    let Value::Array(entries) = value else {
        return Err(malformed(
            1,
            "the manifest must be an array of objects".into(),
        ));
    };
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let row = index + 1;
        let Value::Object(object) = entry else {
            errors.push(error(row, "ref", MALFORMED_JSON, "not an object"));
            continue;
        };
        let mut values = HashMap::new();
        for (key, value) in object {
            let text = match value {
                Value::String(s) => s,
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Null => String::new(),
                Value::Array(items) if key == "tags" => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("|"),
                _ => {
                    errors.push(error(row, &key, MALFORMED_JSON, "not a text value"));
                    continue;
                }
            };
            if !known_column(&key) {
                errors.push(error(row, &key, codes::UNKNOWN_COLUMN, &key));
                continue;
            }
            values.insert(key, text);
        }
        records.push((row, values));
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}
