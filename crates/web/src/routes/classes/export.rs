//! `GET /classes/{id}/export.{csv,xlsx}`: the class's progress and marks for the teacher's
//! own records — one row per pupil: last active day, items answered and mean score, each
//! lesson's state (all subjects), each assignment's completion.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use lawha_store::learning::class_progress::LessonCell;
use uuid::Uuid;

use super::access;
use crate::csv_export::csv_file;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::session::Signed;
use crate::AppState;

/// A cell's word in exports (stable, language-independent codes).
fn state_word(cell: LessonCell) -> &'static str {
    match cell.state {
        3 => "mastered",
        2 => "in-progress",
        1 => "struggling",
        _ if cell.watched => "watched",
        _ if cell.started => "started",
        _ => "",
    }
}

/// The table: a header row, then a row per pupil.
async fn table(state: &AppState, class_id: Uuid, page: &PageCtx) -> AppResult<Vec<Vec<String>>> {
    let store = &state.store;
    let class = store.org().class(class_id).await?;
    let level = class
        .level_code
        .clone()
        .or(class.programme_code.clone())
        .unwrap_or_default();
    let members = store.accounts().class_members(class_id).await?;
    let mut lessons = Vec::new();
    for (subject, _) in store.catalog().subjects_with_units(&level).await? {
        for unit in store.catalog().units_with_lessons(&level, &subject).await? {
            lessons.extend(unit.lessons.into_iter().map(|l| (subject.clone(), l)));
        }
    }
    let assignments = store.learning().class_assignments(class_id).await?;
    let pupils: Vec<Uuid> = members.iter().map(|m| m.id).collect();
    let lesson_ids: Vec<Uuid> = lessons.iter().map(|(_, l)| l.id).collect();
    let grid = store.learning().class_grid(&pupils, &lesson_ids).await?;
    let marks = store.learning().pupil_marks(&pupils).await?;
    let mut done: std::collections::HashMap<(Uuid, Uuid), bool> = Default::default();
    for a in &assignments {
        for (pupil, at) in store.learning().assignment_pupils(a.assignment.id).await? {
            done.insert((a.assignment.id, pupil), at.is_some());
        }
    }
    let mut header = vec![
        page.t("col-name"),
        page.t("col-login"),
        page.t("class-last-active"),
        page.t("class-items-answered"),
        page.t("class-mean-score"),
    ];
    header.extend(
        lessons
            .iter()
            .map(|(s, l)| format!("{s} · {}", page.pick_or(&l.title_ar, &l.title_fr))),
    );
    header.extend(assignments.iter().map(|a| {
        format!(
            "{} ({})",
            page.pick_or(&a.assignment.title_ar, &a.assignment.title_fr),
            a.assignment.due_on
        )
    }));
    let mut rows = vec![header];
    for m in &members {
        let mut row = vec![
            m.display_name.clone(),
            m.login().to_string(),
            grid.last_active
                .get(&m.id)
                .map(NaiveDate::to_string)
                .unwrap_or_default(),
        ];
        // Marks as plain numbers (a count, a percentage) so spreadsheets can sum them.
        match marks.get(&m.id) {
            Some((answered, mean)) if *answered > 0 => {
                row.push(answered.to_string());
                row.push(((mean * 100.0).round() as i64).to_string());
            }
            _ => row.extend([String::new(), String::new()]),
        }
        row.extend(lessons.iter().map(|(_, l)| {
            state_word(grid.cells.get(&(m.id, l.id)).copied().unwrap_or_default()).to_string()
        }));
        row.extend(
            assignments
                .iter()
                .map(|a| match done.get(&(a.assignment.id, m.id)) {
                    Some(true) => "done".to_string(),
                    Some(false) => "to-do".to_string(),
                    None => String::new(),
                }),
        );
        rows.push(row);
    }
    Ok(rows)
}

fn xlsx_bytes(rows: &[Vec<String>], sheet: &str) -> AppResult<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let internal = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let name: String = sheet
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(if name.is_empty() { "Lawha" } else { &name })
        .map_err(internal)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).unwrap_or(u32::MAX),
                u16::try_from(c).unwrap_or(u16::MAX),
            );
            if r == 0 {
                ws.write_string_with_format(r, c, value, &bold)
                    .map_err(internal)?;
            } else {
                ws.write_string(r, c, value).map_err(internal)?;
            }
        }
    }
    book.save_to_buffer().map_err(internal)
}

/// `GET /classes/{id}/export.csv`.
pub async fn csv(
    state: State<AppState>,
    signed: Signed,
    page: PageCtx,
    id: Path<Uuid>,
) -> AppResult<Response> {
    export(state, signed, page, id, "csv").await
}

/// `GET /classes/{id}/export.xlsx`.
pub async fn xlsx(
    state: State<AppState>,
    signed: Signed,
    page: PageCtx,
    id: Path<Uuid>,
) -> AppResult<Response> {
    export(state, signed, page, id, "xlsx").await
}

async fn export(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    format: &str,
) -> AppResult<Response> {
    let class = state.store.org().class(id).await?;
    if !access(&state.store, &session, &class).await?.sees_pupils() {
        return Err(AppError::Forbidden);
    }
    let rows = table(&state, id, &page).await?;
    let file = format!(
        "lawha-{}",
        class
            .name
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (body, content_type, ext) = match format {
        "csv" => (csv_file(&rows)?, "text/csv; charset=utf-8", "csv"),
        "xlsx" => (
            xlsx_bytes(&rows, &class.name)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => return Err(AppError::NotFound),
    };
    tracing::info!(class = %id, format = ext, "class progress exported");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.{ext}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
