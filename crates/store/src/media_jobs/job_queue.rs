//! Media jobs queued inside a caller's transaction: an upload queues its transcode in the
//! transaction that records the version, so a version never waits without a job.

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
}

#[path = "job_queue"]
mod sqlite {
    type Conn = sqlx::SqliteConnection;
    #[path = "each_engine.rs"]
    mod each_engine;
}

#[path = "job_queue"]
mod postgres {
    type Conn = sqlx::PgConnection;
    #[path = "each_engine.rs"]
    mod each_engine;
}
