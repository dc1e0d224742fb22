//! The storage error type.

use lawha_core::validate::FieldError;

use crate::refusal::Refusal;
use crate::rows::Unreadable;
use crate::unique::{constraint_name, Unique};

/// Why a storage call failed. Conflicts, broken uniqueness rules and validation problems
/// carry stable codes for the interface to translate; database causes stay here, for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("not found")]
    NotFound,
    /// The state forbids the write, for a reason of a fixed set.
    #[error("conflict: {}", .0.code())]
    Conflict(Refusal),
    /// A node's batch was refused (see [`crate::sync::SyncRefusal`]); nothing was applied.
    #[error("sync refused: {0}")]
    SyncRefused(crate::sync::SyncRefusal),
    /// A uniqueness rule was broken: the value is taken.
    #[error("already taken: {}", .0.code())]
    Taken(Unique),
    #[error("invalid {field}: {error}")]
    Invalid {
        field: &'static str,
        error: FieldError,
    },
    /// Too many password hashes running and waiting: try again in a moment.
    #[error("busy: too many passwords being checked")]
    Busy,
    /// A password hash ended without a result (its thread panicked or could not start).
    #[error("password hashing stopped")]
    HashingStopped,
    #[error(transparent)]
    Hash(#[from] lawha_core::password::HashError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A read on SQLite's in-place path (`sqlite_reads`) failed.
    #[error("database error: {0}")]
    SqliteRead(rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    /// A pack selection or a pack's content refused, naming the row at fault.
    #[error("pack refused: {0}")]
    Pack(#[from] crate::schoolbag::PackFault),
    /// Stored data that cannot be read back (never expected: written by this code).
    #[error("unreadable stored data: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn invalid(field: &'static str, error: FieldError) -> Self {
        StoreError::Invalid { field, error }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            // A stored name read back as nothing (`rows::StoredName`), as on the sqlx path.
            rusqlite::Error::FromSqlConversionFailure(index, kind, source) => {
                match source.downcast::<Unreadable>() {
                    Ok(name) => StoreError::Corrupt(name.0),
                    Err(source) => StoreError::SqliteRead(
                        rusqlite::Error::FromSqlConversionFailure(index, kind, source),
                    ),
                }
            }
            other => StoreError::SqliteRead(other),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        // A stored name this crate failed to read back (`rows::StoredName`) keeps its meaning.
        let err = match err {
            sqlx::Error::ColumnDecode { index, source } => match source.downcast::<Unreadable>() {
                Ok(name) => return StoreError::Corrupt(name.0),
                Err(source) => sqlx::Error::ColumnDecode { index, source },
            },
            other => other,
        };
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                let name = constraint_name(db.as_ref()).unwrap_or_default();
                StoreError::Taken(Unique::of_constraint(&name))
            }
            _ => StoreError::Database(err),
        }
    }
}
