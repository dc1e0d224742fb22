//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while indexing or searching capsules.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index directory could not be created.
    #[error("cannot create the search index directory {path}: {source}")]
    CreateDirectory {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The index directory exists but could not be opened.
    #[error("cannot open the search index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),

    /// The directory holds an index with another layout, written by another Lawha version.
    #[error(
        "the search index in {path} was built with another layout; delete that directory and \
         rebuild the index"
    )]
    SchemaMismatch { path: PathBuf },

    /// A page so deep that collecting it would cost more than any person will scroll.
    #[error("search offset {offset} is too large (at most {max})")]
    OffsetTooLarge { offset: usize, max: usize },

    /// A stored document has no valid capsule id: the index is damaged.
    #[error("the search index holds a document without a valid capsule id: {0:?}")]
    CorruptDocument(String),

    /// An analyzer is missing from the index's tokenizer manager (a bug in this crate).
    #[error("text analyzer {0} is not registered on the search index")]
    MissingAnalyzer(&'static str),

    /// Any other failure inside tantivy (I/O, lock held by another process, …).
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Result alias for this crate.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;
