//! Recordings found without anyone asking: the sessions whose occurrence has ended (and
//! settled) are asked for their recordings, which [`super::discover`] records as pending.
//! `lawha serve` runs this, then the worker, every few minutes
//! ([`super::RecordingWorker::round`]), so an ended session's recording becomes a draft
//! capsule with no command.

use chrono::{DateTime, Duration, Utc};
use lawha_core::live::window::opens_at;
use lawha_store::Store;

use super::discover;
use crate::{Engine, LiveError};

/// How long after an occurrence's end its recordings are first looked for, by default
/// (`lawha serve` may set another: its `live_recordings_settle_seconds`): Janus closes a
/// participant's files when they leave, and the room ends (or empties) at the end; a
/// recording still being written must not be converted half-made.
pub fn settle() -> Duration {
    Duration::minutes(3)
}

/// How long after an occurrence's end its recordings are still looked for (a node that was
/// down through the end catches up; BigBlueButton's processing also reports itself through
/// the recording-ready callback).
pub fn look_for() -> Duration {
    Duration::hours(6)
}

/// Asks the engine for the recordings of every session whose current occurrence ended
/// between [`look_for`] and `settle` ago, and records them as pending; returns how many
/// recordings those sessions have (known before or new). A session the engine fails for is
/// logged and skipped (it is asked again next round); the store's errors stop the round.
pub async fn discover_ended(
    store: &Store,
    engine: &Engine,
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, LiveError> {
    let mut found = 0;
    for session in store.live().sessions_with_rooms(now, look_for()).await? {
        let Some(occurrence) = session.slot.all().take_while(|o| opens_at(o) <= now).last() else {
            continue;
        };
        let ended = now - occurrence.ends_at;
        if ended < settle || ended > look_for() {
            continue;
        }
        match discover(store, engine, session.id).await {
            Ok(recordings) => found += recordings.len(),
            Err(LiveError::Store(e)) => return Err(LiveError::Store(e)),
            Err(e) => {
                // The code only: the engine's text may name the room.
                tracing::warn!(session = %session.id, error = e.code(), "live recordings not looked for");
            }
        }
    }
    Ok(found)
}
