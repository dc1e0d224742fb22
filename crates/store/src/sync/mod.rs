//! Sync between school nodes and the platform. Upward: a node's learner events, the
//! account edits made on it and its health travel as signed batches, over HTTP or in a
//! return file, and the platform applies each in one transaction. Downward: a node asks,
//! signed, for its school's people and assignments changed since its down cursor, and
//! applies each answer with the cursor in one transaction.
//!
//! Tables: `school_nodes` (the registry: each node's school and Ed25519 public key),
//! `sync_received_batches` (batches applied, with the acknowledgement sent, so a batch sent
//! again changes nothing and gets the same answer) and `account_edit_conflicts` (the losing
//! side of an account edited on both sides) on the platform; `sync_state` (what the
//! platform acknowledged, and the down cursor) on a node, whose outbox is `learner_events`
//! itself.
//!
//! - [`nodes`]: registering (by an administrator of the school's scope), revoking, listing.
//! - [`batch`]: the batch format, its signature and compression.
//! - [`outbox`]: the node's side, the next batch after the acknowledged cursor.
//! - [`receive`]: the platform's side, checking and applying a batch.
//! - [`return_file`]: batches written to and read from a file carried by hand.
//! - [`down`]: downward sync, both sides.

pub mod batch;
pub mod down;
pub mod nodes;
pub mod outbox;
pub mod receive;
pub mod return_file;

use uuid::Uuid;

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
    /// A batch format this platform does not know.
    #[error("unsupported batch version {0}")]
    UnsupportedVersion(u32),
    /// An event or account edit about a person who is not of the node's school.
    #[error("event {0} is about a person outside the node's school")]
    ForeignPerson(Uuid),
    /// An account edit about a person who also holds a grant outside the node's school
    /// (another school's, national or regional): a node may change only the accounts a pack
    /// would carry to it.
    #[error("account {0} holds rights beyond the node's school and cannot be changed from it")]
    AccountBeyondSchool(Uuid),
    /// A down request dated too far from the platform's clock: an old request replayed, or
    /// a node whose clock is wrong.
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
            SyncRefusal::UnsupportedVersion(_) => "unsupported-version",
            SyncRefusal::ForeignPerson(_) => "person-outside-school",
            SyncRefusal::AccountBeyondSchool(_) => "account-beyond-school",
            SyncRefusal::StaleRequest => "stale-request",
        }
    }
}

/// What ends a `SELECT` that locks its rows until the transaction ends, on `conn`'s engine.
fn for_update<C: RowLocks>(_conn: &C) -> &'static str {
    C::FOR_UPDATE
}
