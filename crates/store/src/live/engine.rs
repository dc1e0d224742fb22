//! A session's room on the conferencing engine, and the engine's failures.
//!
//! The room id and its secret are what let someone into the room: they are read by
//! [`Live::engine_room`] alone, into a type whose `Debug` hides them, and no [`Session`]
//! carries them (so a page cannot show them, nor a log print them with the session).
//!
//! [`Session`]: super::Session

use lawha_core::validate::FieldError;
use uuid::Uuid;

use chrono::{DateTime, Duration, Utc};

use super::{Live, Session, SessionRow, SESSION_COLS};
use crate::rows::found;
use crate::{Result, StoreError};

/// A session's room on the engine: for the code that talks to the engine, never for pages.
#[derive(Clone, PartialEq, Eq)]
pub struct EngineRoom {
    pub room_id: String,
    pub secret: String,
}

impl std::fmt::Debug for EngineRoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EngineRoom(hidden)")
    }
}

/// Longest stored room id, secret or failure code.
const MAX_ENGINE_TEXT: usize = 200;

/// A failure code: a stable, short kebab-case key (e.g. `live-engine-down`) that pages
/// translate; never an engine's free text, which may hold a room id or a URL.
pub(crate) fn failure_code(code: &str) -> Result<&str> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(code)
    } else {
        Err(StoreError::invalid("code", FieldError::new("invalid")))
    }
}

impl Live<'_> {
    /// Records the room the engine made for `session` and clears any failure marked on it.
    pub async fn attach_room(&self, session: Uuid, room: &EngineRoom) -> Result<()> {
        let too_long = |s: &str| s.is_empty() || s.len() > MAX_ENGINE_TEXT;
        if too_long(&room.room_id) || too_long(&room.secret) {
            return Err(StoreError::invalid("room", FieldError::new("invalid")));
        }
        let changed = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE live_sessions SET engine_room_id = $2, engine_secret = $3,
                   engine_failed_at = NULL, engine_failure = NULL WHERE id = $1",
            )
            .bind(session).bind(&room.room_id).bind(&room.secret)
            .execute(pool).await?.rows_affected()
        });
        found(changed)
    }

    /// The room of `session` on the engine, if one was made.
    pub async fn engine_room(&self, session: Uuid) -> Result<Option<EngineRoom>> {
        let row: (Option<String>, Option<String>) = self
            .store
            .fetch_one(
                "SELECT engine_room_id, engine_secret FROM live_sessions WHERE id = $1",
                session,
            )
            .await?;
        Ok(match row {
            (Some(room_id), Some(secret)) => Some(EngineRoom { room_id, secret }),
            _ => None,
        })
    }

    /// The session whose room on the engine is `room_id`, if any (an engine's callback names
    /// the room; it is believed only once its signature checked out).
    pub async fn session_of_room(&self, room_id: &str) -> Result<Option<Uuid>> {
        if room_id.is_empty() || room_id.len() > MAX_ENGINE_TEXT {
            return Ok(None);
        }
        let rows: Vec<(Uuid,)> = on_db!(self.store, pool => {
            sqlx::query_as("SELECT id FROM live_sessions WHERE engine_room_id = $1")
                .bind(room_id).fetch_all(pool).await?
        });
        // Room ids are random and 128 bits: two sessions never share one.
        Ok(rows.first().map(|(id,)| *id))
    }

    /// Sessions with a room on the engine whose joining window opened by `now` and whose
    /// last occurrence ended less than `grace` ago: those whose attendance the engine is
    /// asked about (and, just after an occurrence ends, whose remaining people are closed).
    pub async fn sessions_with_rooms(
        &self,
        now: DateTime<Utc>,
        grace: Duration,
    ) -> Result<Vec<Session>> {
        let opens = now + Duration::minutes(lawha_core::live::window::JOIN_OPENS_MINUTES);
        let sql = format!(
            "SELECT {SESSION_COLS} FROM live_sessions s
             WHERE s.engine_room_id IS NOT NULL AND s.starts_at <= $1 AND s.last_ends_at > $2
             ORDER BY s.starts_at, s.id"
        );
        let rows: Vec<SessionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(opens).bind(now - grace).fetch_all(pool).await?
        });
        self.sessions_of_rows(rows).await
    }

    /// Marks that the engine failed `session` (down, or refusing), with a stable `code`: the
    /// session page says so, and the session, its invitations and attendance stay as they
    /// are.
    pub async fn mark_engine_failure(&self, session: Uuid, code: &str) -> Result<()> {
        let code = failure_code(code)?;
        let changed = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE live_sessions SET engine_failed_at = $2, engine_failure = $3 WHERE id = $1",
            )
            .bind(session).bind(self.store.now()).bind(code)
            .execute(pool).await?.rows_affected()
        });
        found(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_codes_are_stable_keys_not_free_text() {
        assert!(failure_code("live-engine-down").is_ok());
        assert!(failure_code("").is_err());
        assert!(failure_code("Engine down at https://bbb/").is_err());
        assert!(failure_code(&"a".repeat(65)).is_err());
    }

    #[test]
    fn a_room_s_debug_hides_it() {
        let room = EngineRoom {
            room_id: "room-123".into(),
            secret: "s3cret".into(),
        };
        let shown = format!("{room:?}");
        assert!(!shown.contains("room-123") && !shown.contains("s3cret"));
    }
}
