//! Staged files flushed and journalled in batches, by a thread of their own: one syncfs and
//! one journal fsync a batch (an fsync a file made imports of many small files several times
//! slower than `cp`), while the writer goes on with the next files.

use std::mem;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

use crate::durable;
use crate::{EntryRecord, PackError};

/// A batch is handed to the flusher at this many bytes or files.
const BATCH_BYTES: u64 = 64 << 20;
const BATCH_FILES: usize = 256;

/// The entries staged since the last hand-over, and the flusher thread.
pub(super) struct Batches<'scope> {
    lines: String,
    files: usize,
    bytes: u64,
    to_flusher: Option<mpsc::Sender<String>>,
    flusher: Option<ScopedJoinHandle<'scope, Result<(), PackError>>>,
}

impl<'scope> Batches<'scope> {
    /// Starts the flusher: for each batch, it flushes the file system holding `staging`,
    /// then appends the batch's paths to `journal`, so that a journal line is only ever
    /// written for a file whose bytes are on disk.
    pub(super) fn start(
        scope: &'scope Scope<'scope, '_>,
        staging: PathBuf,
        journal: PathBuf,
    ) -> Self {
        let (to_flusher, batches) = mpsc::channel::<String>();
        let flusher = scope.spawn(move || {
            for lines in batches {
                durable::sync_filesystem(&staging)?;
                durable::append_lines(&journal, &lines)?;
            }
            Ok(())
        });
        Batches {
            lines: String::new(),
            files: 0,
            bytes: 0,
            to_flusher: Some(to_flusher),
            flusher: Some(flusher),
        }
    }

    /// Notes an entry whose staged file is completely written.
    pub(super) fn add(&mut self, entry: &EntryRecord) -> Result<(), PackError> {
        self.lines.push_str(entry.path.as_str());
        self.lines.push('\n');
        self.files += 1;
        self.bytes += entry.size;
        if self.bytes >= BATCH_BYTES || self.files >= BATCH_FILES {
            self.hand_over()?;
        }
        Ok(())
    }

    /// Hands the last batch over and waits until every batch is flushed and journalled.
    pub(super) fn finish(mut self) -> Result<(), PackError> {
        self.hand_over()?;
        self.to_flusher = None;
        self.wait()
    }

    fn hand_over(&mut self) -> Result<(), PackError> {
        if self.files == 0 {
            return Ok(());
        }
        let lines = mem::take(&mut self.lines);
        (self.files, self.bytes) = (0, 0);
        let sent = self
            .to_flusher
            .as_ref()
            .is_some_and(|f| f.send(lines).is_ok());
        if sent {
            Ok(())
        } else {
            // The flusher stopped on an error: that error is the one to report.
            self.to_flusher = None;
            self.wait()
        }
    }

    fn wait(&mut self) -> Result<(), PackError> {
        match self.flusher.take().map(ScopedJoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }
}
