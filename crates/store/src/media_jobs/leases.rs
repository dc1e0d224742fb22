//! Working media jobs off: claiming, renewing, finishing and failing them.
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
use uuid::Uuid;

use super::job_queue::JobWrites;
use super::media::{Job, JobFailure, JobKind, TranscodeResult, JOB_COLS, MAX_ATTEMPTS};
use super::MediaJobs;
use crate::catalog::capsules::Capsule;
use crate::{Backend, BeginWrite, Result};

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

impl MediaJobs<'_> {
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
            sqlx::query_as::<_, Job>(&sql)
                .bind(at + lease).bind(worker).bind(at).fetch_optional(pool).await?
        });
        let Some(job) = row else {
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
            tx.finish_job(job.id, worker, at).await?;
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
            tx.finish_job(job.id, worker, at).await?;
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
