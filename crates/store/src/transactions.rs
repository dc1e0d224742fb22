//! How write transactions start, and the pools' check that none is ever left open.
//!
//! A caller's future can be dropped at any await: a client hanging up drops its request,
//! a timeout drops what it wraps. sqlx (0.8.6) cannot undo a `BEGIN` interrupted midway:
//! the transaction is open on the connection before the `Transaction` that would roll it
//! back on drop exists (SQLite with a custom `BEGIN`, launchbadge/sqlx#3932; PostgreSQL,
//! #4385, fixed upstream by #4394 after 0.8.6). The connection then goes back to the pool
//! inside that transaction: SQLite keeps its write lock, so every writer fails "database
//! is locked"; on PostgreSQL the next borrowers' statements run inside it and are never
//! committed, their row locks held. Two guards:
//!
//! - [`BeginWrite`] runs `BEGIN` in a task of its own that the caller awaits: dropping
//!   the caller cannot stop it halfway, and if the caller is gone when it ends, the task
//!   drops the finished `Transaction`, which rolls back. Once the caller holds the
//!   `Transaction`, sqlx rolls back on drop; an interrupted `COMMIT` either happened or
//!   not, and nothing is left open.
//! - The pools check every connection before lending it again and close one found inside
//!   a transaction (the database then rolls it back), so a leak from anywhere, a future
//!   sqlx bug included, costs one connection instead of the service.

use std::future::Future;
use std::pin::Pin;

use sqlx::pool::PoolConnectionMetadata;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{Connection, Executor, Row};
use uuid::Uuid;

/// Opens a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later fails with
/// "database is locked" when another writer gets in between, instead of waiting its turn.
/// The `BEGIN` runs to its end whatever happens to the caller (see the module doc).
pub(crate) trait BeginWrite {
    type Engine: sqlx::Database;
    async fn begin_write(&self) -> crate::Result<sqlx::Transaction<'static, Self::Engine>>;
}

// The one place transactions begin (clippy.toml forbids it elsewhere).
#[allow(clippy::disallowed_methods)]
impl BeginWrite for sqlx::SqlitePool {
    type Engine = sqlx::Sqlite;
    async fn begin_write(&self) -> crate::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        let pool = self.clone();
        Ok(tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await }).await??)
    }
}

#[allow(clippy::disallowed_methods)]
impl BeginWrite for sqlx::PgPool {
    type Engine = sqlx::Postgres;
    async fn begin_write(&self) -> crate::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        let pool = self.clone();
        Ok(tokio::spawn(async move { pool.begin().await }).await??)
    }
}

/// How an engine locks a row that a write transaction reads before writing it.
pub(crate) trait RowLocks {
    /// Appended to a `SELECT` that must lock what it reads until the transaction ends.
    const FOR_UPDATE: &'static str;
}

impl RowLocks for SqliteConnection {
    // `BEGIN IMMEDIATE` (see `BeginWrite`) already shuts every other writer out.
    const FOR_UPDATE: &'static str = "";
}

impl RowLocks for PgConnection {
    const FOR_UPDATE: &'static str = " FOR UPDATE";
}

/// Transaction-long locks on (pupil, item) pairs, whether their rows exist yet or not:
/// everything that writes a pupil's review cards (answers, showings) takes the locks of its
/// pairs first, all at once and in one order, so two writers of one card take turns even
/// when neither finds it (`FOR UPDATE` locks only rows that exist), and two writers of
/// several cards cannot wait on each other.
pub(crate) trait PairLocks {
    async fn lock_pairs(&mut self, pairs: &[(Uuid, Uuid)]) -> sqlx::Result<()>;
}

impl PairLocks for SqliteConnection {
    // `BEGIN IMMEDIATE` (see `BeginWrite`) already makes writers take turns.
    async fn lock_pairs(&mut self, _: &[(Uuid, Uuid)]) -> sqlx::Result<()> {
        Ok(())
    }
}

impl PairLocks for PgConnection {
    /// Advisory locks on a hash of each pair, taken in the hashes' order; a collision only
    /// makes two pairs share a lock.
    async fn lock_pairs(&mut self, pairs: &[(Uuid, Uuid)]) -> sqlx::Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        let (users, items): (Vec<Uuid>, Vec<Uuid>) = pairs.iter().copied().unzip();
        sqlx::query(
            "SELECT pg_advisory_xact_lock(k) FROM (
               SELECT DISTINCT hashtextextended(u::text || ' ' || i::text, 0) AS k
               FROM UNNEST($1::uuid[], $2::uuid[]) AS t(u, i) ORDER BY k) AS keys",
        )
        .bind(users)
        .bind(items)
        .execute(self)
        .await?;
        Ok(())
    }
}

/// What a pool hook returns: whether to keep the connection.
type Verdict<'c> = Pin<Box<dyn Future<Output = sqlx::Result<bool>> + Send + 'c>>;

/// SQLite, on each connection given back to the pool: `false` (close it) when it is still
/// inside a transaction, such as one whose `BEGIN` was interrupted. Closing rolls back and
/// frees the write lock at once.
pub(crate) fn sqlite_released(
    conn: &mut SqliteConnection,
    _: PoolConnectionMetadata,
) -> Verdict<'_> {
    Box::pin(async move {
        // The depth sqlx counts is read without a trip to the connection's worker thread.
        // Zero needs nothing more: the depth moves up only when a `BEGIN` has run, before
        // it is acknowledged, and a `BEGIN` still queued belongs to a dropped caller (ours
        // run in their own task, see `BeginWrite`), which sqlx's worker rolls back itself
        // when the acknowledgement finds no one. Plain statements, the read pages' all,
        // so cost no check at all.
        if !conn.is_in_transaction() {
            return Ok(true);
        }
        // The worker runs commands in order: once this ping is answered, the rollback of a
        // `Transaction` dropped just before has run, and the depth is exact.
        conn.ping().await?;
        Ok(keep(!conn.is_in_transaction()))
    })
}

/// PostgreSQL, on each idle connection before it is lent: `false` (close it) when its
/// session is inside a transaction. The server, not sqlx's count, is asked: after an
/// interrupted `BEGIN` sqlx believes the connection idle. Outside a transaction block a
/// simple query starts its own transaction, so its start is the statement's start; inside
/// one it started earlier. This round trip replaces the pool's own ping before lending.
pub(crate) fn postgres_acquired(conn: &mut PgConnection, _: PoolConnectionMetadata) -> Verdict<'_> {
    Box::pin(async move {
        if conn.is_in_transaction() {
            return Ok(keep(false));
        }
        // Simple protocol on purpose: with bind and execute messages the statement's clock
        // restarts at execute, after the implicit transaction began.
        let check = sqlx::raw_sql("SELECT transaction_timestamp() = statement_timestamp()");
        let row = conn.fetch_one(check).await?;
        Ok(keep(row.try_get::<bool, _>(0)?))
    })
}

fn keep(outside_transaction: bool) -> bool {
    if !outside_transaction {
        tracing::warn!("a pooled connection was left inside a transaction: closed");
    }
    outside_transaction
}
