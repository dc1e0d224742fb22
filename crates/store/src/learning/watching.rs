//! What each pupil watched: capsule-watch updates are append-only learner events with a
//! client-made id (a retry or a later offline sync never counts twice), and the derived
//! `capsule_views` row — where to resume, how much was watched — is updated in the event's
//! transaction. Also each viewer's data-saver choice.

use chrono::{DateTime, Utc};
use lawha_core::capsule::DataSaver;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Learning;
use crate::catalog::capsules::{Capsule, CapsuleRow, CAPSULE_COLS};
use crate::learning::watch_writes::{WatchToRecord, WatchWrites};
use crate::rows::{StoredAsName, StoredName};
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::timestamp;
use crate::BeginWrite;
use crate::{Result, StoreError};

/// A watch-progress update sent by the player.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WatchEvent {
    /// Made by the client: the idempotency key.
    pub id: Uuid,
    pub user_id: Uuid,
    pub capsule_id: Uuid,
    /// Where the player is.
    pub position_ms: i64,
    /// Share of the capsule watched so far, 0..=100.
    pub watched_pct: f64,
    pub occurred_at: DateTime<Utc>,
}

/// Where a pupil stands in a capsule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CapsuleView {
    pub capsule_id: Uuid,
    pub position_ms: i64,
    pub watched_pct: f64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct WatchPayload {
    position_ms: i64,
    watched_pct: f64,
}

/// Where a pupil stands in one capsule (`capsule_view`).
const CAPSULE_VIEW: &str = "SELECT position_ms, watched_pct, updated_at FROM capsule_views
     WHERE user_id = $1 AND capsule_id = $2";

/// Past this share a capsule counts as watched and leaves "continue watching".
pub const WATCHED_PCT: f64 = 95.0;

/// The events with their stored payloads, refusing values out of range.
pub(crate) fn watch_rows(events: &[WatchEvent]) -> Result<Vec<WatchToRecord<'_>>> {
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        if !(0.0..=100.0).contains(&e.watched_pct) || e.position_ms < 0 {
            return Err(StoreError::invalid(
                "watched_pct",
                lawha_core::validate::FieldError::new("out-of-range"),
            ));
        }
        let payload = serde_json::to_string(&WatchPayload {
            position_ms: e.position_ms,
            watched_pct: e.watched_pct,
        })
        .map_err(|err| StoreError::Corrupt(err.to_string()))?;
        rows.push((e, payload));
    }
    Ok(rows)
}

/// A watch update read back from its stored payload (what a node sends up).
pub(crate) fn watch_from_payload(
    id: Uuid,
    user_id: Uuid,
    capsule_id: Uuid,
    payload: &str,
    occurred_at: DateTime<Utc>,
) -> Result<WatchEvent> {
    let payload: WatchPayload = serde_json::from_str(payload)
        .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
    Ok(WatchEvent {
        id,
        user_id,
        capsule_id,
        position_ms: payload.position_ms,
        watched_pct: payload.watched_pct,
        occurred_at,
    })
}

impl Learning<'_> {
    /// Records a watch update; `false` when this event id was recorded before. The view
    /// keeps the position of the latest update (by when it happened, so late offline
    /// updates do not move it back) and the highest share watched.
    pub async fn record_watch(&self, event: &WatchEvent) -> Result<bool> {
        Ok(self.record_watches(std::slice::from_ref(event)).await? == 1)
    }

    /// Records many watch updates in one transaction (bulk ingest, offline sync); events
    /// already recorded are skipped. Returns how many were new.
    pub async fn record_watches(&self, events: &[WatchEvent]) -> Result<u64> {
        let rows = watch_rows(events)?;
        let received = self.store.now();
        let inserted = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = tx.record_watches(&rows, received).await?;
            tx.commit().await?;
            inserted
        });
        Ok(inserted.len() as u64)
    }

    pub async fn capsule_view(
        &self,
        user_id: Uuid,
        capsule_id: Uuid,
    ) -> Result<Option<CapsuleView>> {
        let in_place = self.store.read_in_place(|c| {
            query::optional(c, CAPSULE_VIEW, &[&user_id, &capsule_id], |row| {
                Ok((
                    row.get("position_ms")?,
                    row.get("watched_pct")?,
                    timestamp(row, "updated_at")?,
                ))
            })
        });
        let row: Option<(i64, f64, DateTime<Utc>)> = match in_place {
            Some(read) => read?,
            None => on_db!(self.store, pool => {
                sqlx::query_as(CAPSULE_VIEW).bind(user_id).bind(capsule_id).fetch_optional(pool).await?
            }),
        };
        Ok(
            row.map(|(position_ms, watched_pct, updated_at)| CapsuleView {
                capsule_id,
                position_ms,
                watched_pct,
                updated_at,
            }),
        )
    }

    /// Published capsules a pupil started and has not finished, most recent first.
    pub async fn continue_watching(
        &self,
        user_id: Uuid,
        limit: i64,
    ) -> Result<Vec<(Capsule, CapsuleView)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            capsule: CapsuleRow,
            position_ms: i64,
            watched_pct: f64,
            viewed_at: DateTime<Utc>,
        }
        let sql = format!(
            "SELECT {CAPSULE_COLS}, v.position_ms, v.watched_pct, v.updated_at AS viewed_at
             FROM capsule_views v JOIN capsules c ON c.id = v.capsule_id
             WHERE v.user_id = $1 AND v.watched_pct < $2 AND c.status = 'published'
             ORDER BY v.updated_at DESC LIMIT $3"
        );
        let in_place = self.store.read_in_place(|c| {
            query::all(c, &sql, &[&user_id, &WATCHED_PCT, &limit], |row| {
                Ok(Row {
                    capsule: CapsuleRow::read(row)?,
                    position_ms: row.get("position_ms")?,
                    watched_pct: row.get("watched_pct")?,
                    viewed_at: timestamp(row, "viewed_at")?,
                })
            })
        });
        let found = match in_place {
            Some(read) => read?,
            None => on_db!(self.store, pool => {
                sqlx::query_as::<_, Row>(&sql)
                    .bind(user_id).bind(WATCHED_PCT).bind(limit).fetch_all(pool).await?
            }),
        };
        found
            .into_iter()
            .map(|row| {
                let capsule = row.capsule.into_capsule()?;
                let view = CapsuleView {
                    capsule_id: capsule.id,
                    position_ms: row.position_ms,
                    watched_pct: row.watched_pct,
                    updated_at: row.viewed_at,
                };
                Ok((capsule, view))
            })
            .collect()
    }

    /// How many watch events a person has (each retry of a report counted once).
    pub async fn count_watch_events(&self, user_id: Uuid) -> Result<i64> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM learner_events WHERE user_id = $1 AND kind = 'watch'")
                .bind(user_id).fetch_one(pool).await?
        }))
    }

    /// Remembers what the person's player starts with; it is read with the account
    /// ([`crate::User::data_saver`]), so a node's cached session follows through the feed of
    /// account changes.
    pub async fn set_data_saver(&self, user_id: Uuid, choice: DataSaver) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("UPDATE users SET data_saver = $2 WHERE id = $1")
                .bind(user_id).bind(choice.as_str()).execute(pool).await?;
        });
        Ok(())
    }
}

impl StoredAsName for DataSaver {
    const WHAT: &'static str = "data saver";

    fn from_name(name: &str) -> Option<DataSaver> {
        DataSaver::parse(name)
    }
}

impl From<StoredName<DataSaver>> for DataSaver {
    fn from(name: StoredName<DataSaver>) -> DataSaver {
        name.0
    }
}
