//! Recordings of live sessions on their way to a draft capsule, and their status (the
//! moves are `core::live::RecordingStatus`'s). A failed one keeps its reason, for the
//! session page: nothing is lost silently.

use chrono::{DateTime, Utc};
use lawha_core::live::RecordingStatus;
use lawha_core::new_id;
use lawha_core::validate::FieldError;
use serde::Serialize;
use uuid::Uuid;

use super::engine::failure_code;
use super::{occurrence_of, Live};
use crate::{Refusal, Result, StoreError};

/// Longest engine recording id.
const MAX_RECORDING_ID: usize = 200;

/// A recording of one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recording {
    pub id: Uuid,
    pub session_id: Uuid,
    pub occurrence_start: DateTime<Utc>,
    pub engine_recording_id: String,
    pub status: RecordingStatus,
    /// Why it failed (a stable code), when it did.
    pub failure: Option<String>,
    /// The draft capsule it became, once ready.
    pub capsule_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where a recording goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordingMove {
    /// Conversion started.
    Converting,
    /// Ingested as the draft capsule `capsule`.
    Ready { capsule: Uuid },
    /// Conversion or ingest failed, with a stable reason code.
    Failed { reason: String },
    /// A failed recording is tried again.
    Retry,
}

impl RecordingMove {
    fn status(&self) -> RecordingStatus {
        match self {
            RecordingMove::Converting => RecordingStatus::Converting,
            RecordingMove::Ready { .. } => RecordingStatus::Ready,
            RecordingMove::Failed { .. } => RecordingStatus::Failed,
            RecordingMove::Retry => RecordingStatus::Pending,
        }
    }
}

pub(super) const RECORDING_COLS: &str =
    "id, session_id, occurrence_start, engine_recording_id, status,
    failure, capsule_id, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(super) struct RecordingRow {
    id: Uuid,
    session_id: Uuid,
    occurrence_start: DateTime<Utc>,
    engine_recording_id: String,
    status: String,
    failure: Option<String>,
    capsule_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl RecordingRow {
    pub(super) fn into_recording(self) -> Result<Recording> {
        let status = self
            .status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("recording {}", self.id)))?;
        Ok(Recording {
            id: self.id,
            session_id: self.session_id,
            occurrence_start: self.occurrence_start,
            engine_recording_id: self.engine_recording_id,
            status,
            failure: self.failure,
            capsule_id: self.capsule_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl Live<'_> {
    /// Records a recording the engine reported for `session`, made at `at` (it belongs to
    /// the occurrence under way then), as pending. The engine's id makes this idempotent: a
    /// replayed report returns the recording already known; one known under another session
    /// is [`StoreError::NotFound`] for this one.
    pub async fn add_recording(
        &self,
        session: Uuid,
        engine_recording_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Recording> {
        if engine_recording_id.is_empty() || engine_recording_id.len() > MAX_RECORDING_ID {
            return Err(StoreError::invalid("recording", FieldError::new("invalid")));
        }
        let slot = self.session(session).await?.slot;
        let occurrence = occurrence_of(&slot, at)
            .ok_or_else(|| StoreError::invalid("at", FieldError::new("outside-session")))?;
        let now = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO live_recordings (id, session_id, occurrence_start,
                   engine_recording_id, status, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'pending', $5, $5)
                 ON CONFLICT (engine_recording_id) DO NOTHING",
            )
            .bind(new_id()).bind(session).bind(occurrence.starts_at)
            .bind(engine_recording_id).bind(now)
            .execute(pool).await?;
        });
        let row: RecordingRow = self
            .store
            .fetch_one(
                &format!(
                    "SELECT {RECORDING_COLS} FROM live_recordings WHERE engine_recording_id = $1"
                ),
                engine_recording_id.to_owned(),
            )
            .await?;
        if row.session_id != session {
            return Err(StoreError::NotFound);
        }
        row.into_recording()
    }

    /// The recordings of `session`, oldest first.
    pub async fn recordings(&self, session: Uuid) -> Result<Vec<Recording>> {
        let rows: Vec<RecordingRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {RECORDING_COLS} FROM live_recordings WHERE session_id = $1
                     ORDER BY occurrence_start, created_at, id"
                ),
                session,
            )
            .await?;
        rows.into_iter().map(RecordingRow::into_recording).collect()
    }

    /// Moves recording `id` on; [`Refusal::CannotMoveRecording`] when its status does not
    /// allow that move. The check is the update's own condition, so two workers cannot both
    /// make one move.
    pub async fn move_recording(&self, id: Uuid, to: &RecordingMove) -> Result<Recording> {
        let target = to.status();
        let (failure, capsule) = match to {
            RecordingMove::Failed { reason } => (Some(failure_code(reason)?), None),
            RecordingMove::Ready { capsule } => (None, Some(*capsule)),
            RecordingMove::Converting | RecordingMove::Retry => (None, None),
        };
        let from: Vec<&'static str> = [
            RecordingStatus::Pending,
            RecordingStatus::Converting,
            RecordingStatus::Ready,
            RecordingStatus::Failed,
        ]
        .into_iter()
        .filter(|s| s.can_move_to(target))
        .map(RecordingStatus::as_str)
        .collect();
        // Status names are this crate's own constants, never input.
        let allowed = from
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE live_recordings SET status = $2, failure = $3,
               capsule_id = COALESCE($4, capsule_id), updated_at = $5
             WHERE id = $1 AND status IN ({allowed})"
        );
        let changed = on_db!(self.store, pool => {
            sqlx::query(&sql)
                .bind(id).bind(target.as_str()).bind(failure).bind(capsule).bind(self.store.now())
                .execute(pool).await?.rows_affected()
        });
        let row: RecordingRow = self
            .store
            .fetch_one(
                &format!("SELECT {RECORDING_COLS} FROM live_recordings WHERE id = $1"),
                id,
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::Conflict(Refusal::CannotMoveRecording));
        }
        row.into_recording()
    }
}
