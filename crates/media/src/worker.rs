//! The media worker: takes jobs from the database queue (`MediaJobs::claim_job`), runs them
//! with ffmpeg, stores the results and publishes them in one transaction.
//!
//! While a job runs, a heartbeat renews its lease and records its progress (the studio
//! shows it); if the lease is lost — this worker was too slow to renew it and another took
//! the job over — the work stops at once. A crash leaves the lease to run out and the job
//! is taken again, up to its attempt limit. Bad input (not a video, no picture…) fails at
//! once with its code; other failures are retried with a growing delay. How many jobs run
//! at once is the number of workers started (`media_workers`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lawha_store::media_jobs::media::{Job, JobFailure, JobKind, TranscodeResult};
use lawha_store::Store;
use tokio::sync::watch;
use uuid::Uuid;

use crate::broadcast::broadcast_master;
use crate::compliance::BroadcastStandard;
use crate::error::{MediaError, Result};
use crate::process::process;
use crate::storage::MediaStorage;
use crate::tools::Tools;

/// File name of the broadcast master inside a version's folder.
pub const MASTER_FILE: &str = "broadcast-master.mp4";

/// What a worker reports as it goes (the CLI draws progress bars from it).
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    Started {
        job: Uuid,
        kind: JobKind,
        name: String,
    },
    Progress {
        job: Uuid,
        fraction: f64,
    },
    Finished {
        job: Uuid,
        ok: bool,
        detail: String,
    },
}

pub type Observer = Arc<dyn Fn(WorkerEvent) + Send + Sync>;

/// How a worker behaves.
#[derive(Clone)]
pub struct WorkerConfig {
    /// Unique among workers: the lease holder's name.
    pub name: String,
    /// How long a claim lasts without a heartbeat.
    pub lease: Duration,
    pub heartbeat: Duration,
    /// Pause between looks at an empty queue.
    pub idle_poll: Duration,
    /// Scratch space for sources and outputs (one folder per job, removed after).
    pub work_dir: PathBuf,
    pub standard: BroadcastStandard,
}

impl WorkerConfig {
    pub fn new(name: impl Into<String>, work_dir: PathBuf) -> WorkerConfig {
        WorkerConfig {
            name: name.into(),
            lease: Duration::from_secs(120),
            heartbeat: Duration::from_secs(15),
            idle_poll: Duration::from_secs(2),
            work_dir,
            standard: BroadcastStandard::default(),
        }
    }
}

pub struct Worker {
    store: Store,
    storage: MediaStorage,
    tools: Tools,
    config: WorkerConfig,
    observer: Option<Observer>,
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::seconds(120))
}

impl Worker {
    pub fn new(store: Store, storage: MediaStorage, tools: Tools, config: WorkerConfig) -> Worker {
        Worker {
            store,
            storage,
            tools,
            config,
            observer: None,
        }
    }

    pub fn with_observer(mut self, observer: Observer) -> Worker {
        self.observer = Some(observer);
        self
    }

    fn tell(&self, event: WorkerEvent) {
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }

    /// Runs jobs until the process ends.
    pub async fn run(self) {
        loop {
            match self.run_once().await {
                Ok(Some(_)) => {}
                Ok(None) => tokio::time::sleep(self.config.idle_poll).await,
                Err(e) => {
                    tracing::error!(worker = %self.config.name, error = %e, "media worker error");
                    tokio::time::sleep(self.config.idle_poll * 5).await;
                }
            }
        }
    }

    /// Runs jobs until the queue is empty; returns how many ran (the CLI's `--until-idle`).
    pub async fn run_until_idle(&self) -> Result<usize> {
        let mut count = 0;
        while self.run_once().await?.is_some() {
            count += 1;
        }
        Ok(count)
    }

