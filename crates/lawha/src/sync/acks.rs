//! The acknowledgement file: what the platform applied from a node's return file, carried
//! back to the node on the stick so that its next return file holds only what is new.
//!
//! Three lines: a header naming the format, the JSON [`AckFile`], and the platform's
//! signature over that JSON line with its pack key (`ed25519 <key> <signature>`, as a pack's
//! `manifest.sig`). The node checks the signature against the key it pins for packs and that
//! the file names this node before its cursor moves: a forged or another node's file could
//! otherwise make it skip work never received. It covers only an unbroken run of batches
//! (each starting where the one before reached), from where the run started: a return file
//! with a line taken out would otherwise acknowledge the missing batch. The node takes it
//! only if the run starts at or before its own cursor and reaches past it, so the cursor
//! only moves forward and never over a gap.

use std::path::Path;

use anyhow::{bail, Context};
use lawha_pack::{signature, PublicKey, SecretKey};
use lawha_store::sync::batch::{Ack, Cursor};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The first line of an acknowledgement file.
const HEADER: &str = "lawha-sync-acks 1";

/// Largest acknowledgement file read: a header, a cursor, batch ids and a signature.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What the platform acknowledges to one node.
#[derive(Debug, Serialize, Deserialize)]
pub struct AckFile {
    pub node_id: Uuid,
    /// Where the run of batches acknowledged starts.
    pub from: Cursor,
    /// Everything from `from` up to it is committed on the platform.
    pub cursor: Cursor,
    /// The batches applied from the return file, in its order.
    pub batches: Vec<Uuid>,
}

impl AckFile {
    /// The acknowledgement of `acks` (a return file's, in order) for `node_id`: the first
    /// batch and those that follow it unbroken; `None` when the file held no batch.
    pub fn of(node_id: Uuid, acks: &[Ack]) -> Option<AckFile> {
        let first = acks.first()?;
        let mut run = vec![first];
        for ack in &acks[1..] {
            if ack.from != run[run.len() - 1].cursor {
                break;
            }
            run.push(ack);
        }
        Some(AckFile {
            node_id,
            from: first.from,
            cursor: run[run.len() - 1].cursor,
            batches: run.iter().map(|a| a.batch_id).collect(),
        })
    }

    /// Whether this node, acknowledged up to `current`, may move to [`AckFile::cursor`]: the
    /// run starts at or before `current` (no gap) and reaches past it.
    pub fn moves_forward_from(&self, current: &Cursor) -> bool {
        reaches(&self.from, current) && reaches(current, &self.cursor)
    }

    /// Writes the signed file to `path`.
    pub fn write(&self, path: &Path, key: &SecretKey) -> anyhow::Result<()> {
        let json = serde_json::to_string(self).context("acknowledgement file")?;
        let text = format!(
            "{HEADER}\n{json}\n{}",
            signature::sign(key, json.as_bytes())
        );
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Reads the file at `path`, checked to be signed by `pinned` and to name `node_id`.
    pub fn read(path: &Path, pinned: &PublicKey, node_id: Uuid) -> anyhow::Result<AckFile> {
        let size = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        if size > MAX_FILE_BYTES {
            bail!(
                "{} is too large to be an acknowledgement file",
                path.display()
            );
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut lines = text.split('\n');
        let (Some(HEADER), Some(json), Some(signed)) = (lines.next(), lines.next(), lines.next())
        else {
            bail!("{} is not an acknowledgement file", path.display());
        };
        signature::check(signed.as_bytes(), json.as_bytes(), pinned)
            .with_context(|| format!("{}: not signed by the platform", path.display()))?;
        let file: AckFile = serde_json::from_str(json)
            .with_context(|| format!("{}: unreadable acknowledgement", path.display()))?;
        if file.node_id != node_id {
            bail!(
                "{} acknowledges node {}, not this node ({node_id})",
                path.display(),
                file.node_id
            );
        }
        Ok(file)
    }
}

/// Whether `to` is at or after `from` on both of a cursor's parts.
fn reaches(from: &Cursor, to: &Cursor) -> bool {
    to.events >= from.events && to.accounts >= from.accounts
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(events: i64) -> Cursor {
        Cursor {
            events,
            accounts: None,
        }
    }

    fn ack(from: i64, to: i64) -> Ack {
        Ack {
            batch_id: Uuid::now_v7(),
            from: at(from),
            cursor: at(to),
            new_answers: 0,
            new_watches: 0,
            accounts_applied: 0,
            set_aside: 0,
        }
    }

    #[test]
    fn only_the_platforms_file_for_this_node_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acks");
        let platform = SecretKey::from_seed([7; 32]);
        let node = Uuid::now_v7();
        let file = AckFile::of(node, &[ack(0, 10), ack(10, 25)]).unwrap();
        file.write(&path, &platform).unwrap();

        let read = AckFile::read(&path, &platform.public(), node).unwrap();
        assert_eq!(read.cursor.events, 25);
        assert_eq!(read.batches, file.batches);
        // Another node's file, another key, a changed cursor: refused.
        let other = AckFile::read(&path, &platform.public(), Uuid::now_v7()).unwrap_err();
        assert!(format!("{other:#}").contains("not this node"), "{other:#}");
        let foreign = SecretKey::from_seed([8; 32]).public();
        assert!(AckFile::read(&path, &foreign, node).is_err());
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"events\":25", "\"events\":99")).unwrap();
        let forged = AckFile::read(&path, &platform.public(), node).unwrap_err();
        assert!(format!("{forged:#}").contains("signature"), "{forged:#}");
        assert!(AckFile::of(node, &[]).is_none());
    }

    #[test]
    fn only_an_unbroken_run_is_acknowledged_and_taken_without_a_gap() {
        let node = Uuid::now_v7();
        // The batch from 10 to 20 was taken out of the file: the run stops before it.
        let file = AckFile::of(node, &[ack(0, 10), ack(20, 30)]).unwrap();
        assert_eq!(
            (file.from, file.cursor, file.batches.len()),
            (at(0), at(10), 1)
        );
        assert!(file.moves_forward_from(&at(0)));
        assert!(file.moves_forward_from(&at(5)));
        // A node already past it, or one whose cursor is before the run's start (a gap).
        assert!(!file.moves_forward_from(&at(11)));
        let later = AckFile::of(node, &[ack(10, 20)]).unwrap();
        assert!(!later.moves_forward_from(&at(5)));
        let at_accounts = |events, s: i64| Cursor {
            events,
            accounts: Some((Utc.timestamp_opt(s, 0).unwrap(), Uuid::from_u128(1))),
        };
        let edits = AckFile::of(
            node,
            &[Ack {
                from: at_accounts(5, 10),
                cursor: at_accounts(6, 20),
                ..ack(0, 0)
            }],
        )
        .unwrap();
        assert!(edits.moves_forward_from(&at_accounts(5, 10)));
        assert!(!edits.moves_forward_from(&at_accounts(6, 30)));
        assert!(!edits.moves_forward_from(&at(5)));
    }
}
