//! Adding media versions: an upload, a version already processed, a broadcast master
//! asked of a ready version. Each is queued or published in the transaction that records it.

use lawha_core::capsule::MediaStatus;
use lawha_core::new_id;
use uuid::Uuid;

use super::job_queue::JobWrites;
use super::media::{Job, JobKind, JobStatus, MediaAsset, NewMedia, TranscodeResult};
use super::MediaJobs;
use crate::{BeginWrite, Refusal, Result, StoreError};

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

    /// Queues a broadcast master of a ready version; an export already pending is returned
    /// rather than doubled.
    pub async fn request_master(&self, asset_id: Uuid) -> Result<Job> {
        let asset = self.media(asset_id).await?;
        if asset.status != MediaStatus::Ready {
            return Err(StoreError::Conflict(Refusal::MediaNotReady));
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
}
