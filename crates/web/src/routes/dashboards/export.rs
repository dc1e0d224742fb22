//! A dashboard's tables as CSV downloads, with the same privacy rule as the page: a scope
//! under the threshold exports no figure, and hidden rows stay hidden.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::days::DayRow;
use super::figures::{csv, plain_csv};
use super::lists::{CapsuleRow, CoverageRow, SubjectRow};
use super::query::Export;
use super::view::Dashboard;
use crate::error::{AppError, AppResult};
use crate::page::PageCtx;

/// The header keys of the tables of plain columns.
const DAY_COLUMNS: [&str; 5] = [
    "dash-day",
    "dash-col-active-day",
    "dash-col-answers",
    "dash-col-correct",
    "dash-col-minutes",
];
const SUBJECT_COLUMNS: [&str; 4] = [
    "coverage-subject",
    "dash-col-answers",
    "dash-col-correct",
    "dash-col-minutes",
];
const CAPSULE_COLUMNS: [&str; 4] = [
    "dash-capsules",
    "studio-col-title",
    "dash-starts",
    "dash-completion",
];
const COVERAGE_COLUMNS: [&str; 4] = [
    "coverage-level",
    "coverage-subject",
    "coverage-lessons",
    "coverage-covered",
];

/// The CSV file of one table of `dash`.
pub fn csv_download(page: &PageCtx, dash: &Dashboard, table: Export) -> AppResult<Response> {
    let t = |key: &str| page.t(key);
    let body = match table {
        Export::Children => csv(page, &t(dash.scope.children_key()), &dash.children)?,
        Export::Levels => csv(page, &t("dash-level"), &dash.levels)?,
        Export::Days => plain_table(page, &DAY_COLUMNS, own(dash, &dash.days), day_row)?,
        Export::Subjects => plain_table(
            page,
            &SUBJECT_COLUMNS,
            own(dash, &dash.subjects),
            subject_row,
        )?,
        // Capsules fewer than the threshold started are already left out of both lists.
        Export::Capsules => {
            let (most, least) = (t("dash-most-watched"), t("dash-least-completed"));
            let lists = dash.most.iter().map(|c| (&most, c));
            let rows = lists.chain(dash.least.iter().map(|c| (&least, c)));
            plain_table(page, &CAPSULE_COLUMNS, rows, capsule_row)?
        }
        Export::Coverage => plain_table(page, &COVERAGE_COLUMNS, &dash.coverage, coverage_row)?,
        Export::Unknown => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lawha-{}.csv\"", table.file_name()),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

fn day_row(d: &DayRow) -> Vec<String> {
    vec![
        d.label.clone(),
        d.active.to_string(),
        d.answers.to_string(),
        d.correct.clone(),
        d.minutes.to_string(),
    ]
}

fn subject_row(s: &SubjectRow) -> Vec<String> {
    vec![
        s.name.clone(),
        s.answers.to_string(),
        s.correct.clone(),
        s.minutes.to_string(),
    ]
}

/// A capsule in one of the two lists, named first.
fn capsule_row((list, c): (&String, &CapsuleRow)) -> Vec<String> {
    vec![
        list.clone(),
        c.title.clone(),
        c.starts.to_string(),
        c.completion.clone(),
    ]
}

fn coverage_row(c: &CoverageRow) -> Vec<String> {
    vec![
        c.level.clone(),
        c.subject.clone(),
        c.lessons.to_string(),
        c.covered.to_string(),
    ]
}

/// A table of plain columns: the translated `header_keys`, then a row per item.
fn plain_table<T>(
    page: &PageCtx,
    header_keys: &[&str],
    items: impl IntoIterator<Item = T>,
    row: impl Fn(T) -> Vec<String>,
) -> AppResult<Vec<u8>> {
    let headers: Vec<String> = header_keys.iter().map(|key| page.t(key)).collect();
    let rows: Vec<Vec<String>> = items.into_iter().map(row).collect();
    plain_csv(&headers, &rows)
}

/// The items of a table of the scope's own figures: none when the scope is too small.
fn own<'a, T>(dash: &Dashboard, items: &'a [T]) -> &'a [T] {
    if dash.suppressed() {
        &[]
    } else {
        items
    }
}
