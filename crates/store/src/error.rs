//! The storage error type.

use lawha_core::validate::FieldError;

/// Why a storage call failed. Conflicts and validation problems carry stable codes for the
/// interface to translate; database causes stay here, for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken: `code` says which (e.g. `email-taken`).
    #[error("conflict: {code}")]
    Conflict { code: &'static str },
    #[error("invalid {field}: {error}")]
    Invalid {
        field: &'static str,
        error: FieldError,
    },
    #[error(transparent)]
    Hash(#[from] lawha_core::password::HashError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    /// Stored data that cannot be read back (never expected: written by this code).
    #[error("unreadable stored data: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn invalid(field: &'static str, error: FieldError) -> Self {
        StoreError::Invalid { field, error }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                // SQLite names the column ("UNIQUE constraint failed: users.email"),
                // PostgreSQL the constraint ("users_email_key"): both contain the column.
                let what = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
                let code = if what.contains("email") {
                    "email-taken"
                } else if what.contains("pupil_code") {
                    "pupil-code-taken"
                } else if what.contains("code") {
                    "code-taken"
                } else if what.contains("name") {
                    "name-taken"
                } else {
                    "duplicate"
                };
                StoreError::Conflict { code }
            }
            _ => StoreError::Database(err),
        }
    }
}
