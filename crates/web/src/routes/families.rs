//! A parent's page for one child they follow (`/children/{id}`) and its weekly summary as
//! a CSV file (`/children/{id}/week.csv`). Only a parent the school linked to the child
//! reaches them: to anyone else the child does not exist (404). The page prints as the
//! weekly summary (its print stylesheet keeps the report and drops the navigation).

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lawha_core::Role;
use lawha_store::SessionInfo;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::families::{self, WeekReport};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

#[derive(Template)]
#[template(path = "families/child.html")]
struct ChildPage {
    page: PageCtx,
    report: WeekReport,
}

/// The child `id`, when the signed-in person is a parent linked to them; else 404.
async fn followed(
    state: &AppState,
    session: &SessionInfo,
    id: Uuid,
) -> AppResult<lawha_store::User> {
    if !session.grants.iter().any(|g| g.role == Role::Parent) {
        return Err(AppError::NotFound);
    }
    Ok(state
        .store
        .families()
        .followed_child(session.user.id, id)
        .await?)
}

/// `GET /children/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let child = followed(&state, &session, id).await?;
    let report = families::report(
        &state.store,
        &child,
        page.locale(),
        state.config.time_zone,
        state.now(),
    )
    .await?;
    let mut response = render(&ChildPage { page, report })?;
    // A child's marks: no shared cache keeps them.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// `GET /children/{id}/week.csv`.
pub async fn week_csv(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let child = followed(&state, &session, id).await?;
    let now = state.now();
    let report = families::report(
        &state.store,
        &child,
        page.locale(),
        state.config.time_zone,
        now,
    )
    .await?;
    let body = families::csv::file(page.locale(), &report)?;
    let day = now.with_timezone(&state.config.time_zone).date_naive();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lawha-week-{day}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
