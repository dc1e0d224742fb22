//! Lawha's storage: one data-access layer with SQLite and PostgreSQL behind it.
//!
//! The rest of the code calls [`Store`] and never sees which engine runs underneath. Each
//! engine has its own migrations (`migrations/sqlite`, `migrations/postgres`) because their
//! types differ (BLOB/UUID, TEXT/TIMESTAMPTZ), but the queries are written once: both
//! engines accept `$n` placeholders, and the [`on_db!`] macro expands a query body once per
//! engine so that sqlx type-checks it against each.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lawha_core::Clock;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Runs `$body` with `$pool` bound to the engine's pool; the body is compiled once per
/// engine, so the same query text is checked against both.
macro_rules! on_db {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Inserts a grant inside a transaction (idempotent). A macro rather than a function
/// generic over `sqlx::Executor`: such a function's future is not `Send` (its higher-ranked
/// executor bound is "not general enough"), which would keep `apply_import` out of web
/// handlers.
macro_rules! insert_grant {
    ($conn:expr, $user:expr, $role:expr, $scope:expr, $at:expr) => {{
        let scope: &lawha_core::Scope = $scope;
        sqlx::query(
            "INSERT INTO role_grants (id, user_id, role, scope_key, region_id, school_id, class_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (user_id, role, scope_key) DO NOTHING",
        )
        .bind(lawha_core::new_id()).bind($user).bind($role.as_str()).bind(scope.key())
        .bind(scope.region()).bind(scope.school()).bind(scope.class()).bind($at)
        .execute($conn).await?;
    }};
}

/// Brings the review cards of answers just recorded up to date, inside the transaction that
/// recorded them, so a card never lags its events. `$answers`: the answers actually inserted
/// (duplicates left out). A macro for the same reason as `insert_grant!`.
///
/// Batched: a bulk ingest touches thousands of distinct (pupil, item) cards, so the cards
/// are read and written a few hundred per statement rather than one round trip each.
macro_rules! schedule_reviews {
    ($tx:ident, $answers:expr) => {{
        // Two binds per pair read, eleven per card written: well under either engine's limit.
        const PAIRS_PER_STATEMENT: usize = 500;
        let pairs = $crate::revision::by_pair($answers);
        let mut stored: std::collections::HashMap<(uuid::Uuid, uuid::Uuid), $crate::revision::Scheduled> =
            std::collections::HashMap::with_capacity(pairs.len());
        for chunk in pairs.chunks(PAIRS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT user_id, item_id, due_at, stability, difficulty, scheduled_days, reps, lapses,
                        phase, last_review_at, last_score
                 FROM review_cards WHERE (user_id, item_id) IN (",
            );
            q.push_values(chunk, |mut row, (user_id, item_id, _)| {
                row.push_bind(*user_id).push_bind(*item_id);
            });
            q.push(")");
            for row in q
                .build_query_as::<$crate::revision::KeyedCardRow>()
                .fetch_all(&mut *$tx)
                .await?
            {
                let key = (row.user_id, row.item_id);
                stored.insert(key, row.card.into_card()?);
            }
        }
        let mut next_cards: Vec<(uuid::Uuid, uuid::Uuid, $crate::revision::Scheduled)> =
            Vec::with_capacity(pairs.len());
        for (user_id, item_id, new) in pairs {
            let next = match $crate::revision::apply(stored.get(&(user_id, item_id)), &new) {
                Some(next) => next,
                None => {
                    // Answers older than the card (offline sync): replay the whole history.
                    let history: Vec<(chrono::DateTime<chrono::Utc>, f64)> = sqlx::query_as(
                        "SELECT occurred_at, COALESCE(score, 0.0) FROM learner_events
                         WHERE user_id = $1 AND item_id = $2 AND kind = 'answer'",
                    )
                    .bind(user_id)
                    .bind(item_id)
                    .fetch_all(&mut *$tx)
                    .await?;
                    match $crate::revision::replay(&history) {
                        Some(next) => next,
                        None => continue,
                    }
                }
            };
            next_cards.push((user_id, item_id, next));
        }
        for chunk in next_cards.chunks(PAIRS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO review_cards (user_id, item_id, due_at, stability, difficulty,
                   scheduled_days, reps, lapses, phase, last_review_at, last_score) ",
            );
            q.push_values(chunk, |mut row, (user_id, item_id, next)| {
                let c = &next.card;
                row.push_bind(*user_id)
                    .push_bind(*item_id)
                    .push_bind(c.due_at)
                    .push_bind(c.stability)
                    .push_bind(c.difficulty)
                    .push_bind(c.scheduled_days)
                    .push_bind(c.reps)
                    .push_bind(c.lapses)
                    .push_bind(c.phase.code())
                    .push_bind(c.last_review_at)
                    .push_bind(next.last_score);
            });
            q.push(
                " ON CONFLICT (user_id, item_id) DO UPDATE SET due_at = excluded.due_at,
                   stability = excluded.stability, difficulty = excluded.difficulty,
                   scheduled_days = excluded.scheduled_days, reps = excluded.reps,
                   lapses = excluded.lapses, phase = excluded.phase,
                   last_review_at = excluded.last_review_at, last_score = excluded.last_score",
            );
            q.build().execute(&mut *$tx).await?;
        }
    }};
}

