//! The node's side: what the platform acknowledged (`sync_state`), and the next batch after
//! it, read from `learner_events` and `users`.
//!
//! Events are read in the node's own insertion order — SQLite's rowid, PostgreSQL's
//! `local_seq` — never by id: an event made offline long ago (an id older than others) and
//! inserted today still comes after everything already read. On PostgreSQL a sequence value
//! is drawn before its transaction commits, so the read first takes a SHARE lock on
//! `learner_events`, which waits for the inserts in flight: no commit after the read can
//! carry a smaller value than one the read returned. SQLite's writers take turns, so its
//! rowids already grow in commit order (events are never deleted, so none is reused).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::batch::{AccountEdit, Batch, Cursor, NodeHealth, BATCH_VERSION, MAX_ACCOUNT_EDITS};
use super::NodeSync;
use crate::learning::exercises::answer_from_payload;
use crate::learning::watching::watch_from_payload;
use crate::{Backend, BeginWrite, Result, StoreError};

/// `sync_state` key of the acknowledged cursor (JSON).
const ACKNOWLEDGED: &str = "acknowledged";

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    id: Uuid,
    user_id: Uuid,
    kind: String,
    set_id: Option<Uuid>,
    item_id: Option<Uuid>,
    capsule_id: Option<Uuid>,
    payload: String,
    occurred_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    password_hash: String,
    must_change_password: bool,
    locale: Option<String>,
    updated_at: DateTime<Utc>,
}

impl NodeSync<'_> {
    /// Where the platform's acknowledgements have brought this node (the start when none).
    pub async fn acknowledged(&self) -> Result<Cursor> {
        match self.state(ACKNOWLEDGED).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("sync cursor: {e}"))),
            None => Ok(Cursor::default()),
        }
    }

    /// Records the platform's acknowledgement of everything up to `cursor`. Call it only
    /// with a cursor the platform answered, which it sends after its commit: a batch whose
    /// answer was lost is sent again, and the platform applies it once.
    pub async fn acknowledge(&self, cursor: Cursor) -> Result<()> {
        let json = serde_json::to_string(&cursor)
            .map_err(|e| StoreError::Corrupt(format!("sync cursor: {e}")))?;
        self.set_state(ACKNOWLEDGED, &json).await
    }

    /// The pack this node runs: the newest build it applied (`schoolbag`'s record).
    async fn running_pack(&self) -> Result<Option<String>> {
        let installed = self.store.schoolbag().installed_packs().await?;
        Ok(installed.first().map(|pack| pack.pack_id.to_string()))
    }

    /// The next batch after `after` — at most `max_events` learner events, oldest first,
    /// and the account edits since — or `None` when nothing is left to send. `after` is
    /// [`NodeSync::acknowledged`], or the previous batch's `to` when writing several ahead of
    /// any acknowledgement (a return file).
    pub async fn next_batch(
        &self,
        node_id: Uuid,
        after: Cursor,
        max_events: usize,
        app_version: &str,
    ) -> Result<Option<Batch>> {
        let max_events = max_events.clamp(1, super::batch::MAX_EVENTS) as i64;
        let (seq, lock) = match self.store.backend() {
            Backend::Sqlite => ("rowid", None),
            Backend::Postgres => ("local_seq", Some("LOCK TABLE learner_events IN SHARE MODE")),
        };
        let events_sql = format!(
            "SELECT {seq} AS seq, id, user_id, kind, set_id, item_id, capsule_id, payload, occurred_at
             FROM learner_events WHERE {seq} > $1 ORDER BY {seq} LIMIT $2"
        );
        let backlog_sql = format!("SELECT COUNT(*) FROM learner_events WHERE {seq} > $1");
        let (after_at, after_id) = after
            .accounts
            .unwrap_or((DateTime::UNIX_EPOCH, Uuid::nil()));
        // One transaction, so the events, the backlog and the accounts are read from the same
        // state (on PostgreSQL, under the SHARE lock taken first); the node's writes wait a moment.
        let (events, backlog, accounts) = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(lock) = lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let events: Vec<EventRow> = sqlx::query_as(&events_sql)
                .bind(after.events).bind(max_events).fetch_all(&mut *tx).await?;
            let backlog: i64 = sqlx::query_scalar(&backlog_sql)
                .bind(after.events).fetch_one(&mut *tx).await?;
            let accounts: Vec<AccountRow> = sqlx::query_as(
                "SELECT id, password_hash, must_change_password, locale, updated_at FROM users
                 WHERE updated_at > $1 OR (updated_at = $1 AND id > $2)
                 ORDER BY updated_at, id LIMIT $3",
            )
            .bind(after_at).bind(after_id).bind(MAX_ACCOUNT_EDITS as i64)
            .fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (events, backlog, accounts)
        });
        if events.is_empty() && accounts.is_empty() {
            return Ok(None);
        }
        let mut to = after;
        let mut batch = Batch {
            version: BATCH_VERSION,
            node_id,
            batch_id: Uuid::now_v7(),
            from: after,
            to,
            answers: Vec::new(),
            watches: Vec::new(),
            accounts: Vec::with_capacity(accounts.len()),
            health: NodeHealth {
                pack_id: self.running_pack().await?,
                backlog,
                app_version: app_version.to_owned(),
            },
        };
        for row in events {
            to.events = row.seq;
            match (row.kind.as_str(), row.set_id, row.item_id, row.capsule_id) {
                ("answer", Some(set_id), Some(item_id), _) => {
                    batch.answers.push(answer_from_payload(
                        row.id,
                        row.user_id,
                        set_id,
                        item_id,
                        &row.payload,
                        row.occurred_at,
                    )?)
                }
                ("watch", _, _, Some(capsule_id)) => batch.watches.push(watch_from_payload(
                    row.id,
                    row.user_id,
                    capsule_id,
                    &row.payload,
                    row.occurred_at,
                )?),
                _ => return Err(StoreError::Corrupt(format!("event {}: incomplete", row.id))),
            }
        }
        for row in accounts {
            to.accounts = Some((row.updated_at, row.id));
            batch.accounts.push(AccountEdit {
                user_id: row.id,
                password_hash: row.password_hash,
                must_change_password: row.must_change_password,
                locale: row.locale,
                edited_at: row.updated_at,
            });
        }
        batch.to = to;
        Ok(Some(batch))
    }

    async fn state(&self, key: &str) -> Result<Option<String>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT value FROM sync_state WHERE key = $1")
                .bind(key).fetch_optional(pool).await?
        }))
    }

    async fn set_state(&self, key: &str, value: &str) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO sync_state (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key).bind(value).execute(pool).await?;
        });
        Ok(())
    }
}
