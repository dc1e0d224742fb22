//! The return file: a node that never connects writes its signed batches to a file (on the
//! USB stick that brought its pack), and the platform applies them one by one exactly as
//! it applies batches sent over HTTP ([`NodeSync::receive`]).
//!
//! The file is JSON Lines after a first line naming the format: one signed batch a line
//! (`node_id`, hex `signature`, base64 `body`), so either side holds one batch at a time
//! whatever the file's size, and a file cut short loses only its last, unreadable line —
//! the batches before it are applied, and the rest are sent again next time (the node's
//! cursor moves only when the platform's acknowledgement comes back).

use std::io::{BufRead, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::batch::{Ack, NodeIdentity, SignedBatch};
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
    /// One acknowledgement per batch applied (or applied before), in the file's order.
    pub acks: Vec<Ack>,
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
    /// stops at the first refused batch (the batches before it stay applied).
    pub async fn read_return_file(&self, input: impl BufRead) -> Result<ReturnFileReport> {
        let malformed = |what| StoreError::SyncRefused(SyncRefusal::Malformed(what));
        let mut lines = input.lines();
        match lines.next() {
            Some(Ok(first)) if first.trim_end() == HEADER => {}
            _ => return Err(malformed("not-a-return-file")),
        }
        let mut report = ReturnFileReport::default();
        for line in lines {
            let line = line.map_err(|_| malformed("unreadable-line"))?;
            if line.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(&line).map_err(|_| malformed("bad-line"))?;
            let signature: [u8; 64] = hex::decode(&line.signature)
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or(malformed("bad-line"))?;
            let body = STANDARD
                .decode(&line.body)
                .map_err(|_| malformed("bad-line"))?;
            let signed = SignedBatch {
                node_id: line.node_id,
                signature,
                body,
            };
            report.acks.push(self.receive(&signed).await?);
        }
        Ok(report)
    }
}
