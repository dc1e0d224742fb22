//! The batch a node sends up, and its envelope.
//!
//! A batch is JSON (versioned by [`BATCH_VERSION`]), gzip-compressed; the node signs the
//! compressed bytes exactly as sent with its Ed25519 key, and the envelope names the node
//! beside the signature, so the platform checks the signature against the registered key
//! before it decompresses or parses anything. A batch holds at most [`MAX_EVENTS`] events
//! and [`MAX_ACCOUNT_EDITS`] account edits, so either side's memory stays bounded whatever
//! the backlog.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::learning::exercises::AnswerEvent;
use crate::learning::watching::WatchEvent;
use crate::sync::SyncRefusal;
use crate::{Result, StoreError};

/// The batch format this code writes and reads.
pub const BATCH_VERSION: u32 = 1;

/// Most learner events (answers and watch updates together) in one batch.
pub const MAX_EVENTS: usize = 2_000;

/// Most account edits in one batch.
pub const MAX_ACCOUNT_EDITS: usize = 500;

/// Largest sealed (compressed) body a node may send: `POST /sync/up` refuses a larger one
/// before reading it, and a return file's line is bounded by it. A full batch compresses to
/// well under this.
pub const MAX_SEALED_BYTES: usize = 4 * 1024 * 1024;

/// Largest decompressed body accepted: far above a full batch (about 1 KB an event), and a
/// bound on what a gzip bomb from a registered node could cost.
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// Where a node's upload stands: what the platform acknowledged, or what a batch reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The node's local sequence of the last learner event included (0: none yet).
    pub events: i64,
    /// The last account edit included, by (edit time, account id).
    pub accounts: Option<(DateTime<Utc>, Uuid)>,
}

/// An account's fields that people change on a node: their password and language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEdit {
    pub user_id: Uuid,
    pub password_hash: String,
    pub must_change_password: bool,
    pub locale: Option<String>,
    /// When the node's row was last changed (the later edit wins).
    pub edited_at: DateTime<Utc>,
}

/// How the node is doing, as it reports with each batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeHealth {
    /// The content pack the node runs, if one was imported.
    pub pack_id: Option<String>,
    /// Learner events not yet acknowledged when the batch was made (this batch's included).
    pub backlog: i64,
    pub app_version: String,
}

/// Longest `pack_id` or `app_version` kept from a node's health, in characters: a pack id
/// is a UUID (36) and a version a few numbers.
pub const MAX_HEALTH_TEXT: usize = 64;

impl NodeHealth {
    /// The health as the platform keeps it: each text cut to [`MAX_HEALTH_TEXT`] characters
    /// and its control characters replaced. Cut rather than refused: the health is only
    /// shown (admin page, `lawha sync nodes` on a terminal), and a refused batch would hold
    /// back the pupils' work it carries, and every later batch with it.
    pub fn bounded(self) -> NodeHealth {
        let clean = |text: String| -> String {
            text.chars()
                .take(MAX_HEALTH_TEXT)
                .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                .collect()
        };
        NodeHealth {
            pack_id: self.pack_id.map(clean),
            backlog: self.backlog,
            app_version: clean(self.app_version),
        }
    }
}

/// What a node sends up in one go.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Batch {
    pub version: u32,
    pub node_id: Uuid,
    /// Made by the node: a batch sent again is recognised by it.
    pub batch_id: Uuid,
    /// The cursor the batch starts after, and the one it reaches.
    pub from: Cursor,
    pub to: Cursor,
    pub answers: Vec<AnswerEvent>,
    pub watches: Vec<WatchEvent>,
    pub accounts: Vec<AccountEdit>,
    pub health: NodeHealth,
}

