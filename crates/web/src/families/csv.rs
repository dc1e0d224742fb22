//! The weekly summary as a CSV file (`/children/{id}/week.csv`): one row per line of the
//! report, `section, what, value, date`, in the page's language, every cell through
//! [`crate::csv_export`]. Not a PDF: the summary is Arabic as often as French, and the
//! small PDF writers (printpdf, genpdf) neither shape Arabic letters nor order
//! right-to-left text; the page itself prints (its print stylesheet), which the browser
//! renders correctly and can save as PDF.

use lawha_core::Locale;

use super::WeekReport;
use crate::error::AppResult;
use crate::i18n;

/// The rows of the file, a header first.
pub fn rows(locale: Locale, report: &WeekReport) -> Vec<Vec<String>> {
    let t = |key: &str| i18n::t(locale, key);
    let mut rows = vec![vec![
        t("child-csv-section"),
        t("child-csv-what"),
        t("child-csv-value"),
        t("child-csv-date"),
    ]];
    let period = format!("{} – {}", report.from, report.to);
    let week = t("child-week");
    let a = &report.activity;
    for (key, n) in [
        ("child-capsules-watched", a.capsules_watched),
        ("child-answers", a.answers),
        ("child-answers-right", a.correct),
    ] {
        rows.push(vec![week.clone(), t(key), n.to_string(), period.clone()]);
    }
    let section = t("child-assignments");
    for line in &report.assignments {
        rows.push(vec![
            section.clone(),
            line.title.clone(),
            t(line.state.key()),
            line.due.clone(),
        ]);
    }
    let section = t("child-mastery");
    for s in &report.subjects {
        for (key, n) in [
            ("mastery-mastered", s.mastered),
            ("mastery-in-progress", s.in_progress),
            ("mastery-not-started", s.not_started),
        ] {
            rows.push(vec![
                section.clone(),
                format!("{} · {}", s.name, t(key)),
                n.to_string(),
                String::new(),
            ]);
        }
    }
    let section = t("child-results");
    for r in &report.results {
        rows.push(vec![
            section.clone(),
            r.title.clone(),
            r.mean_pct.map(|p| format!("{p}%")).unwrap_or_default(),
            r.last.clone(),
        ]);
    }
    let section = t("child-live");
    for l in &report.live {
        rows.push(vec![
            section.clone(),
            l.title.clone(),
            String::new(),
            l.when.clone(),
        ]);
    }
    rows
}

/// The file's bytes.
pub fn file(locale: Locale, report: &WeekReport) -> AppResult<Vec<u8>> {
    crate::csv_export::csv_file(rows(locale, report))
}
