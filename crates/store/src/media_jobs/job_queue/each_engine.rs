//! [`JobWrites`] for one engine's connection.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::media_jobs::job_queue::JobWrites;
use crate::media_jobs::media::{JobKind, MAX_ATTEMPTS};
use crate::{Refusal, Result, StoreError};

impl JobWrites for Conn {
    async fn insert_job(
        &mut self,
        id: Uuid,
        asset: Uuid,
        kind: JobKind,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO media_jobs (id, asset_id, kind, status, attempts, max_attempts, progress,
               created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, 0, $5, $5)",
        )
        .bind(id)
        .bind(asset)
        .bind(kind.as_str())
        .bind(MAX_ATTEMPTS)
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }

    async fn finish_job(&mut self, id: Uuid, worker: &str, at: DateTime<Utc>) -> Result<()> {
        let owned = sqlx::query(
            "UPDATE media_jobs SET status = 'done', progress = 1, lease_until = NULL, error = NULL,
               updated_at = $3, finished_at = $3
             WHERE id = $1 AND worker = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(at)
        .execute(self)
        .await?
        .rows_affected();
        if owned != 1 {
            return Err(StoreError::Conflict(Refusal::LeaseLost));
        }
        Ok(())
    }
}
