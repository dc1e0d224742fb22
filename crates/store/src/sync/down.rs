//! Downward sync: what the platform sends a school node — its school's people (accounts
//! with their password hash, must-change flag and language, grants, teachers' classes,
//! parents' links) and the school's current assignments — and how the node applies it.
//!
//! The content is the schoolbag's (`PackContent`, selected by `Schoolbag::school_people`,
//! written by `schoolbag::apply::apply_rows`), restricted to people and assignments: no
//! catalog, no media (content packs bring those). So the rules of a pack hold here too:
//! references checked, rows written only when they differ, accounts edited on both sides
//! keep the later edit, and an account holding rights beyond the school never travels.
//!
//! - The node signs a small [`DownRequest`] (its id, its down cursor, the time, and the
//!   digest of the last roster it applied) with its key, in the envelope of upward batches
//!   ([`SignedBatch`]); the platform refuses an unknown node, a bad signature, a revoked
//!   node, and a request dated more than [`MAX_REQUEST_SKEW_SECONDS`] from its clock (a
//!   replay).
//! - The answer, a [`DownBatch`] (gzip JSON, versioned by [`DOWN_VERSION`]), holds the
//!   accounts changed since the cursor — at most [`MAX_DOWN_ACCOUNTS`], by id; the node asks
//!   again while `more` — with their grants in the school, the school's classes changed
//!   since, and on the last page the [`Roster`]: who is of the school now, and what comes
//!   whole (teachers' classes, parents' links, current assignments and their pupils),
//!   omitted when the node holds it already (same digest).
//! - The node applies a batch, removals included, and moves its cursor (`sync_state`) in
//!   one transaction; a batch that does not start at the node's cursor (an answer to a
//!   request made before, replayed) is ignored. See [`apply`] and [`serve`].
//! - Announcements do not exist yet; when they do, they travel here too: a list beside
//!   `content` in a new [`DOWN_VERSION`], selected for the school in [`serve`] and written
//!   in [`apply`]'s transaction.

mod apply;
pub(crate) use apply::{apply_pack_roster, forget_roster};
mod serve;

use std::collections::BTreeMap;
use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::batch::{NodeIdentity, SignedBatch};
use super::SyncRefusal;
use crate::schoolbag::PackContent;
use crate::{Result, StoreError};

/// The down format this code writes and reads (requests and answers).
pub const DOWN_VERSION: u32 = 1;

/// Most accounts in one answer: a page of a school's people stays far under a megabyte.
pub const MAX_DOWN_ACCOUNTS: usize = 500;

/// How far a request's time may be from the platform's, either way, in seconds. A request
/// replayed later is refused; within the window a replay only reads again.
pub const MAX_REQUEST_SKEW_SECONDS: i64 = 15 * 60;

/// Largest request body: a request is a few hundred bytes.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// Largest decompressed answer a node reads: far above a page of accounts and a school's
/// roster, and a bound on what a broken answer could cost.
const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// Where a node's downward sync stands, in the platform's time (the node only keeps it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownCursor {
    /// Every change made on the platform up to this time is on the node (`None`: nothing
    /// yet, so everything comes).
    pub since: Option<DateTime<Utc>>,
    /// Inside a pull of several pages: where the next page starts.
    pub page: Option<DownPage>,
}

/// The position inside a pull of several pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownPage {
    /// When the pull's first page was read: the next `since` is taken from it, so a change
    /// made while the pages are read comes next time.
    pub started: DateTime<Utc>,
    /// The last account sent (accounts go by id).
    pub after: Uuid,
}

/// What a node asks for, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownRequest {
    pub version: u32,
    pub node_id: Uuid,
    pub cursor: DownCursor,
    /// When the node made the request, by its clock.
    pub sent_at: DateTime<Utc>,
    /// The digest of the last [`Roster`] the node applied whole, if any.
    pub roster_digest: Option<String>,
}

/// Who is of the school now, sent on a pull's last page unless the node has it already:
/// the node takes everyone else off, and the grants not listed. What comes whole
/// (teachers' classes, parents' links, current assignments and their pupils) is in the
/// batch's content beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// Of this roster and the whole lists beside it: the node sends it back.
    pub digest: String,
    /// The people of the school whose accounts may be on its node.
    pub people: Vec<Uuid>,
    /// Their grants in the school.
    pub grants: Vec<Uuid>,
}

/// The platform's answer to a [`DownRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownBatch {
    pub version: u32,
    pub node_id: Uuid,
    pub school_id: Uuid,
    /// The cursor the request named, and the one the node moves to once it applied this.
    pub from: DownCursor,
    pub to: DownCursor,
    /// Whether more pages follow (the node asks again from `to`).
    pub more: bool,
    /// The rows, as a pack holds them; no catalog and no media.
    pub content: PackContent,
    pub roster: Option<Roster>,
}

