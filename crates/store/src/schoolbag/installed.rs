//! The packs a node applied (`installed_packs`): what the admin page and the CLI print as
//! the node's pack version.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::content::InstalledPack;
use super::Schoolbag;
use crate::{Result, StoreError};

#[derive(sqlx::FromRow)]
struct InstalledRow {
    pack_id: Uuid,
    format_version: i32,
    built_at: DateTime<Utc>,
    applied_at: DateTime<Utc>,
    /// JSON of the [`super::ApplySummary`].
    summary: String,
}

impl InstalledRow {
    fn into_pack(self) -> Result<InstalledPack> {
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("installed pack {}: {what}", self.pack_id));
        Ok(InstalledPack {
            format_version: u32::try_from(self.format_version)
                .map_err(|_| corrupt("format version"))?,
            summary: serde_json::from_str(&self.summary).map_err(|_| corrupt("summary"))?,
            pack_id: self.pack_id,
            built_at: self.built_at,
            applied_at: self.applied_at,
        })
    }
}

impl Schoolbag<'_> {
    /// The packs applied on this node, the newest build first: the first is the node's pack
    /// version.
    pub async fn installed_packs(&self) -> Result<Vec<InstalledPack>> {
        let rows: Vec<InstalledRow> = self
            .store
            .fetch_every(
                "SELECT pack_id, format_version, built_at, applied_at, summary
                 FROM installed_packs ORDER BY built_at DESC, applied_at DESC",
            )
            .await?;
        rows.into_iter().map(InstalledRow::into_pack).collect()
    }
}