/// Refuses answers that name a pupil who does not exist, or an item that is not in the set
/// named beside it. It runs in the transaction that records them, before its first write, so
/// that transaction is opened with [`BeginWrite`]. On PostgreSQL it is the only check: the
/// event log has no foreign keys there (migration 0007; their per-row trigger queries halved
/// ingest). A few statements per batch, whatever its size. `$answers`: an iterator of
/// `(user_id, set_id, item_id)`. A macro for the same reason as `insert_grant!`.
macro_rules! check_answer_refs {
    ($tx:ident, $answers:expr) => {{
        const KEYS_PER_STATEMENT: usize = 500;
        let mut users: Vec<uuid::Uuid> = Vec::new();
        let mut items: Vec<(uuid::Uuid, uuid::Uuid)> = Vec::new();
        for (user_id, set_id, item_id) in $answers {
            users.push(user_id);
            items.push((item_id, set_id));
        }
        users.sort_unstable();
        users.dedup();
        items.sort_unstable();
        items.dedup();
        for chunk in users.chunks(KEYS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM users WHERE id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(")");
            let found: i64 = q.build_query_scalar().fetch_one(&mut *$tx).await?;
            if found != chunk.len() as i64 {
                return Err($crate::StoreError::invalid(
                    "user_id",
                    lawha_core::validate::FieldError::new("unknown-pupil"),
                ));
            }
        }
        for chunk in items.chunks(KEYS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT COUNT(*) FROM exercise_items WHERE (id, set_id) IN (",
            );
            q.push_values(chunk, |mut row, (item_id, set_id)| {
                row.push_bind(*item_id).push_bind(*set_id);
            });
            q.push(")");
            let found: i64 = q.build_query_scalar().fetch_one(&mut *$tx).await?;
            if found != chunk.len() as i64 {
                return Err($crate::StoreError::invalid(
                    "item_id",
                    lawha_core::validate::FieldError::new("unknown-item"),
                ));
            }
        }
    }};
}

/// Queues a media job inside a transaction. A macro for the same reason as `insert_grant!`.
macro_rules! insert_job {
    ($conn:expr, $id:expr, $asset:expr, $kind:expr, $at:expr) => {{
        sqlx::query(
            "INSERT INTO media_jobs (id, asset_id, kind, status, attempts, max_attempts, progress,
               created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, 0, $5, $5)",
        )
        .bind($id)
        .bind($asset)
        .bind($kind.as_str())
        .bind($crate::media::MAX_ATTEMPTS)
        .bind($at)
        .execute($conn)
        .await?;
    }};
}

/// Queues recorded events for the rollups, inside the transaction that recorded them: one
/// `rollup_batches` row holding every id (16 bytes each), nothing when `$ids` is empty;
/// `$at`: when they were received. A macro for the same reason as `insert_grant!`.
macro_rules! queue_rollups {
    ($conn:expr, $ids:expr, $at:expr) => {{
        let ids: &[uuid::Uuid] = $ids;
        if !ids.is_empty() {
            let packed: Vec<u8> = ids.iter().flat_map(|id| *id.as_bytes()).collect();
            sqlx::query(
                "INSERT INTO rollup_batches (id, event_ids, events, queued_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(lawha_core::new_id())
            .bind(packed)
            .bind(ids.len() as i32)
            .bind($at)
            .execute($conn)
            .await?;
        }
    }};
}

mod account_guard;
pub mod assignments;
pub mod capsule_files;
pub mod capsules;
pub mod catalog;
pub mod class_progress;
pub mod curriculum;
pub mod dashboards;
pub mod demo;
pub mod demo_activity;
pub mod demo_capsules;
mod error;
pub mod exercises;
pub mod import;
pub mod media;
pub mod model;
mod org;
pub mod progress;
mod reference;
pub mod revision;
pub mod rollups;
mod scope_sql;
mod sessions;
pub mod signin;
pub mod synthetic;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "testing")]
pub mod testing_interrupts;
#[cfg(feature = "testing")]
pub mod testing_queries;
#[cfg(feature = "testing")]
pub mod testing_schema;
#[cfg(feature = "testing")]
mod testing_schema_read;
mod transactions;
pub mod uploads;
mod users;
pub mod watching;

pub use error::StoreError;
pub use model::*;
pub use sessions::{account_throttle_key, SessionInfo};
pub(crate) use transactions::BeginWrite;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which engine a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The data-access layer. Cheap to clone (it holds a connection pool and the clock).
#[derive(Clone)]
pub struct Store {
    db: Db,
    /// What rows are stamped with: the platform's clock, shared with the web layer.
    clock: Clock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend().name())
            .finish()
    }
}

impl Store {
    /// Connects to `sqlite://path` (the file is created if missing) or
    /// `postgres://user@host/db`. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store> {
        if url.starts_with("sqlite:") {
            // WAL lets readers run beside the writer; FULL sync makes every acknowledged
            // commit survive a power cut, which the project promises for learner data.
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // Never lend a connection left inside a transaction (see `transactions`).
                .after_release(transactions::sqlite_released)
                .connect_with(options)
                .await?;
            Ok(Store {
                db: Db::Sqlite(pool),
                clock: Clock::system(),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                // This check replaces the ping before lending (see `transactions`).
                .test_before_acquire(false)
                .before_acquire(transactions::postgres_acquired)
                .connect_with(options)
                .await?;
            Ok(Store {
                db: Db::Postgres(pool),
                clock: Clock::system(),
            })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// This store with `clock` for what it stamps and compares against (the system clock
    /// unless set). Give the web layer the same clock, so the two agree on "now".
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    /// The platform's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Now, by the platform's clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies pending migrations, then loads the national reference lists (idempotent).
    pub async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        self.load_reference_lists().await
    }

    /// A trivial query, for health checks.
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}
