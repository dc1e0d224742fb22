//! `POST /live/{id}/mute` (the host and the administrators who oversee the session, CSRF):
//! mutes one participant, or lets them through again (`mute=false`), in the occurrence open
//! now. Posted by the host's live page (`live.js`), which names the participant as the room
//! shows them (`participant`) and the streams the room lists for them (`streams`,
//! comma-separated, at most [`MAX_STREAMS`]); answers 204. The engine mutes exactly that
//! participant (`LiveEngine::mute`: Janus stops relaying those streams to everyone), so a
//! page that joined under an id naming someone else mutes itself, never that person; the
//! host cannot be muted. Lawha keeps no state of it: a muted person who joins again arrives
//! unmuted, and removal (`remove.rs`) is what keeps someone out. BigBlueButton mutes in its
//! own client: 409.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lawha_live::{LiveError, Role, StreamId};
use serde::Deserialize;
use uuid::Uuid;

use super::moderation::{engine_failed, engine_room, overseen_open};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::session::Signed;
use crate::AppState;

/// A participant sends a sound and perhaps a screen and a camera: a few streams at most.
const MAX_STREAMS: usize = 8;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MuteFields {
    /// The participant to mute, as the room names them.
    participant: String,
    /// Their streams' names, comma-separated.
    streams: String,
    /// `true` to mute, `false` to let through again.
    mute: String,
}

pub async fn mute(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    Path(id): Path<Uuid>,
    Form(fields): Form<MuteFields>,
) -> AppResult<Response> {
    overseen_open(&state, &viewer, id).await?;
    let streams = streams(&fields.streams).ok_or(AppError::Conflict("live-mute-streams"))?;
    let mute = match fields.mute.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::Conflict("live-mute-streams")),
    };
    let (engine, room) = engine_room(&state, id).await?;
    let participant = fields.participant.as_str();
    let person = match engine.identify(&room, participant) {
        Some((_, Role::Moderator)) => return Err(AppError::Conflict("live-remove-host")),
        Some((user, Role::Viewer)) => Some(user),
        None => None,
    };
    if participant.is_empty() {
        return Err(AppError::Conflict("live-remove-who"));
    }
    match engine.mute(&room, participant, &streams, mute).await {
        Ok(()) => {}
        Err(LiveError::Unsupported(_)) => return Err(AppError::Conflict("live-mute-engine")),
        Err(LiveError::Refused { .. }) => return Err(AppError::Conflict("live-mute-streams")),
        Err(e) => return Err(engine_failed(&state, id, "not muted", &e).await),
    }
    match person {
        Some(user) => {
            tracing::info!(session = %id, participant = %user, mute, "live participant muted")
        }
        None => tracing::info!(session = %id, mute, "live participant under a made-up id muted"),
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `0,1` as stream names: one to [`MAX_STREAMS`], each a valid name, none twice.
fn streams(text: &str) -> Option<Vec<StreamId>> {
    let mut names: Vec<StreamId> = Vec::new();
    for part in text.split(',') {
        let name = StreamId::parse(part.trim())?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (names.len() <= MAX_STREAMS).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::streams;

    #[test]
    fn stream_lists_are_short_lists_of_names() {
        let names = |t: &str| {
            streams(t).map(|v| v.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(names("0"), Some(vec!["0".to_owned()]));
        assert_eq!(names("0, 1,0"), Some(vec!["0".to_owned(), "1".to_owned()]));
        assert_eq!(names(""), None);
        assert_eq!(names("0,,1"), None);
        assert_eq!(names("0;1"), None);
        assert_eq!(
            names(&(0..9).map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
            None
        );
        assert!(names(&(0..8).map(|i| i.to_string()).collect::<Vec<_>>().join(",")).is_some());
    }
}
