//! Media versions of capsules (each uploaded video) and the durable job queue that turns
//! them into renditions.
//!
//! A job is a row: a worker *claims* it by setting a lease, renews the lease while it works
//! (heartbeats, with its progress), and finishes it in the transaction that publishes its
//! result. A worker that dies leaves a lease that runs out: the job is claimed again, up to
//! `max_attempts` times, after which it fails for good. So no job stays "running" forever,
//! and a version becomes playable only when everything about it is written.
//! On PostgreSQL, claiming skips rows another worker holds (`FOR UPDATE SKIP LOCKED`);
//! SQLite has a single writer, so its `UPDATE … WHERE id = (SELECT …)` is already atomic.

use chrono::{DateTime, Duration, Utc};
use lawha_core::capsule::{CapsuleStatus, MediaStatus};
use lawha_core::new_id;
use serde::Serialize;
use uuid::Uuid;

use super::MediaJobs;
use crate::catalog::capsules::Capsule;
use crate::media_jobs::job_queue::JobWrites;
use crate::BeginWrite;
use crate::{Backend, Result, StoreError};

/// One uploaded video of a capsule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaAsset {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub source_key: String,
    pub source_name: String,
    pub source_bytes: i64,
    pub source_sha256: String,
    /// Object-store folder of the renditions.
    pub output_prefix: String,
    pub status: MediaStatus,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    /// JSON of the renditions, once ready.
    pub manifest: Option<String>,
    /// JSON of the broadcast compliance report, once measured.
    pub report: Option<String>,
    pub compliant: Option<bool>,
    pub master_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AssetRow {
    id: Uuid,
    capsule_id: Uuid,
    source_key: String,
    source_name: String,
    source_bytes: i64,
    source_sha256: String,
    output_prefix: String,
    status: String,
    error_code: Option<String>,
    error_detail: Option<String>,
    manifest: Option<String>,
    report: Option<String>,
    compliant: Option<bool>,
    master_key: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl AssetRow {
    fn into_asset(self) -> Result<MediaAsset> {
        Ok(MediaAsset {
            status: MediaStatus::parse(&self.status)
                .ok_or_else(|| StoreError::Corrupt(format!("media status {}", self.status)))?,
            id: self.id,
            capsule_id: self.capsule_id,
            source_key: self.source_key,
            source_name: self.source_name,
            source_bytes: self.source_bytes,
            source_sha256: self.source_sha256,
            output_prefix: self.output_prefix,
            error_code: self.error_code,
            error_detail: self.error_detail,
            manifest: self.manifest,
            report: self.report,
            compliant: self.compliant,
            master_key: self.master_key,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const ASSET_COLS: &str = "id, capsule_id, source_key, source_name, source_bytes, source_sha256, \
     output_prefix, status, error_code, error_detail, manifest, report, compliant, master_key, \
     created_at, updated_at";

/// An uploaded original, already in the object store.
#[derive(Debug, Clone)]
pub struct NewMedia {
    pub capsule_id: Uuid,
    /// The id the object keys were made with (`sources/{id}/…`, `media/{id}/`).
    pub id: Uuid,
    pub source_key: String,
    pub source_name: String,
    pub source_bytes: i64,
    pub source_sha256: String,
    pub output_prefix: String,
    pub created_by: Option<Uuid>,
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum JobKind {
    /// Renditions, poster, compliance report.
    Transcode,
    /// The loudness-normalised broadcast master.
    Master,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Transcode => "transcode",
            JobKind::Master => "master",
        }
    }

    fn parse(text: &str) -> Option<JobKind> {
        [JobKind::Transcode, JobKind::Master]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A job row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: Uuid,
    pub asset_id: Uuid,
    pub kind: JobKind,
    pub status: JobStatus,
    pub attempts: i32,
    pub max_attempts: i32,
    /// 0.0 ..= 1.0 while running.
    pub progress: f64,
    pub lease_until: Option<DateTime<Utc>>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    asset_id: Uuid,
    kind: String,
    status: String,
    attempts: i32,
    max_attempts: i32,
    progress: f64,
    lease_until: Option<DateTime<Utc>>,
    error: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl JobRow {
    fn into_job(self) -> Result<Job> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("job {}: {what}", self.id));
        Ok(Job {
            kind: JobKind::parse(&self.kind).ok_or_else(|| corrupt("kind"))?,
            status: JobStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            id: self.id,
            asset_id: self.asset_id,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            progress: self.progress,
            lease_until: self.lease_until,
            error: self.error,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const JOB_COLS: &str =
    "id, asset_id, kind, status, attempts, max_attempts, progress, lease_until, \
     error, created_at, updated_at";

/// A capsule's state once a version is ready: published at once when it was asked for
/// (manifest imports), else as [`CapsuleStatus::after_media_ready`] says.
fn next_status(capsule: &Capsule, at: DateTime<Utc>) -> (CapsuleStatus, Option<DateTime<Utc>>) {
    let next = capsule.status.after_media_ready();
    if capsule.publish_when_ready && next.can_publish() {
        (CapsuleStatus::Published, Some(at))
    } else {
        (next, capsule.published_at)
    }
}

/// How many times a job is tried before it fails for good.
pub const MAX_ATTEMPTS: i32 = 3;

/// What a finished transcode publishes.
#[derive(Debug, Clone)]
pub struct TranscodeResult {
    pub manifest_json: String,
    pub report_json: String,
    pub compliant: bool,
    pub duration_ms: i64,
}

/// Why a job failed.
#[derive(Debug, Clone)]
pub struct JobFailure {
    /// Stable code (e.g. `not-media`, `no-video`).
    pub code: String,
    /// For producers and logs; never personal data.
    pub detail: String,
    /// Bad input is not retried; a crash or a full disk may be.
    pub retryable: bool,
}

impl MediaJobs<'_> {
    /// Records a new version of a capsule and queues its transcode, in one transaction.
    pub async fn add_media(&self, new: &NewMedia) -> Result<(MediaAsset, Job)> {
        let capsule = self.store.catalog().capsule(new.capsule_id).await?;
        let (job_id, at) = (new_id(), self.store.now());
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO media_assets (id, capsule_id, source_key, source_name, source_bytes,
                   source_sha256, output_prefix, status, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $9)",
            )
            .bind(new.id).bind(new.capsule_id).bind(&new.source_key).bind(&new.source_name)
            .bind(new.source_bytes).bind(&new.source_sha256).bind(&new.output_prefix)
            .bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            tx.insert_job(job_id, new.id, JobKind::Transcode, at).await?;
            sqlx::query("UPDATE capsules SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(new.capsule_id).bind(capsule.status.after_upload().as_str()).bind(at)
                .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok((self.media(new.id).await?, self.job(job_id).await?))
    }

    /// Records a version that is already processed (the demo's shipped clip, tests): the
    /// capsule plays it at once, as if a worker had just finished it.
    pub async fn attach_ready_media(
        &self,
        new: &NewMedia,
        result: &TranscodeResult,
    ) -> Result<MediaAsset> {
        let capsule = self.store.catalog().capsule(new.capsule_id).await?;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO media_assets (id, capsule_id, source_key, source_name, source_bytes,
                   source_sha256, output_prefix, status, manifest, report, compliant, created_by,
                   created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'ready', $8, $9, $10, $11, $12, $12)",
            )
            .bind(new.id).bind(new.capsule_id).bind(&new.source_key).bind(&new.source_name)
            .bind(new.source_bytes).bind(&new.source_sha256).bind(&new.output_prefix)
            .bind(&result.manifest_json).bind(&result.report_json).bind(result.compliant)
            .bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE capsules SET media_id = $2, duration_ms = $3, status = $4, updated_at = $5
                 WHERE id = $1",
            )
            .bind(capsule.id).bind(new.id).bind(result.duration_ms)
            .bind(capsule.status.after_media_ready().as_str()).bind(at)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.media(new.id).await
    }

    pub async fn media(&self, id: Uuid) -> Result<MediaAsset> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, AssetRow>(&format!("SELECT {ASSET_COLS} FROM media_assets WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_asset()
    }

    /// A capsule's versions, newest first.
    pub async fn media_of_capsule(&self, capsule_id: Uuid) -> Result<Vec<MediaAsset>> {
        let found = on_db!(self.store, pool => {
            sqlx::query_as::<_, AssetRow>(&format!(
                "SELECT {ASSET_COLS} FROM media_assets WHERE capsule_id = $1 ORDER BY created_at DESC, id DESC"
            ))
            .bind(capsule_id).fetch_all(pool).await?
        });
        found.into_iter().map(AssetRow::into_asset).collect()
    }

    pub async fn job(&self, id: Uuid) -> Result<Job> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, JobRow>(&format!("SELECT {JOB_COLS} FROM media_jobs WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        row.into_job()
    }

    /// The jobs of a version, newest first.
    pub async fn jobs_of_media(&self, asset_id: Uuid) -> Result<Vec<Job>> {
        let found = on_db!(self.store, pool => {
            sqlx::query_as::<_, JobRow>(&format!(
                "SELECT {JOB_COLS} FROM media_jobs WHERE asset_id = $1 ORDER BY created_at DESC, id DESC"
            ))
            .bind(asset_id).fetch_all(pool).await?
        });
        found.into_iter().map(JobRow::into_job).collect()
    }

    /// Counts of jobs per status, for `/metrics` and the studio.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64)>("SELECT status, COUNT(*) FROM media_jobs GROUP BY status ORDER BY status")
                .fetch_all(pool).await?
        }))
    }

    /// Queues a broadcast master of a ready version; an export already pending is returned
    /// rather than doubled.
    pub async fn request_master(&self, asset_id: Uuid) -> Result<Job> {
        let asset = self.media(asset_id).await?;
        if asset.status != MediaStatus::Ready {
            return Err(StoreError::Conflict {
                code: "media-not-ready",
            });
        }
        let pending = self.jobs_of_media(asset_id).await?.into_iter().find(|j| {
            j.kind == JobKind::Master && matches!(j.status, JobStatus::Queued | JobStatus::Running)
        });
        if let Some(job) = pending {
            return Ok(job);
        }
        let (job_id, at) = (new_id(), self.store.now());
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            tx.insert_job(job_id, asset_id, JobKind::Master, at).await?;
            tx.commit().await?;
        });
        self.job(job_id).await
    }

    /// Takes the oldest job that is queued (and due) or whose worker's lease ran out, for
    /// `lease`. Jobs out of attempts are failed first.
    pub async fn claim_job(&self, worker: &str, lease: Duration) -> Result<Option<Job>> {
        self.fail_exhausted_jobs().await?;
        let at = self.store.now();
        let pick = "SELECT id FROM media_jobs
             WHERE ((status = 'queued' AND (lease_until IS NULL OR lease_until <= $3))
                    OR (status = 'running' AND lease_until < $3))
               AND attempts < max_attempts
             ORDER BY created_at LIMIT 1";
        let pick = match self.store.backend() {
            Backend::Postgres => format!("{pick} FOR UPDATE SKIP LOCKED"),
            Backend::Sqlite => pick.to_string(),
        };
        let sql = format!(
            "UPDATE media_jobs SET status = 'running', attempts = attempts + 1, lease_until = $1,
               worker = $2, progress = 0, updated_at = $3
             WHERE id = ({pick}) RETURNING {JOB_COLS}"
        );
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, JobRow>(&sql)
                .bind(at + lease).bind(worker).bind(at).fetch_optional(pool).await?
        });
        let Some(job) = row.map(JobRow::into_job).transpose()? else {
            return Ok(None);
        };
        if job.kind == JobKind::Transcode {
            self.set_media_status(job.asset_id, MediaStatus::Processing)
                .await?;
        }
        Ok(Some(job))
    }

    /// Renews a running job's lease and records its progress. `false`: the lease was lost
    /// (another worker took the job over): stop working on it.
    pub async fn heartbeat(
        &self,
        job_id: Uuid,
        worker: &str,
        progress: f64,
        lease: Duration,
    ) -> Result<bool> {
        let at = self.store.now();
        let done = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE media_jobs SET lease_until = $3, progress = $4, updated_at = $5
                 WHERE id = $1 AND worker = $2 AND status = 'running'",
            )
            .bind(job_id).bind(worker).bind(at + lease).bind(progress.clamp(0.0, 1.0)).bind(at)
            .execute(pool).await?.rows_affected()
        });
        Ok(done == 1)
    }

    /// Publishes a transcode: the version becomes the one that plays, in one transaction.
    pub async fn finish_transcode(
        &self,
        job: &Job,
        worker: &str,
        result: &TranscodeResult,
    ) -> Result<()> {
        let asset = self.media(job.asset_id).await?;
        let capsule = self.store.catalog().capsule(asset.capsule_id).await?;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let owned = sqlx::query(
                "UPDATE media_jobs SET status = 'done', progress = 1, lease_until = NULL, error = NULL,
                   updated_at = $3, finished_at = $3
                 WHERE id = $1 AND worker = $2 AND status = 'running'",
            )
            .bind(job.id).bind(worker).bind(at).execute(&mut *tx).await?.rows_affected();
            if owned != 1 {
                return Err(StoreError::Conflict { code: "lease-lost" });
            }
            sqlx::query(
                "UPDATE media_assets SET status = 'ready', manifest = $2, report = $3, compliant = $4,
                   error_code = NULL, error_detail = NULL, updated_at = $5
                 WHERE id = $1",
            )
            .bind(asset.id).bind(&result.manifest_json).bind(&result.report_json)
            .bind(result.compliant).bind(at).execute(&mut *tx).await?;
            let (status, published_at) = next_status(&capsule, at);
            sqlx::query(
                "UPDATE capsules SET media_id = $2, duration_ms = $3, status = $4, updated_at = $5,
                   published_at = $6, publish_when_ready = FALSE
                 WHERE id = $1",
            )
            .bind(capsule.id).bind(asset.id).bind(result.duration_ms)
            .bind(status.as_str()).bind(at).bind(published_at)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Publishes a broadcast master.
    pub async fn finish_master(&self, job: &Job, worker: &str, master_key: &str) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let owned = sqlx::query(
                "UPDATE media_jobs SET status = 'done', progress = 1, lease_until = NULL,
                   updated_at = $3, finished_at = $3
                 WHERE id = $1 AND worker = $2 AND status = 'running'",
            )
            .bind(job.id).bind(worker).bind(at).execute(&mut *tx).await?.rows_affected();
            if owned != 1 {
                return Err(StoreError::Conflict { code: "lease-lost" });
            }
            sqlx::query("UPDATE media_assets SET master_key = $2, updated_at = $3 WHERE id = $1")
                .bind(job.asset_id).bind(master_key).bind(at).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records a failed attempt: retried later (after `retry_in`) when the failure may pass
    /// and attempts remain, failed for good otherwise.
    pub async fn fail_job(
        &self,
        job: &Job,
        worker: &str,
        failure: &JobFailure,
        retry_in: Duration,
    ) -> Result<()> {
        let at = self.store.now();
        if failure.retryable && job.attempts < job.max_attempts {
            on_db!(self.store, pool => {
                sqlx::query(
                    "UPDATE media_jobs SET status = 'queued', lease_until = $3, error = $4, updated_at = $5
                     WHERE id = $1 AND worker = $2 AND status = 'running'",
                )
                .bind(job.id).bind(worker).bind(at + retry_in)
                .bind(format!("{}: {}", failure.code, failure.detail)).bind(at)
                .execute(pool).await?;
            });
            return Ok(());
        }
        self.fail_for_good(job.id, Some(worker), failure).await
    }

    /// Fails running jobs whose lease ran out with no attempt left (their worker died on
    /// the last try).
    async fn fail_exhausted_jobs(&self) -> Result<()> {
        let at = self.store.now();
        let stuck: Vec<Uuid> = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT id FROM media_jobs WHERE status = 'running' AND lease_until < $1
                   AND attempts >= max_attempts",
            )
            .bind(at).fetch_all(pool).await?
        });
        let failure = JobFailure {
            code: "interrupted".into(),
            detail: format!("interrupted {MAX_ATTEMPTS} times"),
            retryable: false,
        };
        for id in stuck {
            self.fail_for_good(id, None, &failure).await?;
        }
        Ok(())
    }

    async fn fail_for_good(
        &self,
        job_id: Uuid,
        worker: Option<&str>,
        failure: &JobFailure,
    ) -> Result<()> {
        let job = self.job(job_id).await?;
        let asset = self.media(job.asset_id).await?;
        let capsule = self.store.catalog().capsule(asset.capsule_id).await?;
        let at = self.store.now();
        let detail: String = failure.detail.chars().take(2_000).collect();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let owned = sqlx::query(
                "UPDATE media_jobs SET status = 'failed', lease_until = NULL, error = $3,
                   updated_at = $4, finished_at = $4
                 WHERE id = $1 AND status = 'running' AND ($2 IS NULL OR worker = $2)",
            )
            .bind(job.id).bind(worker).bind(format!("{}: {detail}", failure.code)).bind(at)
            .execute(&mut *tx).await?.rows_affected();
            if owned == 1 && job.kind == JobKind::Transcode {
                sqlx::query(
                    "UPDATE media_assets SET status = 'failed', error_code = $2, error_detail = $3,
                       updated_at = $4 WHERE id = $1",
                )
                .bind(asset.id).bind(&failure.code).bind(&detail).bind(at)
                .execute(&mut *tx).await?;
                let next = capsule.status.after_media_failed(capsule.media_id.is_some());
                sqlx::query("UPDATE capsules SET status = $2, updated_at = $3 WHERE id = $1")
                    .bind(capsule.id).bind(next.as_str()).bind(at).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn set_media_status(&self, asset_id: Uuid, status: MediaStatus) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("UPDATE media_assets SET status = $2, updated_at = $3 WHERE id = $1 AND status <> 'ready'")
                .bind(asset_id).bind(status.as_str()).bind(self.store.now()).execute(pool).await?;
        });
        Ok(())
    }
}
