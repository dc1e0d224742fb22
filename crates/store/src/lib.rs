//! Lawha's storage: one data-access layer with SQLite and PostgreSQL behind it.
//!
//! The rest of the code calls [`Store`] and never sees which engine runs underneath. Each
//! engine has its own migrations (`migrations/sqlite`, `migrations/postgres`) because their
//! types differ (BLOB/UUID, TEXT/TIMESTAMPTZ), but the queries are written once: both
//! engines accept `$n` placeholders, and the `on_db!` macro expands a query body once per
//! engine so that sqlx type-checks it against each.
//!
//! Storage is grouped by capability, a folder each: [`org`], [`accounts`], [`catalog`],
//! [`learning`], [`help`], [`live`], [`media_jobs`], [`rollups`], [`sync`], [`families`],
//! [`announcements`]; each folder's module doc names the tables it
//! owns. Callers reach a capability through its handle — `store.accounts().user(id)`,
//! `store.learning().submit_answers(&events)` — so code names what it depends on, and
//! [`Store`] itself only connects, migrates and hands out handles. A new capability adds a
//! folder and a handle.
//!
//! Steps shared by several write transactions (inserting a grant, queuing a job, recording
//! answers, …) are methods of small crate-private traits (`GrantWrites`, `JobWrites`, …)
//! implemented for both engines' connections, so `tx.insert_grant(…)` inside an `on_db!`
//! body resolves to the engine's own code. A function generic over `sqlx::Executor` would
//! be written once too, but its future is not `Send` (its higher-ranked executor bound is
//! "not general enough"), which would keep its callers out of web handlers. Each
//! implementation is one file, `<module>/each_engine.rs`, compiled twice: the including
//! module declares it with one line, e.g. `compile_per_engine!("grants")`: once with
//! `type Conn = sqlx::SqliteConnection` in scope and once with `sqlx::PgConnection`.
//!
//! On a SQLite file, the short reads of a pupil's pages run in place on read-only rusqlite
//! connections (`sqlite_reads`), with the same SQL text as their sqlx query, which stays the
//! path of PostgreSQL and of every other read.

// The `each_engine.rs` files are loaded twice on purpose, once per engine (see above).
#![allow(
    clippy::duplicate_mod,
    reason = "each_engine.rs files are compiled once per engine"
)]

use std::str::FromStr;
use std::sync::Arc;
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

/// Compiles `{dir}/each_engine.rs`, beside the invoking file, twice: as
/// `sqlite::each_engine` and `postgres::each_engine`, with `super::Conn` naming that
/// engine's connection type (see the crate doc).
macro_rules! compile_per_engine {
    ($dir:literal) => {
        #[path = $dir]
        mod sqlite {
            type Conn = sqlx::SqliteConnection;
            #[path = "each_engine.rs"]
            mod each_engine;
        }

        #[path = $dir]
        mod postgres {
            type Conn = sqlx::PgConnection;
            #[path = "each_engine.rs"]
            mod each_engine;
        }
    };
}

pub mod accounts;
pub mod announcements;
pub mod catalog;
mod days;
mod error;
pub mod families;
pub mod help;
pub mod learning;
pub mod live;
pub mod media_jobs;
pub mod model;
pub mod org;
mod password_hashing;
pub mod recovery;
mod refusal;
pub mod rollups;
mod rows;
pub mod schoolbag;
mod scope_sql;
mod sqlite_reads;
pub mod sync;
#[cfg(feature = "testing")]
pub mod testing;
mod transactions;
mod unique;

pub use accounts::{
    account_throttle_key, AccountChange, Accounts, GeneratedPupil, SessionInfo,
    ACCOUNT_CHANGES_KEPT_MS,
};
pub use catalog::Catalog;
pub use error::StoreError;
pub use families::Families;
pub use help::Help;
pub use learning::Learning;
pub use live::Live;
pub use media_jobs::MediaJobs;
pub use model::*;
pub use org::Org;
pub use password_hashing::{Admission, HashingLimits, PasswordHashing};
pub use recovery::Recovery;
pub use refusal::Refusal;
pub use rollups::Rollups;
pub use sync::{NodeSync, SyncRefusal};
pub(crate) use transactions::{BeginWrite, PairLocks, RowLocks};
pub use unique::Unique;

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

/// The platform's time zone unless [`Store::with_time_zone`] says otherwise (the
/// configuration's default too).
const DEFAULT_TIME_ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

/// The data-access layer. Cheap to clone (it holds a connection pool and the clock).
#[derive(Clone)]
pub struct Store {
    db: Db,
    /// What rows are stamped with: the platform's clock, shared with the web layer.
    clock: Clock,
    /// Bounds the memory and CPU that password hashing takes (`password_hashing`).
    password_hashing: PasswordHashing,
    /// The platform's time zone: which day an answer was given on, for mastery.
    time_zone: chrono_tz::Tz,
    /// On a SQLite file, the read-only connections that short reads use in place.
    readers: Option<Arc<sqlite_reads::Readers>>,
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
                .connect_with(options.clone())
                .await?;
            // Opened once the pool has created the file and set WAL mode on it.
            let readers = sqlite_reads::Readers::open(options.get_filename())?;
            Ok(Store {
                db: Db::Sqlite(pool),
                clock: Clock::system(),
                password_hashing: PasswordHashing::new(HashingLimits::default()),
                time_zone: DEFAULT_TIME_ZONE,
                readers: readers.map(Arc::new),
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
                password_hashing: PasswordHashing::new(HashingLimits::default()),
                time_zone: DEFAULT_TIME_ZONE,
                readers: None,
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

    /// This store with the platform's time zone (`time_zone`; Africa/Casablanca unless set),
    /// which says on which day an answer was given. Give it the web layer's zone.
    pub fn with_time_zone(mut self, zone: chrono_tz::Tz) -> Store {
        self.time_zone = zone;
        self
    }

    /// The platform's time zone.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.time_zone
    }

    /// The platform's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Today by the platform's clock, in its time zone: the day pupils' pages and due dates
    /// speak of, which from late evening UTC is already tomorrow's date in Casablanca.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().with_timezone(&self.time_zone).date_naive()
    }

    /// Now, by the platform's clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs `read` in place on a SQLite reader (see `sqlite_reads`); `None` when the caller
    /// must take its sqlx path: on PostgreSQL, an in-memory database, or no reader free.
    pub(crate) fn read_in_place<T>(
        &self,
        read: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
    ) -> Option<Result<T>> {
        self.readers.as_ref()?.read(read)
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
        self.org().load_reference_lists().await?;
        self.catalog().derive_set_languages().await
    }

    /// Whether every migration of this build is applied. Only reads, so a dry run can check
    /// the database before it would be written to; a database never migrated is not current.
    pub async fn schema_is_current(&self) -> Result<bool> {
        const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success";
        let (known, applied): (Vec<i64>, std::result::Result<Vec<i64>, sqlx::Error>) =
            match &self.db {
                Db::Sqlite(pool) => (
                    sqlx::migrate!("./migrations/sqlite")
                        .iter()
                        .map(|m| m.version)
                        .collect(),
                    sqlx::query_scalar(APPLIED).fetch_all(pool).await,
                ),
                Db::Postgres(pool) => (
                    sqlx::migrate!("./migrations/postgres")
                        .iter()
                        .map(|m| m.version)
                        .collect(),
                    sqlx::query_scalar(APPLIED).fetch_all(pool).await,
                ),
            };
        // No bookkeeping table yet: never migrated.
        let Ok(applied) = applied else {
            return Ok(false);
        };
        Ok(known.iter().all(|v| applied.contains(v)))
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
