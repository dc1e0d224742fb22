//! The one error type of seeding.

use lawha_store::StoreError;

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The embedded seed data is malformed or names something it does not define (caught
    /// by this crate's tests, so a build that ships it is a bug).
    #[error("seed data {file}: {message}")]
    Data { file: &'static str, message: String },
}

pub type Result<T, E = SeedError> = std::result::Result<T, E>;

impl SeedError {
    pub(crate) fn data(file: &'static str, message: impl Into<String>) -> SeedError {
        SeedError::Data {
            file,
            message: message.into(),
        }
    }
}
