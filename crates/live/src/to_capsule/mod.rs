//! Recordings become draft capsules: the durable step from an engine's recording to a draft
//! capsule of the session's (placeholder) lesson, with its ladder and sound-only rung made by
//! the media pipeline's queue.
//!
//! The queue is `live_recordings` itself: [`discover`] records what the engine holds for a
//! session (for Janus, the host's recordings only), and [`RecordingWorker::run_pending`]
//! takes each pending one through converting to ready (with its capsule) or failed (with a
//! stable reason code the session page translates). The move to converting is a conditional
//! update, so two workers never convert one recording; a conversion a crash left half-way is
//! failed with `live-recording-interrupted` after [`RecordingWorker::stale_after`], so
//! nothing stays hidden in "converting"; a failed one is retried by moving it back to
//! pending (`Live::move_recording(…, Retry)`). The capsule is found by its reference before
//! it is made, and a capsule that already has a media version is not given another, so a
//! retry after any step makes one capsule with one version.
//!
//! - `janus_source.rs`: a Janus recording's `.mjr` tracks converted (`janus-pp-rec`) and
//!   joined (ffmpeg) into one file.
//! - `discover.rs`: the engine's recordings of a session recorded as pending.
//! - `ended.rs`: the sessions that just ended asked for theirs ([`RecordingWorker::round`],
//!   which `lawha serve` runs every few minutes).
//!
//! BigBlueButton recordings fail with `live-unsupported`: its playback is a web player over
//! separate files, not one media file (see ARCHITECTURE.md, *Recordings become capsules*).

mod discover;
pub mod ended;
mod janus_source;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lawha_media::ingest::{ingest_source, Source};
use lawha_media::{MediaStorage, Tools};
use lawha_store::live::recordings::{Recording, RecordingMove};
use lawha_store::{Refusal, Store, StoreError};
use uuid::Uuid;

pub use discover::discover;
pub use ended::discover_ended;

use crate::{Engine, LiveError};

/// What became of one recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A draft capsule holds it; its media version is queued (or already processed).
    Ready { capsule: Uuid },
    /// It failed with this reason code; it stays listed and may be retried.
    Failed { reason: String },
    /// Another worker had taken it, or it was not pending.
    Skipped,
}

/// Converts recordings into draft capsules.
pub struct RecordingWorker<'a> {
    pub store: &'a Store,
    pub storage: &'a MediaStorage,
    pub tools: &'a Tools,
    pub engine: &'a Engine,
    /// Scratch space: one folder per recording, removed after.
    pub work_dir: PathBuf,
    /// A conversion started longer ago than this is taken for dead.
    pub stale_after: Duration,
    /// How long after an occurrence's end [`RecordingWorker::round`] first looks for its
    /// recordings ([`ended::settle`] by default).
    pub settle: Duration,
}

