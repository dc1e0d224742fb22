//! A dashboard's tables as CSV downloads, with the same privacy rule as the page: a scope
//! under the threshold exports no figure, and hidden rows stay hidden.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::figures::{csv, plain_csv};
use super::query::Export;
use super::view::Dashboard;
use crate::error::{AppError, AppResult};
use crate::page::PageCtx;

/// The CSV file of one table of `dash`.
pub fn csv_download(page: &PageCtx, dash: &Dashboard, table: Export) -> AppResult<Response> {
    let t = |key: &str| page.t(key);
    let body = match table {
        Export::Children => csv(page, &t(dash.scope.children_key()), &dash.children)?,
        Export::Levels => csv(page, &t("dash-level"), &dash.levels)?,
        Export::Days => plain_csv(
            &[
                t("dash-day"),
                t("dash-col-active-day"),
                t("dash-col-answers"),
                t("dash-col-correct"),
                t("dash-col-minutes"),
            ],
            &unless_suppressed(dash, || {
                dash.days
                    .iter()
                    .map(|d| {
                        vec![
                            d.label.clone(),
                            d.active.to_string(),
                            d.answers.to_string(),
                            d.correct.clone(),
                            d.minutes.to_string(),
                        ]
                    })
                    .collect()
            }),
        )?,
        Export::Subjects => plain_csv(
            &[
                t("coverage-subject"),
                t("dash-col-answers"),
                t("dash-col-correct"),
                t("dash-col-minutes"),
            ],
            &unless_suppressed(dash, || {
                dash.subjects
                    .iter()
                    .map(|s| {
                        vec![
                            s.name.clone(),
                            s.answers.to_string(),
                            s.correct.clone(),
                            s.minutes.to_string(),
                        ]
                    })
                    .collect()
            }),
        )?,
        // Capsules fewer than the threshold started are already left out of both lists.
        Export::Capsules => plain_csv(
            &[
                t("dash-capsules"),
                t("studio-col-title"),
                t("dash-starts"),
                t("dash-completion"),
            ],
            &dash
                .most
                .iter()
                .map(|c| (t("dash-most-watched"), c))
                .chain(dash.least.iter().map(|c| (t("dash-least-completed"), c)))
                .map(|(list, c)| {
                    vec![
                        list,
                        c.title.clone(),
                        c.starts.to_string(),
                        c.completion.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
        )?,
        Export::Coverage => plain_csv(
            &[
                t("coverage-level"),
                t("coverage-subject"),
                t("coverage-lessons"),
                t("coverage-covered"),
            ],
            &dash
                .coverage
                .iter()
                .map(|c| {
                    vec![
                        c.level.clone(),
                        c.subject.clone(),
                        c.lessons.to_string(),
                        c.covered.to_string(),
                    ]
                })
                .collect::<Vec<_>>(),
        )?,
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

/// The rows of a table of the scope's own figures: none when the scope is too small.
fn unless_suppressed(
    dash: &Dashboard,
    rows: impl FnOnce() -> Vec<Vec<String>>,
) -> Vec<Vec<String>> {
    if dash.suppressed() {
        Vec::new()
    } else {
        rows()
    }
}
