//! Short reads on SQLite run in place, on the calling thread, through a few read-only
//! connections of their own (rusqlite over the same SQLite that sqlx links).
//!
//! sqlx's SQLite driver hands every statement to its connection's worker thread and back:
//! two thread wake-ups that cost far more than the pupil pages' indexed reads themselves.
//! The store's read methods behind those pages ask [`Readers::read`] first and fall back to
//! their sqlx query when it declines (PostgreSQL, an in-memory database, every reader busy,
//! or SQLite reporting busy), so the sqlx path stays the one every engine can take. Both
//! paths run the same SQL text (a `const` beside the method), bound by number as sqlx binds
//! it ([`query`]), with values encoded as sqlx encodes them ([`values`]).
//!
//! The readers are opened read-only on the database file, which is in WAL mode: a reader
//! sees every transaction committed before its statement starts, and never waits for the
//! writer. A statement holds its connection for microseconds, so the runtime thread that
//! runs it is not held longer than an ordinary poll.

pub(crate) mod query;
pub(crate) mod values;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::{Result, StoreError};

/// How long a reader waits on a lock SQLite holds (only WAL recovery or a truncating
/// checkpoint take one against readers) before the sqlx path is taken instead.
const BUSY_TIMEOUT: Duration = Duration::from_millis(20);

/// Statements each reader keeps prepared: more than the pupil pages' reads together.
const STATEMENTS_KEPT: usize = 64;

/// A fixed set of read-only connections, each taken by one reader at a time.
pub(crate) struct Readers {
    connections: Box<[Mutex<Connection>]>,
    /// Where the next reader starts looking, so that readers spread over the connections.
    next: AtomicUsize,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("connections", &self.connections.len())
            .finish()
    }
}

impl Readers {
    /// Opens one reader per available core on the database file at `path`; `None` when
    /// there is no such file (an in-memory database: its data is not reachable from here).
    pub(crate) fn open(path: &Path) -> Result<Option<Readers>> {
        if !path.is_file() {
            return Ok(None);
        }
        let count = std::thread::available_parallelism().map_or(2, |n| n.get());
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut connections = Vec::with_capacity(count);
        for _ in 0..count {
            let connection = Connection::open_with_flags(path, flags).map_err(StoreError::from)?;
            connection
                .busy_timeout(BUSY_TIMEOUT)
                .map_err(StoreError::from)?;
            connection.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
            connections.push(Mutex::new(connection));
        }
        Ok(Some(Readers {
            connections: connections.into_boxed_slice(),
            next: AtomicUsize::new(0),
        }))
    }

    /// Runs `read` on a free reader; `None` when every reader is taken or SQLite is busy,
    /// and the caller takes its sqlx path instead (never waiting here for a reader).
    pub(crate) fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Option<Result<T>> {
        let count = self.connections.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let slots = self.connections.iter().cycle().skip(start % count.max(1));
        for slot in slots.take(count) {
            let connection = match slot.try_lock() {
                Ok(connection) => connection,
                // A reader that panicked left no statement running: its connection is usable.
                Err(TryLockError::Poisoned(poisoned)) => PoisonError::into_inner(poisoned),
                Err(TryLockError::WouldBlock) => continue,
            };
            return match read(&connection) {
                Err(err) if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => None,
                other => Some(other.map_err(StoreError::from)),
            };
        }
        None
    }
}