/// The platform's answer to a batch applied (or applied before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub batch_id: Uuid,
    /// Where the batch started (its `from`): a run of acknowledgements is unbroken when each
    /// starts where the one before reached. Absent (the start) from acknowledgements
    /// recorded before it was kept.
    #[serde(default)]
    pub from: Cursor,
    /// Where the node's cursor may move: everything up to it is committed on the platform.
    pub cursor: Cursor,
    /// What the batch added when it was first applied.
    pub new_answers: u64,
    pub new_watches: u64,
    pub accounts_applied: u64,
    /// Events and account edits set aside rather than applied (see
    /// [`crate::sync::set_aside`]); absent from acknowledgements recorded before there was
    /// such a count.
    #[serde(default)]
    pub set_aside: u64,
}

/// A batch as it travels: the node's id and signature beside the compressed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedBatch {
    pub node_id: Uuid,
    pub signature: [u8; 64],
    /// gzip of the batch's JSON; the signature covers these bytes exactly.
    pub body: Vec<u8>,
}

/// A node's identity: the id the platform registered it under and its private key.
pub struct NodeIdentity {
    pub node_id: Uuid,
    pub key: SigningKey,
}

impl std::fmt::Debug for NodeIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The private key never reaches a log.
        f.debug_struct("NodeIdentity")
            .field("node_id", &self.node_id)
            .finish_non_exhaustive()
    }
}

impl NodeIdentity {
    /// The identity of node `node_id` from its secret key written as 64 hex digits (the
    /// node's key file); `None` when the text is not such a key.
    pub fn from_hex(node_id: Uuid, secret: &str) -> Option<NodeIdentity> {
        let bytes: [u8; 32] = hex::decode(secret.trim()).ok()?.try_into().ok()?;
        Some(NodeIdentity {
            node_id,
            key: SigningKey::from_bytes(&bytes),
        })
    }

    /// The public key the platform registers for this node.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }
}

impl SignedBatch {
    /// Compresses and signs `batch` as `node`.
    pub fn seal(batch: &Batch, node: &NodeIdentity) -> Result<SignedBatch> {
        let json = serde_json::to_vec(batch)
            .map_err(|e| StoreError::Corrupt(format!("batch not serialisable: {e}")))?;
        let mut gzip = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&json)
            .and_then(|()| gzip.flush())
            .map_err(|e| StoreError::Corrupt(format!("batch not compressible: {e}")))?;
        let body = gzip
            .finish()
            .map_err(|e| StoreError::Corrupt(format!("batch not compressible: {e}")))?;
        Ok(SignedBatch {
            node_id: node.node_id,
            signature: node.key.sign(&body).to_bytes(),
            body,
        })
    }

    /// Checks the signature over the body's exact bytes against `key` (the node's
    /// registered public key); a down request (`sync::down`) travels in this envelope too.
    pub fn check_signature(&self, key: &[u8]) -> Result<(), SyncRefusal> {
        let key: [u8; 32] = key.try_into().map_err(|_| SyncRefusal::BadSignature)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| SyncRefusal::BadSignature)?;
        key.verify(&self.body, &Signature::from_bytes(&self.signature))
            .map_err(|_| SyncRefusal::BadSignature)
    }

    /// Checks the signature against `key` (the node's registered public key), then reads
    /// the batch, which must name the same node and a known version.
    pub fn open(&self, key: &[u8]) -> Result<Batch, SyncRefusal> {
        self.check_signature(key)?;
        let mut json = Vec::new();
        GzDecoder::new(self.body.as_slice())
            .take(MAX_BODY_BYTES + 1)
            .read_to_end(&mut json)
            .map_err(|_| SyncRefusal::Malformed("not-gzip"))?;
        if json.len() as u64 > MAX_BODY_BYTES {
            return Err(SyncRefusal::Malformed("too-large"));
        }
        let version: Versioned =
            serde_json::from_slice(&json).map_err(|_| SyncRefusal::Malformed("not-a-batch"))?;
        if version.version != BATCH_VERSION {
            return Err(SyncRefusal::UnsupportedVersion(version.version));
        }
        let batch: Batch =
            serde_json::from_slice(&json).map_err(|_| SyncRefusal::Malformed("not-a-batch"))?;
        if batch.node_id != self.node_id {
            return Err(SyncRefusal::Malformed("node-mismatch"));
        }
        if batch.answers.len() + batch.watches.len() > MAX_EVENTS
            || batch.accounts.len() > MAX_ACCOUNT_EDITS
        {
            return Err(SyncRefusal::Malformed("too-many-events"));
        }
        Ok(batch)
    }
}

