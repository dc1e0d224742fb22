//! The records of media versions (`media_assets`) and their jobs (`media_jobs`), and the
//! reads of them; adding versions is `versions`, working jobs off is `leases`.

use chrono::{DateTime, Utc};
use lawha_core::capsule::MediaStatus;
use serde::Serialize;
use uuid::Uuid;

use super::MediaJobs;
use crate::rows::{StoredAsName, StoredName};
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::timestamp;
use crate::Result;

/// One uploaded video of a capsule.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MediaAsset {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub source_key: String,
    pub source_name: String,
    pub source_bytes: i64,
    pub source_sha256: String,
    /// Object-store folder of the renditions.
    pub output_prefix: String,
    #[sqlx(try_from = "StoredName<MediaStatus>")]
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

pub(super) const ASSET_COLS: &str =
    "id, capsule_id, source_key, source_name, source_bytes, source_sha256, \
     output_prefix, status, error_code, error_detail, manifest, report, compliant, master_key, \
     created_at, updated_at";

/// A row of [`ASSET_COLS`] read on SQLite's in-place path.
fn read_asset(row: &rusqlite::Row<'_>) -> rusqlite::Result<MediaAsset> {
    Ok(MediaAsset {
        id: row.get("id")?,
        capsule_id: row.get("capsule_id")?,
        source_key: row.get("source_key")?,
        source_name: row.get("source_name")?,
        source_bytes: row.get("source_bytes")?,
        source_sha256: row.get("source_sha256")?,
        output_prefix: row.get("output_prefix")?,
        status: row.get::<_, StoredName<MediaStatus>>("status")?.0,
        error_code: row.get("error_code")?,
        error_detail: row.get("error_detail")?,
        manifest: row.get("manifest")?,
        report: row.get("report")?,
        compliant: row.get("compliant")?,
        master_key: row.get("master_key")?,
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

/// An uploaded original, already in the object store.
#[derive(Debug, Clone)]
pub struct NewMedia {
    pub capsule_id: Uuid,
    /// The id the object keys were made with (`sources/{id}/…`, `renditions/{id}/`; `media/{id}/` before).
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

    const ALL: [JobKind; 2] = [JobKind::Transcode, JobKind::Master];
}

impl StoredAsName for JobKind {
    const WHAT: &'static str = "job kind";

    fn from_name(name: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl From<StoredName<JobKind>> for JobKind {
    fn from(name: StoredName<JobKind>) -> JobKind {
        name.0
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

    const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
    ];
}

impl StoredAsName for JobStatus {
    const WHAT: &'static str = "job status";

    fn from_name(name: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl From<StoredName<JobStatus>> for JobStatus {
    fn from(name: StoredName<JobStatus>) -> JobStatus {
        name.0
    }
}

impl StoredAsName for MediaStatus {
    const WHAT: &'static str = "media status";

    fn from_name(name: &str) -> Option<MediaStatus> {
        MediaStatus::parse(name)
    }
}

impl From<StoredName<MediaStatus>> for MediaStatus {
    fn from(name: StoredName<MediaStatus>) -> MediaStatus {
        name.0
    }
}

/// A job row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: Uuid,
    pub asset_id: Uuid,
    #[sqlx(try_from = "StoredName<JobKind>")]
    pub kind: JobKind,
    #[sqlx(try_from = "StoredName<JobStatus>")]
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

pub(super) const JOB_COLS: &str =
    "id, asset_id, kind, status, attempts, max_attempts, progress, lease_until, \
     error, created_at, updated_at";

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
    pub async fn media(&self, id: Uuid) -> Result<MediaAsset> {
        let sql = format!("SELECT {ASSET_COLS} FROM media_assets WHERE id = $1");
        self.store.fetch_one(&sql, id).await
    }

    /// A capsule's versions, newest first.
    pub async fn media_of_capsule(&self, capsule_id: Uuid) -> Result<Vec<MediaAsset>> {
        let sql = format!(
            "SELECT {ASSET_COLS} FROM media_assets WHERE capsule_id = $1
             ORDER BY created_at DESC, id DESC"
        );
        if let Some(read) = self
            .store
            .read_in_place(|c| query::all(c, &sql, &[&capsule_id], read_asset))
        {
            return read;
        }
        self.store.fetch_all(&sql, capsule_id).await
    }

    pub async fn job(&self, id: Uuid) -> Result<Job> {
        let sql = format!("SELECT {JOB_COLS} FROM media_jobs WHERE id = $1");
        self.store.fetch_one(&sql, id).await
    }

    /// The jobs of a version, newest first.
    pub async fn jobs_of_media(&self, asset_id: Uuid) -> Result<Vec<Job>> {
        let sql = format!(
            "SELECT {JOB_COLS} FROM media_jobs WHERE asset_id = $1
             ORDER BY created_at DESC, id DESC"
        );
        self.store.fetch_all(&sql, asset_id).await
    }

    /// Counts of jobs per status, for `/metrics` and the studio.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT status, COUNT(*) FROM media_jobs GROUP BY status ORDER BY status",
            )
            .fetch_all(pool).await?
        }))
    }
}
