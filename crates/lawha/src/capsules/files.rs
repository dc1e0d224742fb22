//! Checking the files a manifest names before anything is imported: each exists and is
//! not empty, subtitles are WebVTT, worksheets are PDF.

use std::path::Path;

use lawha_core::capsule::manifest::ManifestEntry;
use lawha_core::capsule::vtt;
use lawha_core::import::RowError;

fn file_problem(row: usize, column: &str, code: &'static str, detail: &str) -> RowError {
    RowError {
        row,
        column: Some(column.to_string()),
        code,
        detail: Some(detail.to_string()),
        earlier_row: None,
    }
}

/// Every named file exists, the video is not empty, subtitles are WebVTT, worksheets PDF.
pub(super) fn check_files(folder: &Path, entries: &[ManifestEntry]) -> Vec<RowError> {
    let mut problems = Vec::new();
    for entry in entries {
        let mut named: Vec<(String, &str)> = vec![("video".into(), entry.video.as_str())];
        for (language, path) in &entry.subtitles {
            named.push((format!("subtitles_{}", language.code()), path.as_str()));
        }
        if let Some(worksheet) = &entry.worksheet {
            named.push(("worksheet".into(), worksheet.as_str()));
        }
        for (column, relative) in named {
            let path = folder.join(relative);
            let Ok(meta) = std::fs::metadata(&path) else {
                problems.push(file_problem(entry.row, &column, "missing-file", relative));
                continue;
            };
            if !meta.is_file() || meta.len() == 0 {
                problems.push(file_problem(entry.row, &column, "empty-file", relative));
                continue;
            }
            if column.starts_with("subtitles") {
                if let Err(e) = std::fs::read(&path)
                    .map_err(|_| "unreadable")
                    .and_then(|b| vtt::parse(&b).map(|_| ()).map_err(|e| e.code))
                {
                    problems.push(file_problem(
                        entry.row,
                        &column,
                        "not-webvtt",
                        &format!("{relative}: {e}"),
                    ));
                }
            } else if column == "worksheet" && !starts_with(&path, b"%PDF-") {
                problems.push(file_problem(entry.row, &column, "not-pdf", relative));
            }
        }
    }
    problems
}

fn starts_with(path: &Path, magic: &[u8]) -> bool {
    use std::io::Read;
    let mut head = vec![0u8; magic.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == magic
}
