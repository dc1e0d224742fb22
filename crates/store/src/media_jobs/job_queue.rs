//! Media jobs queued and finished inside a caller's transaction: an upload queues its
//! transcode in the transaction that records the version, so a version never waits without
//! a job, and a job is done in the transaction that publishes its result.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::media_jobs::media::JobKind;
use crate::Result;

/// Job queue writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait JobWrites {
    /// Queues job `id` of `kind` for the media version `asset`, with
    /// [`MAX_ATTEMPTS`](crate::media_jobs::media::MAX_ATTEMPTS) tries.
    async fn insert_job(
        &mut self,
        id: Uuid,
        asset: Uuid,
        kind: JobKind,
        at: DateTime<Utc>,
    ) -> Result<()>;

    /// Marks job `id` done if `worker` still holds it; `Conflict("lease-lost")` when another
    /// worker took it over, so that the caller's transaction publishes nothing.
    async fn finish_job(&mut self, id: Uuid, worker: &str, at: DateTime<Utc>) -> Result<()>;
}

compile_per_engine!("job_queue");
