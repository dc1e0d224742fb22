//! `POST /classes/{id}/assignments`: a teacher assigns a capsule or an exercise set to the
//! class or to some of its pupils, by a due date.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::{Refusal, StoreError};
use uuid::Uuid;

use super::{access, ClassAccess};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::session::Signed;
use crate::AppState;

fn back(id: Uuid, subject: &str, done: &str) -> Response {
    Redirect::to(&format!(
        "/classes/{id}?subject={}&done={done}#assignments",
        crate::forms::url_encode(subject)
    ))
    .into_response()
}

pub async fn create(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let class = state.store.org().class(id).await?;
    if access(&state.store, &session, &class).await? != ClassAccess::Teacher {
        return Err(AppError::Forbidden);
    }
    // Several `pupil` fields: read the pairs as sent.
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    };
    let subject = get("subject").to_string();
    let work = match get("work").split_once(':') {
        Some(("capsule", id)) => Uuid::parse_str(id).ok().map(Work::Capsule),
        Some(("set", id)) => Uuid::parse_str(id).ok().map(Work::Set),
        _ => None,
    };
    let Some(work) = work else {
        return Ok(back(id, &subject, "bad-work"));
    };
    let Ok(due_on) = NaiveDate::parse_from_str(get("due_on"), "%Y-%m-%d") else {
        return Ok(back(id, &subject, "bad-date"));
    };
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    if due_on < today {
        return Ok(back(id, &subject, "past-date"));
    }
    let chosen: Vec<Uuid> = pairs
        .iter()
        .filter(|(k, _)| k == "pupil")
        .filter_map(|(_, v)| Uuid::parse_str(v).ok())
        .collect();
    let pupils = if get("whole_class") == "1" || chosen.is_empty() {
        None
    } else {
        Some(chosen)
    };
    let result = state
        .store
        .learning()
        .create_assignment(&NewAssignment {
            class_id: id,
            work,
            due_on,
            note: get("note").to_string(),
            pupils,
            created_by: Some(session.user.id),
        })
        .await;
    match result {
        Ok(a) => {
            tracing::info!(assignment = %a.id, class = %id, "work assigned");
            Ok(back(id, &subject, "assigned"))
        }
        Err(StoreError::Conflict(Refusal::PupilNotInClass)) => Ok(back(id, &subject, "bad-pupils")),
        Err(StoreError::Conflict(Refusal::NoPupils)) => Ok(back(id, &subject, "no-pupils")),
        Err(StoreError::Conflict(Refusal::AlreadyAssigned)) => {
            Ok(back(id, &subject, "already-assigned"))
        }
        Err(StoreError::Conflict(Refusal::WorkUnavailable)) => {
            Ok(back(id, &subject, "unavailable-work"))
        }
        Err(StoreError::NotFound) => Ok(back(id, &subject, "bad-work")),
        Err(e) => Err(e.into()),
    }
}