/// What applying a down batch did on the node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DownApplied {
    /// Rows inserted or changed, by table.
    pub written: BTreeMap<String, u64>,
    /// People taken off the node (left the school, or given rights beyond it).
    pub people_removed: u64,
    /// Grants, teachers' classes and parents' links removed.
    pub links_removed: u64,
    /// Rows left for later: assignments whose capsule or set is not on the node yet, and
    /// teachers' classes and parents' links naming someone not on it yet.
    pub rows_waiting: u64,
    /// The batch did not start at the node's cursor (a replayed answer): nothing applied.
    pub ignored: bool,
}

impl DownRequest {
    /// Signs the request as `node` (its JSON is the body).
    pub fn seal(&self, node: &NodeIdentity) -> Result<SignedBatch> {
        use ed25519_dalek::Signer;
        let body = serde_json::to_vec(self)
            .map_err(|e| StoreError::Corrupt(format!("down request: {e}")))?;
        Ok(SignedBatch {
            node_id: node.node_id,
            signature: node.key.sign(&body).to_bytes(),
            body,
        })
    }

    /// Checks the signature against `key`, then reads the request, which must name the
    /// same node and a known version.
    pub fn open(signed: &SignedBatch, key: &[u8]) -> Result<DownRequest, SyncRefusal> {
        signed.check_signature(key)?;
        if signed.body.len() > MAX_REQUEST_BYTES {
            return Err(SyncRefusal::Malformed("too-large"));
        }
        let request: DownRequest = serde_json::from_slice(&signed.body)
            .map_err(|_| SyncRefusal::Malformed("not-a-down-request"))?;
        if request.version != DOWN_VERSION {
            return Err(SyncRefusal::UnsupportedVersion(request.version));
        }
        if request.node_id != signed.node_id {
            return Err(SyncRefusal::Malformed("node-mismatch"));
        }
        Ok(request)
    }
}

impl DownBatch {
    /// The answer as it travels: gzip of its JSON.
    pub fn to_gzip(&self) -> Result<Vec<u8>> {
        let fail = |e: &dyn std::fmt::Display| StoreError::Corrupt(format!("down batch: {e}"));
        let json = serde_json::to_vec(self).map_err(|e| fail(&e))?;
        let mut gzip = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&json).map_err(|e| fail(&e))?;
        gzip.finish().map_err(|e| fail(&e))
    }

    /// Reads an answer (decompressed size capped); another version is refused as such.
    pub fn from_gzip(body: &[u8]) -> Result<DownBatch, SyncRefusal> {
        let mut json = Vec::new();
        GzDecoder::new(body)
            .take(MAX_ANSWER_BYTES + 1)
            .read_to_end(&mut json)
            .map_err(|_| SyncRefusal::Malformed("not-gzip"))?;
        if json.len() as u64 > MAX_ANSWER_BYTES {
            return Err(SyncRefusal::Malformed("too-large"));
        }
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        let version: Versioned = serde_json::from_slice(&json)
            .map_err(|_| SyncRefusal::Malformed("not-a-down-batch"))?;
        if version.version != DOWN_VERSION {
            return Err(SyncRefusal::UnsupportedVersion(version.version));
        }
        serde_json::from_slice(&json).map_err(|_| SyncRefusal::Malformed("not-a-down-batch"))
    }
}

compile_per_engine!("down");

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn node() -> NodeIdentity {
        NodeIdentity {
            node_id: Uuid::now_v7(),
            key: SigningKey::from_bytes(&[9; 32]),
        }
    }

    fn request(node_id: Uuid) -> DownRequest {
        DownRequest {
            version: DOWN_VERSION,
            node_id,
            cursor: DownCursor::default(),
            sent_at: DateTime::UNIX_EPOCH,
            roster_digest: None,
        }
    }

    #[test]
    fn a_request_opens_with_its_node_key_only() {
        let node = node();
        let sealed = request(node.node_id)
            .seal(&node)
            .unwrap_or_else(|e| panic!("{e}"));
        let opened = DownRequest::open(&sealed, &node.public_key());
        assert_eq!(opened, Ok(request(node.node_id)));
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes();
        assert_eq!(
            DownRequest::open(&sealed, &other),
            Err(SyncRefusal::BadSignature)
        );
        let mut tampered = sealed.clone();
        tampered.body.push(b' ');
        assert_eq!(
            DownRequest::open(&tampered, &node.public_key()),
            Err(SyncRefusal::BadSignature)
        );
        let foreign = request(Uuid::now_v7())
            .seal(&node)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            DownRequest::open(&foreign, &node.public_key()),
            Err(SyncRefusal::Malformed("node-mismatch"))
        );
    }

    #[test]
    fn an_answer_that_is_not_a_down_batch_is_refused() {
        assert_eq!(
            DownBatch::from_gzip(b"plain"),
            Err(SyncRefusal::Malformed("not-gzip"))
        );
        let mut gzip = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(br#"{"version": 99}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let body = gzip.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            DownBatch::from_gzip(&body),
            Err(SyncRefusal::UnsupportedVersion(99))
        );
    }
}
