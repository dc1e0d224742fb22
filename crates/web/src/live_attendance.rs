//! Attendance from the engine, not the page: a background task that, for every session
//! whose room exists and whose joining window is open, asks the engine who is in the room
//! every few seconds and stores the joins and leaves since Lawha's last record
//! (`lawha_live::changes`). Once an occurrence has ended, whoever is still in by Lawha's
//! record gets a leave at the end.
//!
//! "Before" is what the store holds, not what this task remembers: a restarted task, or two
//! nodes polling at once, start from the same record. Each event's key is the occurrence,
//! the person and how many events of theirs the occurrence already has, so two nodes seeing
//! the same change write one event (the store keeps each key once).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lawha_core::live::{Movement, Occurrence};
use lawha_live::{AttendanceEvent as Seen, Present, Role};
use lawha_store::live::attendance::EngineEvent;
use lawha_store::live::Session;
use lawha_store::Store;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::{AppState, LiveRooms};

/// How often a node asks the engine who is in each open room, by default.
pub const POLL_EVERY: Duration = Duration::from_secs(15);

/// How long after a session's last end its room is still looked at (to close attendance
/// after a node was down through the end).
pub fn grace() -> chrono::Duration {
    chrono::Duration::hours(6)
}

/// Runs the poller until the program stops; does nothing without an engine.
pub async fn run(state: AppState, every: Duration) {
    let Some(engine) = state.live.clone() else {
        return;
    };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = poll_once(&state.store, engine.as_ref(), state.now()).await {
            tracing::warn!(error = %e, "live attendance poll failed");
        }
    }
}

/// One look at every session with a room that is open or just ended; returns how many new
/// events were stored. A session whose engine call fails is skipped (logged) and looked at
/// again next time; the others go on.
pub async fn poll_once(
    store: &Store,
    engine: &dyn LiveRooms,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let mut added = 0;
    for session in store.live().sessions_with_rooms(now, grace()).await? {
        match sync_session(store, engine, &session, now).await {
            Ok(n) => added += n,
            Err(e) => {
                tracing::warn!(session = %session.id, error = %e, "live attendance not taken")
            }
        }
    }
    Ok(added)
}

/// The occurrence that `now` belongs to: the last one whose joining window has opened.
pub fn current_occurrence(session: &Session, now: DateTime<Utc>) -> Option<Occurrence> {
    session
        .slot
        .all()
        .take_while(|o| lawha_core::live::window::opens_at(o) <= now)
        .last()
}

/// Brings the stored attendance of `session`'s current occurrence up to the engine's list
/// (or, once it has ended, closes it); returns how many events were new.
pub async fn sync_session(
    store: &Store,
    engine: &dyn LiveRooms,
    session: &Session,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let Some(occurrence) = current_occurrence(session, now) else {
        return Ok(0);
    };
    let Some(stored) = store.live().engine_room(session.id).await? else {
        return Ok(0);
    };
    let recorded = store
        .live()
        .occurrence_events(session.id, occurrence.starts_at)
        .await?;
    // Per person: events so far, and connections open by Lawha's record.
    let mut people: BTreeMap<Uuid, (usize, i64)> = BTreeMap::new();
    for event in &recorded {
        let entry = people.entry(event.person).or_default();
        entry.0 += 1;
        entry.1 += match event.movement {
            Movement::Join => 1,
            Movement::Leave => -1,
        };
    }
    let before: Vec<Present> = people
        .iter()
        .filter(|(_, (_, open))| *open > 0)
        .map(|(user, _)| present(*user))
        .collect();
    let (seen, at) = if now < occurrence.ends_at {
        let room = crate::live_engine::room_of(&stored);
        let seen = match engine.present(&room).await {
            Ok(seen) => seen,
            Err(e) => {
                // The engine's error says what failed (never a room id or a URL).
                tracing::warn!(session = %session.id, error = %e, "live engine not asked");
                return Err(AppError::internal(e));
            }
        };
        (seen, now)
    } else {
        (Vec::new(), occurrence.ends_at)
    };
    let events: Vec<EngineEvent> = lawha_live::changes(&before, &seen, at)
        .into_iter()
        .map(|change| {
            let (person, movement, at) = match change {
                Seen::Joined { user, at } => (user, Movement::Join, at),
                Seen::Left { user, at } => (user, Movement::Leave, at),
            };
            let seq = people.get(&person).map_or(0, |(n, _)| *n);
            EngineEvent {
                key: format!("poll:{}:{person}:{seq}", occurrence.starts_at.timestamp()),
                person,
                movement,
                at,
            }
        })
        .collect();
    if events.is_empty() {
        return Ok(0);
    }
    Ok(store.live().record_attendance(session.id, &events).await?)
}

fn present(user: Uuid) -> Present {
    Present {
        user: Some(user),
        role: Role::Viewer,
        listening_only: false,
        has_video: false,
    }
}
