//! [`JobWrites`] for one engine's connection.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::media_jobs::job_queue::JobWrites;
use crate::media_jobs::media::{JobKind, MAX_ATTEMPTS};
use crate::Result;

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
}
