//! Test support for races (feature `testing`): holding one transaction back between its
//! reads and its writes on PostgreSQL, so a test can run another transaction in between —
//! an interleaving that timing alone rarely produces. SQLite needs none: `BEGIN IMMEDIATE`
//! lets one writer in at a time.
//!
//! The hold is a trigger on `review_cards` that waits for an advisory lock a connection of
//! the test's holds. A `BEFORE INSERT` trigger fires for an upsert too, before its conflict
//! is looked for, so it stops the card write of the answer path after the cards were read.

use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{ConnectOptions, Connection, PgConnection};

use crate::{Db, Result, Store};

/// The advisory lock the trigger waits for (each test has a database of its own).
const HOLD_KEY: i64 = 0x4c41_5748;
/// How long [`HeldCardWrites::wait_for`] waits before giving up.
const PATIENCE: Duration = Duration::from_secs(10);

/// A hold on the writing of review cards (see the module doc); [`HeldCardWrites::release`]
/// lets the held transactions go on.
pub struct HeldCardWrites {
    conn: PgConnection,
}

impl Store {
    /// On PostgreSQL, holds back the writing of every review card whose last answer is at
    /// `answered_at` (the card of the answer a test races), until released; `None` on SQLite.
    pub async fn hold_card_writes_for_tests(
        &self,
        answered_at: DateTime<Utc>,
    ) -> Result<Option<HeldCardWrites>> {
        let Db::Postgres(pool) = &self.db else {
            return Ok(None);
        };
        let mut conn = pool.connect_options().connect().await?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(HOLD_KEY)
            .execute(&mut conn)
            .await?;
        sqlx::raw_sql(&format!(
            "CREATE FUNCTION lawha_test_hold() RETURNS trigger AS $$
             BEGIN PERFORM pg_advisory_xact_lock_shared({HOLD_KEY}); RETURN NEW; END
             $$ LANGUAGE plpgsql;
             CREATE TRIGGER lawha_test_hold BEFORE INSERT ON review_cards FOR EACH ROW
             WHEN (NEW.last_review_at = TIMESTAMPTZ '{}')
             EXECUTE FUNCTION lawha_test_hold();",
            answered_at.to_rfc3339_opts(SecondsFormat::Micros, true)
        ))
        .execute(&mut conn)
        .await?;
        Ok(Some(HeldCardWrites { conn }))
    }
}

impl HeldCardWrites {
    /// Waits until `sessions` sessions of this database wait for a lock of one of the kinds
    /// `events` (`pg_stat_activity.wait_event`: `advisory` for a held card write or a
    /// pair's lock, `transactionid` or `tuple` for a row another transaction locked), or
    /// `done` says there is nothing to wait for; `false` when neither came in time.
    pub async fn wait_for(
        &mut self,
        events: &[&str],
        sessions: i64,
        done: impl Fn() -> bool,
    ) -> Result<bool> {
        let events: Vec<String> = events.iter().map(|e| e.to_string()).collect();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND wait_event_type = 'Lock'
                   AND wait_event = ANY($1)",
            )
            .bind(&events)
            .fetch_one(&mut self.conn)
            .await?;
            if waiting >= sessions || done() {
                return Ok(true);
            }
            if Instant::now() > deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Lets the held transactions go on. The trigger stays (the test's database is its own)
    /// and holds nothing any more: dropping it would queue behind the released
    /// transactions' table locks and take theirs away from them.
    pub async fn release(mut self) -> Result<()> {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(HOLD_KEY)
            .execute(&mut self.conn)
            .await?;
        self.conn.close().await?;
        Ok(())
    }
}
