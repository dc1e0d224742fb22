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
use crate::rollups::queue::RollupQueue;
use crate::rows::{StoredAsName, StoredName};
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::timestamp;
use crate::BeginWrite;
use crate::{Result, StoreError};

/// A watch-progress update sent by the player.
#[derive(Debug, Clone, Copy, PartialEq)]
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

impl Learning<'_> {
    /// Records a watch update; `false` when this event id was recorded before. The view
    /// keeps the position of the latest update (by when it happened, so late offline
    /// updates do not move it back) and the highest share watched.
    pub async fn record_watch(&self, event: &WatchEvent) -> Result<bool> {
        if !(0.0..=100.0).contains(&event.watched_pct) || event.position_ms < 0 {
            return Err(StoreError::invalid(
                "watched_pct",
                lawha_core::validate::FieldError::new("out-of-range"),
            ));
        }
        let payload = serde_json::to_string(&WatchPayload {
            position_ms: event.position_ms,
            watched_pct: event.watched_pct,
        })
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let received = self.store.now();
        let inserted = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = sqlx::query(
                "INSERT INTO learner_events (id, user_id, kind, capsule_id, payload, occurred_at, received_at)
                 VALUES ($1, $2, 'watch', $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
            )
            .bind(event.id).bind(event.user_id).bind(event.capsule_id).bind(&payload)
            .bind(event.occurred_at).bind(received)
            .execute(&mut *tx).await?.rows_affected() == 1;
            if inserted {
                tx.queue_rollups(&[event.id], received).await?;
                sqlx::query(
                    "INSERT INTO capsule_views (user_id, capsule_id, position_ms, watched_pct, updated_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (user_id, capsule_id) DO UPDATE SET
                       position_ms = CASE WHEN excluded.updated_at >= capsule_views.updated_at
                                          THEN excluded.position_ms ELSE capsule_views.position_ms END,
                       watched_pct = CASE WHEN excluded.watched_pct > capsule_views.watched_pct
                                          THEN excluded.watched_pct ELSE capsule_views.watched_pct END,
                       updated_at = CASE WHEN excluded.updated_at > capsule_views.updated_at
                                         THEN excluded.updated_at ELSE capsule_views.updated_at END",
                )
                .bind(event.user_id).bind(event.capsule_id).bind(event.position_ms)
                .bind(event.watched_pct).bind(event.occurred_at)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            inserted
        });
        Ok(inserted)
    }

    /// Records many watch updates in one transaction (bulk ingest, offline sync); events
    /// already recorded are skipped. Returns how many were new.
    pub async fn record_watches(&self, events: &[WatchEvent]) -> Result<u64> {
        const ROWS: usize = 500;
        let received = self.store.now();
        let mut payloads = Vec::with_capacity(events.len());
        for e in events {
            if !(0.0..=100.0).contains(&e.watched_pct) || e.position_ms < 0 {
                return Err(StoreError::invalid(
                    "watched_pct",
                    lawha_core::validate::FieldError::new("out-of-range"),
                ));
            }
            payloads.push(
                serde_json::to_string(&WatchPayload {
                    position_ms: e.position_ms,
                    watched_pct: e.watched_pct,
                })
                .map_err(|err| StoreError::Corrupt(err.to_string()))?,
            );
        }
        let rows: Vec<(&WatchEvent, &String)> = events.iter().zip(&payloads).collect();
        let inserted = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let mut inserted: Vec<Uuid> = Vec::new();
            for chunk in rows.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO learner_events (id, user_id, kind, capsule_id, payload, occurred_at, received_at) ");
                q.push_values(chunk, |mut r, (e, payload)| {
                    r.push_bind(e.id).push_bind(e.user_id).push_bind("watch").push_bind(e.capsule_id)
                        .push_bind(payload.as_str()).push_bind(e.occurred_at).push_bind(received);
                });
                q.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                inserted.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *tx).await?);
            }
            // The views, one row per (pupil, capsule) of the batch: the latest position and
            // the highest share (one statement may not update a row twice).
            let new: std::collections::HashSet<Uuid> = inserted.iter().copied().collect();
            let mut views: std::collections::BTreeMap<(Uuid, Uuid), (i64, f64, DateTime<Utc>)> = Default::default();
            for e in events.iter().filter(|e| new.contains(&e.id)) {
                let v = views.entry((e.user_id, e.capsule_id)).or_insert((e.position_ms, e.watched_pct, e.occurred_at));
                if e.occurred_at >= v.2 {
                    (v.0, v.2) = (e.position_ms, e.occurred_at);
                }
                v.1 = v.1.max(e.watched_pct);
            }
            let views: Vec<_> = views.into_iter().collect();
            for chunk in views.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO capsule_views (user_id, capsule_id, position_ms, watched_pct, updated_at) ");
                q.push_values(chunk, |mut r, ((user, capsule), (position, pct, at))| {
                    r.push_bind(*user).push_bind(*capsule).push_bind(*position).push_bind(*pct).push_bind(*at);
                });
                q.push(" ON CONFLICT (user_id, capsule_id) DO UPDATE SET
                       position_ms = CASE WHEN excluded.updated_at >= capsule_views.updated_at
                                          THEN excluded.position_ms ELSE capsule_views.position_ms END,
                       watched_pct = CASE WHEN excluded.watched_pct > capsule_views.watched_pct
                                          THEN excluded.watched_pct ELSE capsule_views.watched_pct END,
                       updated_at = CASE WHEN excluded.updated_at > capsule_views.updated_at
                                         THEN excluded.updated_at ELSE capsule_views.updated_at END");
                q.build().execute(&mut *tx).await?;
            }
            tx.queue_rollups(&inserted, received).await?;
            tx.commit().await?;
            inserted.len() as u64
        });
        Ok(inserted)
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
