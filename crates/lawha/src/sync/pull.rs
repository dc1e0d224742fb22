//! Pulling the school's people and assignments down from the platform: `lawha sync pull`,
//! and the periodic task of `lawha serve` on a node after each push.
//!
//! One page at a time: a request naming the node's down cursor is signed, posted to
//! `{platform_url}/sync/down`, and the answer applied with its cursor in one transaction
//! (`NodeSync::apply_down`), until the platform says no more pages follow. A network error
//! or a crash between request and commit leaves the cursor where it was: the same page is
//! asked for again, and applying it again changes nothing.

use std::collections::BTreeMap;

use lawha_store::sync::batch::NodeIdentity;
use lawha_store::sync::down::{DownBatch, DownRequest, DOWN_VERSION};
use lawha_store::{Store, StoreError};
use uuid::Uuid;

use super::push::{post_signed, PushError};

/// Most pages one pull reads: far above a school's people (500 a page); a bound should a
/// platform keep answering `more`.
const MAX_PAGES: u64 = 1_000;

/// What a pull brought, in counts only (no one's data).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pulled {
    pub pages: u64,
    /// Rows inserted or changed, by table.
    pub written: BTreeMap<String, u64>,
    pub people_removed: u64,
    pub links_removed: u64,
    /// Assignments whose capsule or set the node has not got yet (sent again later).
    pub rows_waiting: u64,
}

/// Asks the platform at `platform_url` for everything changed for this node's school
/// (`school`) since its down cursor, page by page, and applies each (see the module doc).
pub async fn pull(
    store: &Store,
    client: &reqwest::Client,
    platform_url: &str,
    node: &NodeIdentity,
    school: Uuid,
) -> Result<Pulled, PushError> {
    let url = format!("{}/sync/down", platform_url.trim_end_matches('/'));
    let mut pulled = Pulled::default();
    while pulled.pages < MAX_PAGES {
        let (cursor, roster_digest) = store.sync().down_state().await?;
        let request = DownRequest {
            version: DOWN_VERSION,
            node_id: node.node_id,
            cursor,
            sent_at: store.clock().now(),
            roster_digest,
        };
        let signed = request.seal(node)?;
        let body = post_signed(client, &url, signed, "application/json").await?;
        let batch = DownBatch::from_gzip(&body).map_err(|_| PushError::UnexpectedAnswer)?;
        if batch.from != cursor {
            return Err(PushError::UnexpectedAnswer);
        }
        let applied = store
            .sync()
            .apply_down(&batch, node.node_id, school)
            .await
            .map_err(|e| match e {
                StoreError::SyncRefused(_) => PushError::UnexpectedAnswer,
                other => PushError::Store(other),
            })?;
        pulled.pages += 1;
        for (table, n) in applied.written {
            *pulled.written.entry(table).or_default() += n;
        }
        pulled.people_removed += applied.people_removed;
        pulled.links_removed += applied.links_removed;
        pulled.rows_waiting += applied.rows_waiting;
        if applied.ignored || !batch.more {
            break;
        }
    }
    Ok(pulled)
}

impl Pulled {
    /// The rows written in all.
    pub fn total_written(&self) -> u64 {
        self.written.values().sum()
    }
}
