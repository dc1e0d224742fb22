//! [`RollupQueue`] for one engine's connection.

use chrono::{DateTime, Utc};
use lawha_core::new_id;
use uuid::Uuid;

use super::Conn;
use crate::rollups::queue::{pack_ids, RollupQueue};
use crate::{Result, StoreError};

impl RollupQueue for Conn {
    async fn queue_rollups(&mut self, ids: &[Uuid], at: DateTime<Utc>) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let events = i32::try_from(ids.len())
            .map_err(|_| StoreError::Corrupt(format!("{} events in one batch", ids.len())))?;
        sqlx::query(
            "INSERT INTO rollup_batches (id, event_ids, events, queued_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(new_id())
        .bind(pack_ids(ids))
        .bind(events)
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }
}
