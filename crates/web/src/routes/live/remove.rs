//! `POST /live/{id}/remove` (the host and the administrators who oversee the session,
//! CSRF): puts one participant out of the occurrence open now. The removal is stored first
//! (`Live::remove_participant`), so joining that occurrence again is refused whatever the
//! engine says; then the engine is told (`LiveEngine::remove`: Janus takes the person's
//! token off the room's list and kicks them; BigBlueButton's API cannot, so they stay until
//! the meeting ends). An engine that is down marks the session and says so; the removal
//! stands. The host cannot be removed; the next occurrence is open to the person again.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::live::{join_window, JoinWindow};
use serde::Deserialize;
use uuid::Uuid;

use super::visible;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::session::Signed;
use crate::AppState;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RemoveFields {
    /// The person to put out.
    user: String,
}

pub async fn remove(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    Path(id): Path<Uuid>,
    Form(fields): Form<RemoveFields>,
) -> AppResult<Response> {
    let (session, access) = visible(&state, &viewer, id).await?;
    if !access.oversees {
        return Err(AppError::Forbidden);
    }
    let Ok(user) = Uuid::try_parse(fields.user.trim()) else {
        return Err(AppError::Conflict("live-remove-who"));
    };
    if user == session.host_id {
        return Err(AppError::Conflict("live-remove-host"));
    }
    let JoinWindow::Open(occurrence) = join_window(&session.slot, state.now()) else {
        return Err(AppError::Conflict("live-join-closed"));
    };
    let live = state.store.live();
    // Only someone the session concerns: a made-up id names nobody here.
    if !live.may_join(user, id).await? {
        return Err(AppError::Conflict("live-remove-who"));
    }
    live.remove_participant(id, occurrence.starts_at, user, viewer.user.id)
        .await?;
    tracing::info!(session = %id, removed = %user, "live participant removed");
    if let (Some(engine), Some(stored)) = (state.live.clone(), live.engine_room(id).await?) {
        let room = crate::live_engine::room_of(&stored);
        if let Err(e) = engine.remove(&room, user).await {
            tracing::warn!(session = %id, error = e.code(), "live participant not put out");
            live.mark_engine_failure(id, e.code()).await?;
            return Err(AppError::Conflict(super::join::message_of(&e)));
        }
    }
    Ok(Redirect::to(&format!("/live/{id}")).into_response())
}