/// Just the version, read first so that another version is named as such.
#[derive(Deserialize)]
struct Versioned {
    version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> NodeIdentity {
        NodeIdentity {
            node_id: Uuid::now_v7(),
            key: SigningKey::from_bytes(&[7; 32]),
        }
    }

    fn empty_batch(node_id: Uuid) -> Batch {
        Batch {
            version: BATCH_VERSION,
            node_id,
            batch_id: Uuid::now_v7(),
            from: Cursor::default(),
            to: Cursor::default(),
            answers: Vec::new(),
            watches: Vec::new(),
            accounts: Vec::new(),
            health: NodeHealth {
                pack_id: None,
                backlog: 0,
                app_version: "test".into(),
            },
        }
    }

    #[test]
    fn a_sealed_batch_opens_with_its_key_only() {
        let node = node();
        let batch = empty_batch(node.node_id);
        let sealed = SignedBatch::seal(&batch, &node).unwrap_or_else(|e| panic!("{e}"));
        let public = node.key.verifying_key().to_bytes();
        assert_eq!(public, node.public_key());
        let opened = sealed.open(&public).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.batch_id, batch.batch_id);

        let other = SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes();
        assert_eq!(sealed.open(&other).err(), Some(SyncRefusal::BadSignature));

        let mut tampered = sealed.clone();
        if let Some(byte) = tampered.body.last_mut() {
            *byte ^= 1;
        }
        assert_eq!(
            tampered.open(&public).err(),
            Some(SyncRefusal::BadSignature)
        );
    }

    #[test]
    fn health_texts_are_cut_and_cleaned() {
        let long = "é".repeat(MAX_HEALTH_TEXT + 10);
        let health = NodeHealth {
            pack_id: Some(long.clone()),
            backlog: 3,
            app_version: "1.0\u{1b}[31m".into(),
        }
        .bounded();
        assert_eq!(
            health.pack_id.map(|p| p.chars().count()),
            Some(MAX_HEALTH_TEXT)
        );
        assert_eq!(health.app_version, "1.0\u{fffd}[31m");
        assert_eq!(health.backlog, 3);
        let short = NodeHealth {
            pack_id: None,
            backlog: 0,
            app_version: "0.1.0".into(),
        };
        assert_eq!(short.clone().bounded(), short);
    }

    #[test]
    fn a_key_file_holds_the_secret_in_hex() {
        let id = Uuid::now_v7();
        let node = NodeIdentity::from_hex(id, &format!("{}\n", "07".repeat(32)))
            .unwrap_or_else(|| panic!("a 32-byte key"));
        assert_eq!(node.public_key(), self::node().public_key());
        assert!(NodeIdentity::from_hex(id, "07").is_none());
        assert!(NodeIdentity::from_hex(id, "not hex").is_none());
    }

    #[test]
    fn a_batch_naming_another_node_or_version_is_refused() {
        let node = node();
        let sealed = SignedBatch::seal(&empty_batch(Uuid::now_v7()), &node)
            .unwrap_or_else(|e| panic!("{e}"));
        let public = node.key.verifying_key().to_bytes();
        assert_eq!(
            sealed.open(&public).err(),
            Some(SyncRefusal::Malformed("node-mismatch"))
        );

        let mut future = empty_batch(node.node_id);
        future.version = BATCH_VERSION + 1;
        let sealed = SignedBatch::seal(&future, &node).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            sealed.open(&public).err(),
            Some(SyncRefusal::UnsupportedVersion(BATCH_VERSION + 1))
        );
    }
}
