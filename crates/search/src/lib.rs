//! Full-text search over Lawha capsules and help articles, in Arabic and French, on an embedded tantivy index.
//!
//! - [`index`]: [`SearchIndex`], opened on a directory (or in memory), with incremental
//!   `upsert`/`remove`, a full `rebuild` and `search`.
//! - [`query`]: [`SearchQuery`], free text plus level/subject/language filters, and how it
//!   becomes a tantivy query without ever exposing tantivy's query syntax.
//! - [`rank`]: the interface language first ([`SearchQuery::prefer`]), relevance within.
//! - [`analysis`]: the `lawha_ar`, `lawha_fr` and `lawha_fuzzy` analyzers.
//! - [`normalize`]: Arabic normalisation (diacritics, tatweel, letter variants, articles).
//! - [`schema`]: the index layout and the mapping from [`CapsuleDoc`].
//! - `testing` (feature `testing`): generated capsules for tests and the search bench.
//! - `faults` (feature `testing`): storage that fails on demand, to test recovery.

pub mod analysis;
pub mod doc;
pub mod error;
#[cfg(feature = "testing")]
pub mod faults;
pub mod index;
pub mod normalize;
pub mod query;
pub mod rank;
pub mod results;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;

pub use doc::{ArticleDoc, CapsuleDoc, DocKind, Language};
pub use error::{Result, SearchError};
pub use index::SearchIndex;
pub use query::SearchQuery;
pub use results::{SearchHit, SearchResults};
pub use schema::LAYOUT_VERSION;
