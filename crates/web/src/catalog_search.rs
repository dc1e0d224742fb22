//! The search index of this app node (capsules and help articles), kept in step with the
//! database.
//!
//! Every node has its own index (on disk under the data directory, or in memory when the
//! directory is held by another process), fed from `Catalog::catalog_changes`: at start-up
//! it catches up on everything changed since it last looked, then polls every few
//! seconds, and a node that changes a capsule itself syncs at once. On a school node, a
//! pack applied by `lawha pack import` (another process) is seen by its install mark, and
//! the next poll reads every capsule again: the pack's keep the platform's `updated_at`. So the nodes behind a
//! load balancer converge without talking to each other, and a lost index is rebuilt from
//! the database. Help articles follow the same way (`Help::article_changes`, their own
//! cursor): they are written on the platform only, never carried by packs.
//!
//! A sync runs in a task of its own ([`CatalogSearch::spawn_sync`]): whatever happens in the
//! index, even a panic, is logged, counted in `/metrics` (`lawha_search_sync_failures_total`)
//! and retried by the next poll; it never reaches the request that asked for the sync, nor
//! stops the polling.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lawha_core::capsule::CapsuleStatus;
use lawha_core::Locale;
use lawha_search::{ArticleDoc, CapsuleDoc, Language, SearchIndex};
use lawha_store::catalog::read_models::CatalogEntry;
use lawha_store::help::Article;
use lawha_store::schoolbag::InstallMark;
use lawha_store::Store;
use tokio::sync::Mutex;
use tokio::task::{JoinError, JoinHandle};

/// Changes read per database round trip.
const BATCH: i64 = 1_000;
/// How often a node looks for capsules changed elsewhere.
pub const POLL_EVERY: Duration = Duration::from_secs(5);
/// How long a request that changed a capsule waits for this node's index to follow. A sync
/// takes milliseconds, so the producer's next search shows the change; a stuck index must
/// not hold the response of a change the database has committed.
pub const SYNC_WAIT: Duration = Duration::from_secs(2);

pub struct CatalogSearch {
    pub index: SearchIndex,
    /// How far the index got; serialises syncs too.
    cursor: Mutex<Cursor>,
}

/// How far an index got in the database's capsules.
#[derive(Debug, Default)]
struct Cursor {
    /// The `updated_at` of the newest change indexed.
    at: Option<DateTime<Utc>>,
    /// The school node's pack installs as of the last complete sync. A pack (applied by
    /// `lawha pack import`, another process) writes capsules with the platform's
    /// `updated_at`, possibly older than `at`: when this moves, everything is read again.
    packs: Option<InstallMark>,
    /// The `updated_at` of the newest help article indexed.
    articles_at: Option<DateTime<Utc>>,
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
            cursor: Mutex::new(Cursor::default()),
        }))
    }

    /// Over an index already opened (the rebuild command).
    pub fn with_index(index: SearchIndex) -> Arc<CatalogSearch> {
        Arc::new(CatalogSearch {
            index,
            cursor: Mutex::new(Cursor::default()),
        })
    }

    /// Replaces every capsule of the index with these entries; returns how many were
    /// indexed.
    pub fn rebuild(&self, entries: &[CatalogEntry]) -> Result<usize, lawha_search::SearchError> {
        self.index.rebuild(entries.iter().map(doc))
    }

    /// Replaces every help article of the index with these; returns how many were indexed.
    pub fn rebuild_articles(
        &self,
        articles: &[Article],
    ) -> Result<usize, lawha_search::SearchError> {
        self.index
            .rebuild_articles(articles.iter().map(article_doc))
    }

    /// Indexes every capsule changed since the last sync, or every capsule when a pack was
    /// applied since; returns how many.
    pub async fn sync(&self, store: &Store) -> Result<usize, SyncError> {
        let mut guard = self.cursor.lock().await;
        // Read before the capsules: a pack applied meanwhile moves it again for next time.
        let packs = store.schoolbag().install_mark().await?;
        if guard.packs != Some(packs) {
            guard.at = None;
        }
        let cursor = &mut guard.at;
        let mut total = 0;
        loop {
            let batch = store.catalog().catalog_changes(*cursor, BATCH).await?;
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
        guard.packs = Some(packs);
        total += sync_articles(&mut guard.articles_at, store, &self.index).await?;
        Ok(total)
    }

    /// Starts one [`Self::sync`] in a task of its own and records how it ended; the handle
    /// says whether it succeeded, and never fails itself.
    pub fn spawn_sync(self: &Arc<Self>, store: &Store) -> JoinHandle<bool> {
        let search = Arc::clone(self);
        let store = store.clone();
        let sync = tokio::spawn(async move { search.sync(&store).await });
        tokio::spawn(async move { record(sync.await) })
    }

    /// Syncs every [`POLL_EVERY`] until the process ends.
    pub fn spawn_polling(self: &Arc<Self>, store: Store) {
        let search = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                // A failed sync is retried at the next poll; the index reopens its writer.
                let _ = search.spawn_sync(&store).await;
                tokio::time::sleep(POLL_EVERY).await;
            }
        });
    }
}

/// Logs and counts a failed sync (the errors name no person: ids, paths, database causes).
fn record(outcome: Result<Result<usize, SyncError>, JoinError>) -> bool {
    let error = match outcome {
        Ok(Ok(_)) => return true,
        Ok(Err(e)) => e.to_string(),
        Err(e) if e.is_panic() => "the search index panicked".to_owned(),
        Err(e) => e.to_string(),
    };
    metrics::counter!("lawha_search_sync_failures_total").increment(1);
    tracing::warn!(error = %error, "search sync failed; will retry");
    false
}

/// Why a sync failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] lawha_store::StoreError),
    #[error(transparent)]
    Search(#[from] lawha_search::SearchError),
}

/// Indexes the help articles changed since `cursor`, moving it on; returns how many.
async fn sync_articles(
    cursor: &mut Option<DateTime<Utc>>,
    store: &Store,
    index: &SearchIndex,
) -> Result<usize, SyncError> {
    let mut total = 0;
    loop {
        let batch = store.help().article_changes(*cursor, BATCH).await?;
        let Some(last) = batch.last().map(|a| a.updated_at) else {
            break;
        };
        let docs: Vec<ArticleDoc> = batch.iter().map(article_doc).collect();
        index.upsert_articles(&docs)?;
        total += docs.len();
        // As for capsules: `>=` re-reads the last instant; a full batch of one instant
        // cannot move on.
        let full = batch.len() as i64 == BATCH;
        let moved = *cursor != Some(last);
        *cursor = Some(last);
        if !full || !moved {
            break;
        }
    }
    Ok(total)
}

fn article_doc(article: &Article) -> ArticleDoc {
    ArticleDoc {
        id: article.id,
        title_ar: article.title_ar.clone(),
        title_fr: article.title_fr.clone(),
        body_ar: article.body_ar.clone(),
        body_fr: article.body_fr.clone(),
        published: article.published,
    }
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
