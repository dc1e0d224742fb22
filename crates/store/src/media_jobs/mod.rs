//! Media: each uploaded video of a capsule (`media_assets`), the durable queue of jobs that
//! turns it into renditions (`media_jobs`), and resumable uploads (`uploads`,
//! `upload_parts`).

pub(crate) mod job_queue;
mod leases;
pub mod media;
pub mod uploads;
mod versions;

use crate::Store;

/// The store's media versions, their job queue and resumable uploads: `store.media_jobs()`.
#[derive(Clone, Copy)]
pub struct MediaJobs<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`MediaJobs`].
    pub fn media_jobs(&self) -> MediaJobs<'_> {
        MediaJobs { store: self }
    }
}
