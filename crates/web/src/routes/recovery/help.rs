//! A helper's page for one person (`/people/{id}/help`): who they are, whether failed
//! sign-ins are slowing them, and what the helper may do — issue a one-time code (pupils),
//! lift the sign-in delays. Who may help whom is the store's rule
//! (`lawha_store::recovery::helpers`), checked again inside each write; outside it the
//! person does not exist (404).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lawha_store::recovery::HelpTarget;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::page::PageCtx;
use crate::session::Signed;
use crate::AppState;

#[derive(Template)]
#[template(path = "recovery/help.html")]
struct HelpPage {
    page: PageCtx,
    target: HelpTarget,
    /// A code just issued, shown this once.
    code: Option<String>,
    /// How long the code lasts, in hours.
    code_hours: i64,
    notice_key: &'static str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HelpQuery {
    done: String,
}

/// `GET /people/{id}/help`.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Query(q): Query<HelpQuery>,
) -> AppResult<Response> {
    let target = state
        .store
        .recovery()
        .help_target(session.user.id, &session.grants, id)
        .await?;
    let notice_key = match q.done.as_str() {
        "unlock" => "help-unlocked",
        _ => "",
    };
    render(page, target, None, notice_key)
}

fn render(
    page: PageCtx,
    target: HelpTarget,
    code: Option<String>,
    notice_key: &'static str,
) -> AppResult<Response> {
    let body = HelpPage {
        page,
        target,
        code,
        code_hours: lawha_store::recovery::secrets::one_time_code_lifetime().num_hours(),
        notice_key,
    }
    .render()?;
    // The code is on this page only: no cache may keep it.
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(body),
    )
        .into_response())
}

/// `POST /people/{id}/one-time-code`: issues a code and shows it once.
pub async fn issue_code(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let recovery = state.store.recovery();
    let code = recovery
        .issue_one_time_code(session.user.id, &session.grants, id)
        .await?;
    tracing::info!(helper = %session.user.id, person = %id, "one-time code issued");
    let target = recovery
        .help_target(session.user.id, &session.grants, id)
        .await?;
    render(page, target, Some(code), "")
}

/// `POST /people/{id}/unlock`: forgets the account's failed sign-ins.
pub async fn unlock(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let cleared = state
        .store
        .recovery()
        .unlock(session.user.id, &session.grants, id)
        .await?;
    tracing::info!(helper = %session.user.id, person = %id, cleared, "sign-in delays lifted");
    Ok(Redirect::to(&format!("/people/{id}/help?done=unlock")).into_response())
}
