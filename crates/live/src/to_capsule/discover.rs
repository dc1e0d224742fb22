//! The engine's recordings of a session, recorded as pending (idempotent: a recording
//! already known is returned as it is). Janus records every publisher; only the host's
//! recordings (a participant id marked for the host as moderator with the room's secret) are
//! taken, so the pupils' microphones never become a capsule, and the others (whoever asked to
//! speak) are deleted as soon as they are found: a pupil's voice is kept nowhere. (Janus's
//! room records every publisher, and participants cannot be told apart before they join.)
//! BigBlueButton records the
//! meeting as one: each of its recordings is taken (and fails as unsupported when
//! converted).

use lawha_store::live::recordings::Recording;
use lawha_store::Store;
use uuid::Uuid;

use crate::janus::participant;
use crate::{Engine, LiveEngine, LiveError, Role, Room, RoomId, Secret};

/// Records the recordings `engine` holds for `session` as pending; returns them (new or
/// known). A session without a room has none.
pub async fn discover(
    store: &Store,
    engine: &Engine,
    session: Uuid,
) -> Result<Vec<Recording>, LiveError> {
    let live = store.live();
    let host = live.session(session).await?.host_id;
    let Some(stored) = live.engine_room(session).await? else {
        return Ok(Vec::new());
    };
    let room = Room {
        id: RoomId::new(stored.room_id),
        secret: Secret::new(stored.secret),
        created: None,
    };
    let mut found = Vec::new();
    for recording in engine.recordings(&room).await? {
        let taken = match engine {
            Engine::Janus(_) => recording
                .id
                .0
                .split_once('/')
                .and_then(|(_, id)| participant::read(&room.secret, id))
                .is_some_and(|(user, role)| user == host && role == Role::Moderator),
            Engine::BigBlueButton(_) => true,
        };
        if taken {
            let at = recording.started.unwrap_or_else(|| store.clock().now());
            found.push(live.add_recording(session, &recording.id.0, at).await?);
        } else if let Err(e) = engine.delete_recording(&recording.id).await {
            // Asked again at the next look; the code only (the error may name the room).
            tracing::warn!(%session, error = e.code(), "a participant's recording not deleted");
        }
    }
    Ok(found)
}