impl RecordingWorker<'_> {
    /// Fails stale conversions, then converts up to `limit` pending recordings, oldest
    /// first; returns what became of each. An error is the store's (the recordings left are
    /// taken on the next run).
    pub async fn run_pending(&self, limit: u32) -> Result<Vec<(Uuid, Outcome)>, LiveError> {
        let stale = chrono::Duration::from_std(self.stale_after)
            .unwrap_or_else(|_| chrono::Duration::hours(1));
        let interrupted = self
            .store
            .live()
            .fail_stale_conversions(self.store.clock().now() - stale)
            .await?;
        if interrupted > 0 {
            tracing::warn!(
                count = interrupted,
                "live recordings' conversions interrupted"
            );
        }
        let mut done = Vec::new();
        for recording in self.store.live().pending_recordings(limit).await? {
            let outcome = self.process(recording.id).await?;
            done.push((recording.id, outcome));
        }
        Ok(done)
    }

    /// One round of `lawha serve`'s recordings worker: the recordings of the sessions that
    /// ended lately are looked for ([`discover_ended`]), then up to `limit` pending ones
    /// are converted.
    pub async fn round(&self, limit: u32) -> Result<Vec<(Uuid, Outcome)>, LiveError> {
        let settle = chrono::Duration::from_std(self.settle).unwrap_or_else(|_| ended::settle());
        discover_ended(self.store, self.engine, self.store.clock().now(), settle).await?;
        self.run_pending(limit).await
    }

    /// Takes recording `id` from pending to ready or failed.
    pub async fn process(&self, id: Uuid) -> Result<Outcome, LiveError> {
        let live = self.store.live();
        let recording = match live.move_recording(id, &RecordingMove::Converting).await {
            Ok(recording) => recording,
            Err(StoreError::Conflict(Refusal::CannotMoveRecording)) => return Ok(Outcome::Skipped),
            Err(e) => return Err(e.into()),
        };
        let scratch = self.work_dir.join(format!("recording-{id}"));
        let made = self.make_capsule(&recording, &scratch).await;
        let _ = tokio::fs::remove_dir_all(&scratch).await;
        let to = match made {
            Ok(capsule) => RecordingMove::Ready { capsule },
            Err(e) => {
                let reason = reason_code(&e);
                // The code and the recording's own id only: the error's text may name files
                // whose names hold the room id.
                tracing::warn!(recording = %id, reason = %reason, "live recording failed");
                RecordingMove::Failed { reason }
            }
        };
        match live.move_recording(id, &to).await {
            // Given up for stale meanwhile: it stays failed, and a retry finds the capsule.
            Err(StoreError::Conflict(Refusal::CannotMoveRecording)) => return Ok(Outcome::Skipped),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        Ok(match to {
            RecordingMove::Ready { capsule } => Outcome::Ready { capsule },
            RecordingMove::Failed { reason } => Outcome::Failed { reason },
            RecordingMove::Converting | RecordingMove::Retry => Outcome::Skipped,
        })
    }

    /// The source file, then the capsule, then its media version (unless it has one).
    async fn make_capsule(&self, recording: &Recording, scratch: &Path) -> Result<Uuid, LiveError> {
        let live = self.store.live();
        let session = live.session(recording.session_id).await?;
        let place = live
            .recording_place(&session)
            .await?
            .ok_or(LiveError::Unplaced)?;
        tokio::fs::create_dir_all(scratch)
            .await
            .map_err(|source| LiveError::Files {
                action: "making a recording's scratch folder",
                source,
            })?;
        let source = match self.engine {
            Engine::Janus(_) => {
                janus_source::joined_file(self, recording, &session, scratch).await?
            }
            Engine::BigBlueButton(_) => {
                return Err(LiveError::Unsupported(
                    "BigBlueButton recordings are web players, not one media file",
                ))
            }
        };
        // Refuse here what the pipeline would refuse later: the recording is then failed
        // with the media's reason instead of becoming a capsule whose version fails.
        lawha_media::probe(self.tools, &source).await?;
        let capsule = live.recording_capsule(recording, &session, &place).await?;
        if self
            .store
            .media_jobs()
            .media_of_capsule(capsule.id)
            .await?
            .is_empty()
        {
            let bytes = tokio::fs::metadata(&source)
                .await
                .map_err(|source| LiveError::Files {
                    action: "reading a joined recording",
                    source,
                })?
                .len();
            ingest_source(
                self.storage,
                self.store,
                &Source {
                    capsule_id: capsule.id,
                    created_by: Some(session.host_id),
                    name: "live-recording.mkv".into(),
                    path: source,
                    bytes,
                    sha256: None,
                },
            )
            .await?;
        }
        Ok(capsule.id)
    }
}

/// The stable reason stored with a failed recording: the live error's code, or for the
/// media pipeline's refusals `live-media-<its code>` (e.g. `live-media-not-media`).
pub fn reason_code(error: &LiveError) -> String {
    match error {
        LiveError::Media(media) => format!("live-media-{}", media.code()),
        other => other.code().to_owned(),
    }
}
