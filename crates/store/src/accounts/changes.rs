//! The feed of account changes (`account_changes`), written by database triggers whenever a
//! person's row, grants or sessions change: what a node's session cache reads to drop entries
//! that another node (or another write path of this one) made stale.

use uuid::Uuid;

use super::Accounts;
use crate::{Backend, Result};

/// One change: whose sessions to drop, and where it stands in the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountChange {
    pub seq: i64,
    pub user_id: Uuid,
    /// How long ago the change was written, by the database's clock (milliseconds).
    pub age_ms: i64,
}

/// How long a change stays in the feed (milliseconds): far longer than any node's refresh
/// interval, so a node that was briefly slow still reads it. A node whose last read is older
/// than this cannot know what it missed and must drop its whole cache.
pub const ACCOUNT_CHANGES_KEPT_MS: i64 = 10 * 60 * 1000;

/// The database's clock in milliseconds since the Unix epoch, per engine.
const SQLITE_NOW_MS: &str = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
const POSTGRES_NOW_MS: &str = "(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT";

impl Accounts<'_> {
    /// The changes after `seq`, oldest first, at most `limit`.
    pub async fn account_changes_after(&self, seq: i64, limit: i64) -> Result<Vec<AccountChange>> {
        let sql = format!(
            "SELECT seq, user_id, {} - at_ms AS age_ms FROM account_changes
             WHERE seq > $1 ORDER BY seq LIMIT $2",
            self.now_ms_sql()
        );
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, AccountChange>(&sql).bind(seq).bind(limit).fetch_all(pool).await?
        }))
    }

    /// Deletes the changes older than [`ACCOUNT_CHANGES_KEPT_MS`]; returns how many went.
    pub(crate) async fn prune_account_changes(&self) -> Result<u64> {
        let sql = format!(
            "DELETE FROM account_changes WHERE at_ms < {} - $1",
            self.now_ms_sql()
        );
        Ok(on_db!(self.store, pool => {
            sqlx::query(&sql).bind(ACCOUNT_CHANGES_KEPT_MS).execute(pool).await?.rows_affected()
        }))
    }

    fn now_ms_sql(&self) -> &'static str {
        match self.store.backend() {
            Backend::Sqlite => SQLITE_NOW_MS,
            Backend::Postgres => POSTGRES_NOW_MS,
        }
    }

    /// The newest change's position (0 when there is none): where a fresh node starts reading.
    pub async fn latest_account_change(&self) -> Result<i64> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM account_changes")
                .fetch_one(pool).await?.unwrap_or(0)
        }))
    }
}
