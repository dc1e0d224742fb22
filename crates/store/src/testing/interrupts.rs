//! Test support for interrupted work (feature `testing`): dropping a future at a chosen
//! await point, as a client hanging up or a timeout does, and checking afterwards, from a
//! connection of its own, that the database holds no transaction left open.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::{Duration, Instant};

use sqlx::{ConnectOptions, Connection};

use crate::{Db, Result, Store};

/// Polls `work` until it has been pending `waits` times, then drops it there; `None` when
/// it was dropped before finishing. Counting waits rather than time lands the drop at
/// every await point in turn, whatever the machine's speed.
pub async fn interrupted<F: Future>(work: F, waits: usize) -> Option<F::Output> {
    let mut work = pin!(work);
    let mut left = waits;
    std::future::poll_fn(move |cx| match work.as_mut().poll(cx) {
        Poll::Ready(out) => Poll::Ready(Some(out)),
        Poll::Pending if left == 0 => Poll::Ready(None),
        Poll::Pending => {
            left -= 1;
            Poll::Pending
        }
    })
    .await
}

/// How long work let go by an interrupted caller may take to finish.
const SETTLE: Duration = Duration::from_secs(5);

impl Store {
    /// `None` when no transaction is left open on the database, else what is wrong. SQLite:
    /// a connection of its own takes the write lock within half a second. PostgreSQL: no
    /// other session of this database sits `idle in transaction`. Work still running for
    /// an interrupted caller is given a few seconds to end.
    pub async fn transactions_left_open_for_tests(&self) -> Result<Option<String>> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let problem = match &self.db {
                Db::Sqlite(pool) => {
                    let options = (*pool.connect_options())
                        .clone()
                        .busy_timeout(Duration::from_millis(500));
                    let mut conn = options.connect().await?;
                    let problem = match sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await {
                        Ok(_) => {
                            sqlx::query("ROLLBACK").execute(&mut conn).await?;
                            None
                        }
                        Err(e) => Some(format!("a fresh connection cannot write: {e}")),
                    };
                    conn.close().await?;
                    problem
                }
                Db::Postgres(pool) => {
                    let mut conn = pool.connect_options().connect().await?;
                    let open: Vec<(String, String)> = sqlx::query_as(
                        "SELECT state, COALESCE(query, '') FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()
                           AND state LIKE 'idle in transaction%'",
                    )
                    .fetch_all(&mut conn)
                    .await?;
                    conn.close().await?;
                    (!open.is_empty()).then(|| format!("sessions left open: {open:?}"))
                }
            };
            match problem {
                Some(problem) if Instant::now() < deadline => {
                    tracing::debug!(%problem, "waiting for interrupted work to end");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                problem => return Ok(problem),
            }
        }
    }
}

impl Store {
    /// Leaves one pooled connection inside a transaction, as an interrupted `BEGIN` does on
    /// each engine with sqlx 0.8.6, then lends every pooled connection once: what the pool
    /// does with it is then up to its checks.
    #[allow(clippy::disallowed_methods)] // Making the very leak `BeginWrite` prevents.
    pub async fn leak_a_transaction_for_tests(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                // sqlx counts this transaction, but nothing will ever end it (#3932).
                std::mem::forget(conn.begin_with("BEGIN IMMEDIATE").await?);
            }
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                // The session is in a transaction that sqlx does not count (#4385).
                sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
            }
        }
        on_db!(self, pool => {
            // Connections go back to the pool in a task of their own: wait for them all.
            let deadline = Instant::now() + SETTLE;
            while pool.num_idle() < pool.size() as usize && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            let mut lent = Vec::new();
            for _ in 0..pool.num_idle() {
                lent.push(pool.acquire().await?);
            }
        });
        Ok(())
    }
}
