//! What the host's moderation routes (`mute.rs`, `remove.rs`) share: who may moderate, the
//! room they act on, and what an engine's failure does.

use lawha_core::live::{join_window, JoinWindow, Occurrence};
use lawha_live::{LiveError, Room};
use lawha_store::SessionInfo;
use uuid::Uuid;

use super::visible;
use crate::error::{AppError, AppResult};
use crate::live_engine::LiveRooms;
use crate::AppState;

/// What removing and muting check first: the viewer oversees the session (its host, or an
/// administrator in scope) and an occurrence is open now. Returns the host and that
/// occurrence.
pub(super) async fn overseen_open(
    state: &AppState,
    viewer: &SessionInfo,
    id: Uuid,
) -> AppResult<(Uuid, Occurrence)> {
    let (session, access) = visible(state, viewer, id).await?;
    if !access.oversees {
        return Err(AppError::Forbidden);
    }
    let JoinWindow::Open(occurrence) = join_window(&session.slot, state.now()) else {
        return Err(AppError::Conflict("live-join-closed"));
    };
    Ok((session.host_id, occurrence))
}

/// The engine and the session's room, for acting on who is in it: without either, nobody
/// is there to act on.
pub(super) async fn engine_room(
    state: &AppState,
    id: Uuid,
) -> AppResult<(std::sync::Arc<dyn LiveRooms>, Room)> {
    match (
        state.live.clone(),
        state.store.live().engine_room(id).await?,
    ) {
        (Some(engine), Some(stored)) => Ok((engine, crate::live_engine::room_of(&stored))),
        _ => Err(AppError::Conflict("live-unavailable")),
    }
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
