//! The packs a node applied (`installed_packs`): what the admin page and the CLI print as
//! the node's pack version, and the mark that tells a running node's search index that a
//! pack was applied ([`Schoolbag::install_mark`]).

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

/// Where a node's pack installs stand: it moves with every pack applied (in the transaction
/// that writes the pack's rows). See [`Schoolbag::install_mark`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct InstallMark {
    /// Packs applied.
    pub packs: i64,
    /// When the last was applied (this node's clock).
    pub last_applied_at: Option<DateTime<Utc>>,
}

impl Schoolbag<'_> {
    /// The node's [`InstallMark`]. A search index that follows capsules by their
    /// `updated_at` compares it: a pack's capsules keep the platform's `updated_at`, which
    /// may be older than the newest the index has read, so when the mark moves the index
    /// reads everything again rather than miss them. On the platform it never moves.
    pub async fn install_mark(&self) -> Result<InstallMark> {
        let sql =
            "SELECT COUNT(*) AS packs, MAX(applied_at) AS last_applied_at FROM installed_packs";
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, InstallMark>(sql).fetch_one(pool).await?
        }))
    }

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
