//! `POST /live/{id}/remove` (the host and the administrators who oversee the session,
//! CSRF): puts one participant out of the occurrence open now. The removal is stored first
//! (`Live::remove_participant`), so joining that occurrence again is refused whatever the
//! engine says; then the engine is told (`LiveEngine::remove`: Janus takes the person's
//! token off the room's list and kicks them; BigBlueButton's API cannot, so they stay until
//! the meeting ends). An engine that is down marks the session and says so; the removal
//! stands. The host cannot be removed; the next occurrence is open to the person again.
//! The plain form on the session page and the host's live page (`live.js`) both post here.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::live::{join_window, JoinWindow, Occurrence};
use lawha_live::LiveError;
use lawha_store::SessionInfo;
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
    let (occurrence, user) = moderated(&state, &viewer, id, &fields.user).await?;
    let live = state.store.live();
    live.remove_participant(id, occurrence.starts_at, user, viewer.user.id)
        .await?;
    tracing::info!(session = %id, removed = %user, "live participant removed");
    if let (Some(engine), Some(stored)) = (state.live.clone(), live.engine_room(id).await?) {
        let room = crate::live_engine::room_of(&stored);
        if let Err(e) = engine.remove(&room, user).await {
            return Err(engine_failed(&state, id, "not put out", &e).await);
        }
    }
    Ok(Redirect::to(&format!("/live/{id}")).into_response())
}

/// The checks removing and muting share: the viewer oversees the session (its host, or an
/// administrator in scope), an occurrence is open now, and `user` names someone the session
/// concerns other than its host. Returns that occurrence and person.
pub(super) async fn moderated(
    state: &AppState,
    viewer: &SessionInfo,
    id: Uuid,
    user: &str,
) -> AppResult<(Occurrence, Uuid)> {
    let (session, access) = visible(state, viewer, id).await?;
    if !access.oversees {
        return Err(AppError::Forbidden);
    }
    let Ok(user) = Uuid::try_parse(user.trim()) else {
        return Err(AppError::Conflict("live-remove-who"));
    };
    if user == session.host_id {
        return Err(AppError::Conflict("live-remove-host"));
    }
    let JoinWindow::Open(occurrence) = join_window(&session.slot, state.now()) else {
        return Err(AppError::Conflict("live-join-closed"));
    };
    // Only someone the session concerns: a made-up id names nobody here.
    if !state.store.live().may_join(user, id).await? {
        return Err(AppError::Conflict("live-remove-who"));
    }
    Ok((occurrence, user))
}

/// An engine that failed a moderation: logged (the error's code, no person), the session
/// marked, and the page's message.
pub(super) async fn engine_failed(
    state: &AppState,
    id: Uuid,
    what: &'static str,
    e: &LiveError,
) -> AppError {
    tracing::warn!(session = %id, error = e.code(), what, "live moderation failed");
    if let Err(store) = state.store.live().mark_engine_failure(id, e.code()).await {
        return store.into();
    }
    AppError::Conflict(super::join::message_of(e))
}