    /// Claims and runs one job; `None` when there was none to take.
    pub async fn run_once(&self) -> Result<Option<Job>> {
        let lease = chrono_duration(self.config.lease);
        let Some(job) = self
            .store
            .media_jobs()
            .claim_job(&self.config.name, lease)
            .await?
        else {
            return Ok(None);
        };
        let asset = self.store.media_jobs().media(job.asset_id).await?;
        self.tell(WorkerEvent::Started {
            job: job.id,
            kind: job.kind,
            name: asset.source_name.clone(),
        });
        // Per worker, not per job: a job whose lease ran out may be taken by another worker
        // of the same data folder while this one still writes its copy of the source.
        let scratch = self
            .config
            .work_dir
            .join(format!("job-{}-{}", job.id, self.config.name));
        let (progress, watched) = watch::channel(0.0);
        let outcome = self
            .with_heartbeat(&job, watched, self.perform(&job, &scratch, progress))
            .await;
        let _ = tokio::fs::remove_dir_all(&scratch).await;
        match outcome {
            Ok(Some(())) => {
                tracing::info!(job = %job.id, kind = job.kind.as_str(), "media job done");
                self.tell(WorkerEvent::Finished {
                    job: job.id,
                    ok: true,
                    detail: String::new(),
                });
            }
            Ok(None) => {
                tracing::warn!(job = %job.id, "lease lost; another worker has the job");
                self.tell(WorkerEvent::Finished {
                    job: job.id,
                    ok: false,
                    detail: "lease lost".into(),
                });
            }
            Err(e) => {
                let failure = JobFailure {
                    code: e.code().to_string(),
                    detail: e.to_string(),
                    retryable: !e.is_bad_source(),
                };
                tracing::warn!(job = %job.id, code = %failure.code, error = %e, "media job failed");
                let attempts = u64::try_from(job.attempts.max(1)).unwrap_or(1);
                let backoff = chrono_duration(Duration::from_secs(30 * attempts));
                self.store
                    .media_jobs()
                    .fail_job(&job, &self.config.name, &failure, backoff)
                    .await?;
                self.tell(WorkerEvent::Finished {
                    job: job.id,
                    ok: false,
                    detail: failure.detail,
                });
            }
        }
        Ok(Some(job))
    }

    /// Runs `work` while renewing the lease; `Ok(None)` when the lease was lost (the work
    /// is dropped, which kills its ffmpeg).
    async fn with_heartbeat(
        &self,
        job: &Job,
        progress: watch::Receiver<f64>,
        work: impl std::future::Future<Output = Result<()>>,
    ) -> Result<Option<()>> {
        tokio::pin!(work);
        let mut beat = tokio::time::interval(self.config.heartbeat);
        beat.tick().await;
        loop {
            tokio::select! {
                done = &mut work => return done.map(Some),
                _ = beat.tick() => {
                    let fraction = *progress.borrow();
                    self.tell(WorkerEvent::Progress { job: job.id, fraction });
                    let lease = chrono_duration(self.config.lease);
                    let jobs = self.store.media_jobs();
                    if !jobs.heartbeat(job.id, &self.config.name, fraction, lease).await? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Does the job's work in `scratch` and publishes its result.
    async fn perform(&self, job: &Job, scratch: &Path, progress: watch::Sender<f64>) -> Result<()> {
        let asset = self.store.media_jobs().media(job.asset_id).await?;
        tokio::fs::create_dir_all(scratch)
            .await
            .map_err(|e| MediaError::io(format!("cannot create {}", scratch.display()), e))?;
        let file_name = asset
            .source_key
            .rsplit('/')
            .next()
            .unwrap_or("original.bin");
        let source = scratch.join(file_name);
        self.storage.download_to(&asset.source_key, &source).await?;
        let report = |f: f64| {
            let _ = progress.send(f.clamp(0.0, 1.0) * 0.95);
        };
        match job.kind {
            JobKind::Transcode => {
                let out = scratch.join("out");
                let processed =
                    process(&self.tools, &source, &out, &self.config.standard, report).await?;
                self.storage.put_dir(&asset.output_prefix, &out).await?;
                let result = TranscodeResult {
                    manifest_json: to_json(&processed.manifest)?,
                    report_json: to_json(&processed.report)?,
                    compliant: processed.report.compliant,
                    duration_ms: i64::try_from(processed.manifest.duration_ms).unwrap_or(i64::MAX),
                };
                self.store
                    .media_jobs()
                    .finish_transcode(job, &self.config.name, &result)
                    .await?;
            }
            JobKind::Master => {
                let out = scratch.join(MASTER_FILE);
                broadcast_master(&self.tools, &source, &out, &self.config.standard, report).await?;
                let key = format!("{}/{MASTER_FILE}", asset.output_prefix);
                self.storage.put_file(&key, &out).await?;
                self.store
                    .media_jobs()
                    .finish_master(job, &self.config.name, &key)
                    .await?;
            }
        }
        Ok(())
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| MediaError::io("cannot write JSON", std::io::Error::other(e)))
}
