//! The return file: a node that never connects writes its signed batches to a file (on the
//! USB stick that brought its pack), and the platform applies them one by one exactly as
//! it applies batches sent over HTTP ([`NodeSync::receive`]).
//!
//! The file is JSON Lines after a first line naming the format: one signed batch a line
//! (`node_id`, hex `signature`, base64 `body`), so either side holds one batch at a time
//! whatever the file's size, and a file cut short loses only its last, unreadable line —
//! the batches before it are applied, and the rest are sent again next time (the node's
//! cursor moves only when the platform's acknowledgement comes back).

use std::io::{BufRead, Read, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::batch::{Ack, NodeIdentity, SignedBatch, MAX_SEALED_BYTES};
use super::{NodeSync, SyncRefusal};
use crate::{Result, StoreError};

/// The first line of a return file.
const HEADER: &str = "lawha-sync-return 1";

/// One line of the file.
#[derive(Serialize, Deserialize)]
struct Line {
    node_id: Uuid,
    signature: String,
    body: String,
}

/// How a return file went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReturnFileReport {
    /// The node whose batches the file holds (`None` for a file with none).
    pub node_id: Option<Uuid>,
    /// One acknowledgement per batch applied (or applied before), in the file's order.
    /// The acknowledgement of a batch applied before is the one recorded then: its counts
    /// are what that first application added, not this run.
    pub acks: Vec<Ack>,
    /// The batches of `acks` that were applied before this run (a file imported again):
    /// this run recorded nothing of them.
    pub applied_before: Vec<Uuid>,
}

impl ReturnFileReport {
    /// What this run recorded: the counts of the batches it applied, summed; a batch
    /// applied before adds nothing.
    pub fn recorded_now(&self) -> RecordedNow {
        let mut now = RecordedNow::default();
        for ack in self
            .acks
            .iter()
            .filter(|a| !self.applied_before.contains(&a.batch_id))
        {
            now.batches += 1;
            now.new_answers += ack.new_answers;
            now.new_watches += ack.new_watches;
            now.accounts_applied += ack.accounts_applied;
            now.set_aside += ack.set_aside;
        }
        now
    }
}

/// What one run over a return file recorded ([`ReturnFileReport::recorded_now`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecordedNow {
    /// Batches applied by this run (not before).
    pub batches: u64,
    pub new_answers: u64,
    pub new_watches: u64,
    pub accounts_applied: u64,
    pub set_aside: u64,
}

impl NodeSync<'_> {
    /// Writes every batch not yet acknowledged to `out`, `max_events` events a batch at
    /// most; returns how many batches were written. The cursor does not move: the node
    /// learns what the platform applied from its acknowledgements.
    pub async fn write_return_file(
        &self,
        node: &NodeIdentity,
        max_events: usize,
        app_version: &str,
        mut out: impl Write,
    ) -> Result<usize> {
        let io = |e: std::io::Error| StoreError::Corrupt(format!("return file: {e}"));
        writeln!(out, "{HEADER}").map_err(io)?;
        let mut after = self.acknowledged().await?;
        let mut written = 0;
        while let Some(batch) = self
            .next_batch(node.node_id, after, max_events, app_version)
            .await?
        {
            after = batch.to;
            let signed = SignedBatch::seal(&batch, node)?;
            let line = Line {
                node_id: signed.node_id,
                signature: hex::encode(signed.signature),
                body: STANDARD.encode(&signed.body),
            };
            serde_json::to_writer(&mut out, &line)
                .map_err(|e| StoreError::Corrupt(format!("return file: {e}")))?;
            writeln!(out).map_err(io)?;
            written += 1;
        }
        out.flush().map_err(io)?;
        Ok(written)
    }

    /// Applies the batches of a return file in order, each as [`NodeSync::receive`] does;
    /// stops at the first refused batch or unreadable line (the batches before it stay
    /// applied and acknowledged: each is its own transaction). Every batch must be of the
    /// first batch's node (a node writes its own file), so the acknowledgements can go back
    /// to that node. A line longer than any batch
    /// ([`MAX_LINE_BYTES`]; the header, [`HEADER`]'s length) is refused, naming its number,
    /// before more of it than that bound is read.
    pub async fn read_return_file(&self, mut input: impl BufRead) -> Result<ReturnFileReport> {
        let malformed = |what| StoreError::SyncRefused(SyncRefusal::Malformed(what));
        let mut buf = Vec::new();
        match read_line(&mut input, HEADER.len() + 2, 1, &mut buf)? {
            true if std::str::from_utf8(&buf).is_ok_and(|l| l.trim_end() == HEADER) => {}
            _ => return Err(malformed("not-a-return-file")),
        }
        let mut report = ReturnFileReport::default();
        for number in 2.. {
            if !read_line(&mut input, MAX_LINE_BYTES, number, &mut buf)? {
                break;
            }
            if buf.trim_ascii().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_slice(&buf).map_err(|_| malformed("bad-line"))?;
            let signature: [u8; 64] = hex::decode(&line.signature)
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or(malformed("bad-line"))?;
            let body = STANDARD
                .decode(&line.body)
                .map_err(|_| malformed("bad-line"))?;
            if *report.node_id.get_or_insert(line.node_id) != line.node_id {
                return Err(malformed("several-nodes"));
            }
            let signed = SignedBatch {
                node_id: line.node_id,
                signature,
                body,
            };
            let received = self.receive_once(&signed).await?;
            if received.applied_before {
                report.applied_before.push(received.ack.batch_id);
            }
            report.acks.push(received.ack);
        }
        Ok(report)
    }
}

/// Longest line of a return file: a sealed body at its largest in base64 (4 bytes for 3),
/// with the node's id and the signature in hex around it.
pub const MAX_LINE_BYTES: usize = MAX_SEALED_BYTES / 3 * 4 + 4 + 1024;

/// Reads line `number` into `buf` (its end of line included), reading at most `max` bytes
/// and a newline; false at the end of the input. A longer line is refused naming `number`.
fn read_line(
    input: &mut impl BufRead,
    max: usize,
    number: usize,
    buf: &mut Vec<u8>,
) -> Result<bool> {
    buf.clear();
    let limit = u64::try_from(max + 1).unwrap_or(u64::MAX);
    let read = input
        .by_ref()
        .take(limit)
        .read_until(b'\n', buf)
        .map_err(|_| StoreError::SyncRefused(SyncRefusal::Malformed("unreadable-line")))?;
    let content = buf.strip_suffix(b"\n").unwrap_or(buf);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    if content.len() > max {
        return Err(StoreError::SyncRefused(SyncRefusal::LineTooLong(number)));
    }
    Ok(read > 0)
}
