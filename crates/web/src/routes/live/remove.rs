//! `POST /live/{id}/remove` (the host and the administrators who oversee the session,
//! CSRF): puts one participant out of the occurrence open now. The session page's form names
//! the person (`user`); the host's live page (`live.js`) names the participant as the room
//! shows them (`participant`), which the engine reads back to a person
//! (`LiveEngine::identify`). For a person, the removal is stored first
//! (`Live::remove_participant`), so joining that occurrence again is refused whatever the
//! engine says; then the engine is told (`LiveEngine::remove`: Janus takes the person's
//! token off the room's list and kicks them; BigBlueButton's API cannot, so they stay until
//! the meeting ends). A participant id that names nobody (a page that joined under an id of
//! its own making) is kicked as it is (`LiveEngine::kick`). An engine that is down marks the
//! session and says so; the removal stands. The host cannot be removed; the next occurrence
//! is open to the person again.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_live::Role;
use serde::Deserialize;
use uuid::Uuid;

use super::moderation::{engine_failed, engine_room, overseen_open};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::session::Signed;
use crate::AppState;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RemoveFields {
    /// The person to put out (the session page's form).
    user: String,
    /// Or the participant, as the room names them (the live page).
    participant: String,
}

pub async fn remove(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    Path(id): Path<Uuid>,
    Form(fields): Form<RemoveFields>,
) -> AppResult<Response> {
    let (host, occurrence) = overseen_open(&state, &viewer, id).await?;
    let user = if fields.participant.is_empty() {
        fields.user.clone()
    } else {
        let (engine, room) = engine_room(&state, id).await?;
        match engine.identify(&room, &fields.participant) {
            Some((user, Role::Viewer)) => user.to_string(),
            Some((_, Role::Moderator)) => return Err(AppError::Conflict("live-remove-host")),
            None => {
                if let Err(e) = engine.kick(&room, &fields.participant).await {
                    return Err(engine_failed(&state, id, "not put out", &e).await);
                }
                tracing::info!(session = %id, "live participant under a made-up id put out");
                return Ok(Redirect::to(&format!("/live/{id}")).into_response());
            }
        }
    };
    let user = concerned(&state, id, host, &user).await?;
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

/// `user` as someone the session concerns other than its host: a made-up id names nobody
/// here.
async fn concerned(state: &AppState, id: Uuid, host: Uuid, user: &str) -> AppResult<Uuid> {
    let Ok(user) = Uuid::try_parse(user.trim()) else {
        return Err(AppError::Conflict("live-remove-who"));
    };
    if user == host {
        return Err(AppError::Conflict("live-remove-host"));
    }
    if !state.store.live().may_join(user, id).await? {
        return Err(AppError::Conflict("live-remove-who"));
    }
    Ok(user)
}
