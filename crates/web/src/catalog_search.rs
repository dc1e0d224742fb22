//! The capsule search index of this app node, kept in step with the database.
//!
//! Every node has its own index (on disk under the data directory, or in memory when the
//! directory is held by another process), fed from `Store::catalog_changes`: at start-up
//! it catches up on everything changed since it last looked, then polls every few
//! seconds, and a node that changes a capsule itself syncs at once. So the nodes behind a
//! load balancer converge without talking to each other, and a lost index is rebuilt from
//! the database.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lawha_core::capsule::CapsuleStatus;
use lawha_core::Locale;
use lawha_search::{CapsuleDoc, Language, SearchIndex};
use lawha_store::catalog::CatalogEntry;
use lawha_store::Store;
use tokio::sync::Mutex;

/// Changes read per database round trip.
const BATCH: i64 = 1_000;
/// How often a node looks for capsules changed elsewhere.
pub const POLL_EVERY: Duration = Duration::from_secs(5);

pub struct CatalogSearch {
    pub index: SearchIndex,
    /// The `updated_at` of the newest change indexed; serialises syncs too.
    cursor: Mutex<Option<DateTime<Utc>>>,
}

impl std::fmt::Debug for CatalogSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogSearch")
            .field("index", &self.index)
            .finish()
    }
}

impl CatalogSearch {
    /// An index in `dir`, or in memory when `dir` is `None` or cannot be opened (another
    /// process on the same data directory holds it): the database is the truth, so an
    /// in-memory index only costs a full sync at start-up.
    pub fn open(dir: Option<&Path>) -> Result<Arc<CatalogSearch>, lawha_search::SearchError> {
        let index = match dir.map(SearchIndex::open) {
            Some(Ok(index)) => index,
            Some(Err(e)) => {
                tracing::warn!(error = %e, "search index directory unavailable; indexing in memory");
                SearchIndex::in_memory()?
            }
            None => SearchIndex::in_memory()?,
        };
        Ok(Arc::new(CatalogSearch {
            index,
            // A reopened index does not know how far it got: take everything again once
            // (upserts make that harmless).
            cursor: Mutex::new(None),
        }))
    }

    /// Over an index already opened (the rebuild command).
    pub fn with_index(index: SearchIndex) -> Arc<CatalogSearch> {
        Arc::new(CatalogSearch {
            index,
            cursor: Mutex::new(None),
        })
    }

    /// Replaces the whole index with these entries; returns how many were indexed.
    pub fn rebuild(&self, entries: &[CatalogEntry]) -> Result<usize, lawha_search::SearchError> {
        self.index.rebuild(entries.iter().map(doc))
    }

    /// Indexes every capsule changed since the last sync; returns how many.
    pub async fn sync(&self, store: &Store) -> Result<usize, SyncError> {
        let mut cursor = self.cursor.lock().await;
        let mut total = 0;
        loop {
            let batch = store.catalog_changes(*cursor, BATCH).await?;
            let Some(last) = batch.last().map(|e| e.capsule.updated_at) else {
                break;
            };
            let docs: Vec<CapsuleDoc> = batch.iter().map(doc).collect();
            self.index.upsert(&docs)?;
            total += docs.len();
            let full = batch.len() as i64 == BATCH;
            // `>=` re-reads the last instant's rows next time: nothing committed in that
            // same millisecond is missed. A full batch of one instant cannot move on.
            let moved = *cursor != Some(last);
            *cursor = Some(last);
            if !full || !moved {
                break;
            }
        }
        Ok(total)
    }

    /// Syncs every [`POLL_EVERY`] until the process ends.
    pub fn spawn_polling(self: &Arc<Self>, store: Store) {
        let search = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                if let Err(e) = search.sync(&store).await {
                    tracing::warn!(error = %e, "search sync failed; will retry");
                }
                tokio::time::sleep(POLL_EVERY).await;
            }
        });
    }
}

/// Why a sync failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] lawha_store::StoreError),
    #[error(transparent)]
    Search(#[from] lawha_search::SearchError),
}

fn doc(entry: &CatalogEntry) -> CapsuleDoc {
    let c = &entry.capsule;
    CapsuleDoc {
        id: c.id,
        title_ar: c.title_ar.clone(),
        title_fr: c.title_fr.clone(),
        description_ar: c.description_ar.clone(),
        description_fr: c.description_fr.clone(),
        transcript: c.transcript.clone(),
        level: entry.level.clone(),
        subject: entry.subject.clone(),
        language: match c.language {
            Locale::Ar => Language::Ar,
            Locale::Fr => Language::Fr,
        },
        published: c.status == CapsuleStatus::Published,
    }
}
