//! Recorded events queued for the rollups, inside the transaction that recorded them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;

/// Rollup queue writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait RollupQueue {
    /// Queues the events `ids` (those just recorded, duplicates left out) as one
    /// `rollup_batches` row holding every id, 16 bytes each; nothing when `ids` is empty.
    async fn queue_rollups(&mut self, ids: &[Uuid], at: DateTime<Utc>) -> Result<()>;
}

/// The ids of a queued batch as stored: 16 bytes each, in order.
pub(super) fn pack_ids(ids: &[Uuid]) -> Vec<u8> {
    ids.iter().flat_map(|id| *id.as_bytes()).collect()
}

compile_per_engine!("queue");
