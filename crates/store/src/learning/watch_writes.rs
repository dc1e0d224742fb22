//! Watch updates recorded inside a caller's write transaction: the bulk path of
//! [`Learning::record_watches`](crate::Learning::record_watches) and offline sync, which
//! applies a node's answers and watch updates in one transaction.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::learning::watching::WatchEvent;
use crate::Result;

/// A watch update to record with its stored JSON payload.
pub(crate) type WatchToRecord<'a> = (&'a WatchEvent, String);

/// Watch writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait WatchWrites {
    /// Records `rows`, received at `received`, with the capsule views and rollup queue they
    /// move; returns the ids inserted (updates recorded before are skipped).
    async fn record_watches(
        &mut self,
        rows: &[WatchToRecord<'_>],
        received: DateTime<Utc>,
    ) -> Result<Vec<Uuid>>;
}

compile_per_engine!("watch_writes");
