//! A node's copy of the catalog in memory ([`CatalogSnapshot`]), so that the pupils' read
//! pages (catalog, lesson, capsule, exercise set) find units, lessons, capsules, files and
//! sets without a query.
//!
//! Correctness across nodes: every change to those tables moves the database's catalog
//! version (triggers, whatever node or tool made it). A node compares its copy's version
//! with the database's at most every [`CatalogCache::refresh`], and at once after each of
//! its own state-changing requests, and loads the whole catalog again when they differ. So
//! a change made on one node shows on the others within the refresh interval, and on the
//! node that made it at once. A zero interval compares on every use.
//!
//! One comparison runs at a time; requests arriving meanwhile wait for it rather than read
//! a copy that may be older than the interval allows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use lawha_store::catalog::snapshot::CatalogSnapshot;
use lawha_store::Store;

use crate::error::AppResult;

/// See the module documentation.
pub struct CatalogCache {
    refresh: Duration,
    current: RwLock<Arc<CatalogSnapshot>>,
    /// When the version was last found equal, if since then nothing was changed here.
    compared_at: Mutex<Option<Instant>>,
    /// Moves with each change made on this node, so that a comparison that started before
    /// the change does not count as one made after it.
    changes_here: AtomicU64,
    comparing: tokio::sync::Mutex<()>,
}

impl CatalogCache {
    pub fn new(refresh: Duration) -> CatalogCache {
        CatalogCache {
            refresh,
            current: RwLock::new(Arc::new(CatalogSnapshot::default())),
            compared_at: Mutex::new(None),
            changes_here: AtomicU64::new(0),
            comparing: tokio::sync::Mutex::new(()),
        }
    }

    /// The catalog, as of at most the refresh interval ago, and as of now for what this
    /// node changed.
    pub async fn get(&self, store: &Store) -> AppResult<Arc<CatalogSnapshot>> {
        if self.is_fresh() {
            return Ok(self.current());
        }
        let _comparing = self.comparing.lock().await;
        if self.is_fresh() {
            return Ok(self.current());
        }
        let changes_before = self.changes_here.load(Ordering::SeqCst);
        let version = store.catalog().catalog_version().await?;
        if version != self.current().version() {
            let snapshot = store.catalog().snapshot().await?;
            tracing::debug!(version = snapshot.version(), "catalog loaded");
            *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        }
        if self.changes_here.load(Ordering::SeqCst) == changes_before {
            *self.compared() = Some(Instant::now());
        }
        Ok(self.current())
    }

    /// A state-changing request ended on this node: the next use compares versions.
    pub fn changed_here(&self) {
        self.changes_here.fetch_add(1, Ordering::SeqCst);
        *self.compared() = None;
    }

    fn is_fresh(&self) -> bool {
        self.compared()
            .is_some_and(|at| !self.refresh.is_zero() && at.elapsed() < self.refresh)
    }

    fn current(&self) -> Arc<CatalogSnapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn compared(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.compared_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
