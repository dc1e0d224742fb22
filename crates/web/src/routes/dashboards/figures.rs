//! Dashboard figures as pages show them: rows of a table with their formatted cells, the
//! privacy rule applied (a group under [`MIN_GROUP`] pupils shows no figure at all), and
//! the same rows as CSV.

use lawha_store::rollups::dashboards::{hidden_groups, GroupFigures, MIN_GROUP};

use crate::csv_export::csv_file;
use crate::error::AppResult;
use crate::page::PageCtx;

/// One row of a figures table.
pub struct Row {
    pub name: String,
    pub href: Option<String>,
    pub figures: GroupFigures,
    hidden: bool,
}

impl Row {
    /// A row, hidden if its group is too small (see [`protect`] for its siblings).
    pub fn new(name: String, href: Option<String>, figures: GroupFigures) -> Row {
        let hidden = figures.suppressed();
        Row {
            name,
            href,
            figures,
            hidden,
        }
    }

    pub fn suppressed(&self) -> bool {
        self.hidden
    }

    /// Why a hidden row is hidden, as a message key taking `n` (the smallest group shown).
    pub fn suppressed_key(&self) -> &'static str {
        suppressed_key(self.figures.pupils)
    }
}

/// The short note of a hidden group of `size`: too small itself, or hidden with one.
pub fn suppressed_key(size: i64) -> &'static str {
    if size < MIN_GROUP {
        "dash-suppressed-short"
    } else {
        "dash-suppressed-company-short"
    }
}

/// Hides, among sibling rows shown beside their total, the small ones and enough others
/// that no hidden figure can be worked out from the total ([`hidden_groups`]).
pub fn protect(rows: &mut [Row]) {
    let sizes: Vec<i64> = rows.iter().map(|r| r.figures.pupils).collect();
    for (row, hidden) in rows.iter_mut().zip(hidden_groups(&sizes)) {
        row.hidden = hidden;
    }
}

/// A rate as a whole percentage, "—" when there is no base.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "—".to_string(),
        |r| format!("{}%", (r * 100.0).round() as i64),
    )
}

/// Minutes from seconds.
pub fn minutes(seconds: i64) -> i64 {
    (seconds + 30) / 60
}

/// The cells of a row, in the table's column order (empty when suppressed).
pub fn cells(page: &PageCtx, f: &GroupFigures) -> Vec<String> {
    if f.suppressed() {
        return Vec::new();
    }
    vec![
        page.num(f.pupils),
        format!("{} ({})", page.num(f.active_week), percent(f.active_rate())),
        page.num(f.answers),
        percent(f.correct_rate()),
        page.num(minutes(f.watch_seconds)),
        percent(f.mastery_rate()),
        percent(f.completion_rate()),
    ]
}

/// The column headers' translation keys, matching [`cells`].
pub const COLUMNS: [&str; 7] = [
    "dash-col-pupils",
    "dash-col-active",
    "dash-col-answers",
    "dash-col-correct",
    "dash-col-minutes",
    "dash-col-mastery",
    "dash-col-assignments",
];

/// Rows as CSV: a name column, the figures (raw numbers, not formatted), and a note on
/// suppressed rows.
pub fn csv(page: &PageCtx, name_header: &str, rows: &[Row]) -> AppResult<Vec<u8>> {
    let mut header = vec![name_header.to_string()];
    header.extend(
        [
            "pupils",
            "active_week",
            "answers",
            "correct_answers",
            "minutes_watched",
            "pupil_lessons_started",
            "pupil_lessons_mastered",
            "assigned",
            "assignments_completed",
            "note",
        ]
        .map(String::from),
    );
    let records = rows.iter().map(|row| {
        let f = &row.figures;
        if row.suppressed() {
            let mut r = vec![row.name.clone()];
            r.extend(std::iter::repeat_n(String::new(), 9));
            let note = if row.figures.suppressed() {
                "dash-suppressed-note"
            } else {
                "dash-suppressed-company-note"
            };
            r.push(page.tn(note, "n", MIN_GROUP));
            r
        } else {
            vec![
                row.name.clone(),
                f.pupils.to_string(),
                f.active_week.to_string(),
                f.answers.to_string(),
                f.correct_answers.to_string(),
                minutes(f.watch_seconds).to_string(),
                f.started.to_string(),
                f.mastered.to_string(),
                f.assigned.to_string(),
                f.assignments_completed.to_string(),
                String::new(),
            ]
        }
    });
    csv_file(std::iter::once(header).chain(records))
}

/// Any table as CSV (headers, then rows as shown).
pub fn plain_csv(headers: &[String], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    csv_file(std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_minutes() {
        assert_eq!(percent(Some(0.256)), "26%");
        assert_eq!(percent(None), "—");
        assert_eq!(minutes(89), 1);
        assert_eq!(minutes(91), 2);
    }
}
