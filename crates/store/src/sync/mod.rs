//! Sync between school nodes and the platform. Upward: a node's learner events, the
//! account edits made on it and its health travel as signed batches, over HTTP or in a
//! return file, and the platform applies each in one transaction. Downward: a node asks,
//! signed, for its school's people and assignments changed since its down cursor, and
//! applies each answer with the cursor in one transaction.
//!
//! Tables: `school_nodes` (the registry: each node's school and Ed25519 public key),
//! `sync_received_batches` (batches applied, with the acknowledgement sent, so a batch sent
//! again changes nothing and gets the same answer), `account_edit_conflicts` (the losing
//! side of an account edited on both sides) and `sync_set_aside` (events and edits about
//! people outside the node's school, kept rather than applied) on the platform;
//! `sync_state` (what the platform acknowledged, and the down cursor) on a node, whose
//! outbox is `learner_events` itself.
//!
//! - [`nodes`]: registering (by an administrator of the school's scope), revoking, listing.
//! - [`batch`]: the batch format, its signature and compression.
//! - [`outbox`]: the node's side, the next batch after the acknowledged cursor.
//! - [`receive`]: the platform's side, checking and applying a batch.
//! - [`return_file`]: batches written to and read from a file carried by hand.
//! - [`set_aside`]: what of a batch is kept aside rather than applied, and why.
//! - [`packs`]: the packs the platform publishes (`published_packs`) and the check of a
//!   node's signed request for them.
//! - [`down`]: downward sync, both sides.

pub mod batch;
pub mod down;
pub mod nodes;
pub mod outbox;
pub mod packs;
pub mod receive;
pub mod return_file;
pub mod set_aside;

use crate::{RowLocks, Store};

/// The store's sync: `store.sync()`.
#[derive(Clone, Copy)]
pub struct NodeSync<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`NodeSync`].
    pub fn sync(&self) -> NodeSync<'_> {
        NodeSync { store: self }
    }
}

/// Why a batch from a node is refused ([`crate::StoreError::SyncRefused`]). Nothing of a
/// refused batch is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncRefusal {
    /// No node is registered under the id the batch names.
    #[error("unknown node")]
    UnknownNode,
    /// The node was revoked by an administrator.
    #[error("node revoked")]
    RevokedNode,
    /// The signature does not match the body and the node's registered key.
    #[error("bad signature")]
    BadSignature,
    /// The body cannot be read (not gzip, not a batch, another node's id inside, too big).
    #[error("malformed batch: {0}")]
    Malformed(&'static str),
    /// A return file's line (counted from 1, the header being line 1) longer than any
    /// batch's: refused before it is read whole.
    #[error("line {0} of the return file is longer than any batch")]
    LineTooLong(usize),
    /// A batch format this platform does not know.
    #[error("unsupported batch version {0}")]
    UnsupportedVersion(u32),
    /// A signed request (a down request, a pack download) dated too far from the
    /// platform's clock: an old request replayed, or a node whose clock is wrong.
    #[error("request dated too far from the platform's time")]
    StaleRequest,
}

impl SyncRefusal {
    /// A stable code for the node's log and the HTTP answer.
    pub fn code(&self) -> &'static str {
        match self {
            SyncRefusal::UnknownNode => "unknown-node",
            SyncRefusal::RevokedNode => "node-revoked",
            SyncRefusal::BadSignature => "bad-signature",
            SyncRefusal::Malformed(_) => "malformed-batch",
            SyncRefusal::LineTooLong(_) => "line-too-long",
            SyncRefusal::UnsupportedVersion(_) => "unsupported-version",
            SyncRefusal::StaleRequest => "stale-request",
        }
    }
}

/// What ends a `SELECT` that locks its rows until the transaction ends, on `conn`'s engine.
fn for_update<C: RowLocks>(_conn: &C) -> &'static str {
    C::FOR_UPDATE
}
