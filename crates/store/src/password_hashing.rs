//! How many password hashes run at once, and how many may wait.
//!
//! An argon2id hash holds 19 MiB for tens of milliseconds, on purpose. Unbounded, a burst
//! of sign-ins took the process from 35 MB to 350 MB with 40 at once (and the blocking
//! pool allows 512). So every hash and every check of a password goes through one gate per
//! store: at most [`HashingLimits::at_once`] run (on threads of its own), up to
//! [`HashingLimits::queued`] more wait their turn, and beyond that a caller is refused at
//! once with [`StoreError::Busy`] — the web layer answers "busy, try again" with
//! `Retry-After` — instead of growing memory or making everyone wait longer.
//!
//! Hashes run on `at_once` threads of the gate's own, off tokio's blocking pool (which
//! renders pages), so a wave of sign-ins takes those threads and no more. (How each hash
//! gives its memory back: `lawha_core::password`.)

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{Result, Store, StoreError};

/// What one argon2id hash holds while it runs (the crate's default memory cost).
pub const HASH_MEMORY_BYTES: u64 = 19 * 1024 * 1024;

/// Hashes waiting per hash running, by default: at tens of milliseconds a hash, a full
/// queue drains in a few seconds, which a person signing in still waits for.
const QUEUED_PER_RUNNING: usize = 64;

/// The bounds of the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingLimits {
    /// Hashes running at once (at least 1).
    pub at_once: usize,
    /// Hashes waiting for a turn; one more is refused as busy.
    pub queued: usize,
}

impl HashingLimits {
    /// `at_once` hashes running, with the default queue for them.
    pub fn running(at_once: usize) -> HashingLimits {
        HashingLimits {
            at_once,
            queued: at_once * QUEUED_PER_RUNNING,
        }
    }

    /// For this machine: half its cores (the other half keeps serving pages while a wave
    /// of sign-ins hashes), and no more than an eighth of the memory available would hold.
    pub fn for_this_machine() -> HashingLimits {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let by_memory = available_memory_bytes()
            .map_or(usize::MAX, |bytes| (bytes / 8 / HASH_MEMORY_BYTES) as usize);
        HashingLimits::running(cores.div_ceil(2).min(by_memory).max(1))
    }
}

impl Default for HashingLimits {
    fn default() -> Self {
        HashingLimits::for_this_machine()
    }
}

/// `MemAvailable` from `/proc/meminfo` (Linux), in bytes; `None` elsewhere.
fn available_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The gate. Cheap to clone: clones share it.
#[derive(Clone)]
pub struct PasswordHashing {
    inner: Arc<Gate>,
}

struct Gate {
    limits: HashingLimits,
    /// Running or waiting: `at_once + queued` places.
    admitted: Arc<Semaphore>,
    /// Running: `at_once` turns.
    running: Arc<Semaphore>,
    /// Hashes inside the hasher now, and the most there ever were at once.
    active: AtomicUsize,
    peak: AtomicUsize,
    /// The way to the hashing threads, started at the first hash; they end with the gate.
    hashers: OnceLock<Mutex<mpsc::Sender<Job>>>,
}

/// A hash or a check, with its turn and place, sent to a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// A place in the gate (running or waiting), held from [`PasswordHashing::admit`] until
/// its hash is done.
pub struct Admission {
    place: OwnedSemaphorePermit,
    gate: Arc<Gate>,
}

impl PasswordHashing {
    pub fn new(limits: HashingLimits) -> PasswordHashing {
        let limits = HashingLimits {
            at_once: limits.at_once.max(1),
            queued: limits.queued,
        };
        PasswordHashing {
            inner: Arc::new(Gate {
                limits,
                admitted: Arc::new(Semaphore::new(limits.at_once + limits.queued)),
                running: Arc::new(Semaphore::new(limits.at_once)),
                active: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
                hashers: OnceLock::new(),
            }),
        }
    }

    pub fn limits(&self) -> HashingLimits {
        self.inner.limits
    }

    /// A place to hash, or [`StoreError::Busy`] at once when every place is taken.
    pub fn admit(&self) -> Result<Admission> {
        let place = Arc::clone(&self.inner.admitted)
            .try_acquire_owned()
            .map_err(|_| StoreError::Busy)?;
        Ok(Admission {
            place,
            gate: Arc::clone(&self.inner),
        })
    }

    /// Hashes running now.
    pub fn active(&self) -> usize {
        self.inner.active.load(Ordering::SeqCst)
    }

    /// The most hashes that ever ran at once through this gate.
    pub fn peak(&self) -> usize {
        self.inner.peak.load(Ordering::SeqCst)
    }

    /// Admits, then runs `work` (a hash or a check) in its turn.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        self.admit()?.run(work).await
    }
}

impl Admission {
    /// Waits for a turn, then runs `work` on a hashing thread. The turn and the place go
    /// with the work, so they are given back when it ends, even if the caller stopped
    /// waiting for it.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let turn = Arc::clone(&self.gate.running)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Busy)?;
        let (done, result) = tokio::sync::oneshot::channel();
        let gate = Arc::clone(&self.gate);
        let job: Job = Box::new(move || {
            let result = {
                let _inside = Inside::enter(&gate);
                work()
            };
            // Given back before the caller hears of it, so that its next call finds them.
            drop((turn, self.place));
            // The caller may have stopped waiting: then nobody wants the result.
            let _ = done.send(result);
        });
        self.gate.send(job)?;
        result.await.map_err(|_| StoreError::HashingStopped)
    }
}

impl Gate {
    /// Hands a job to the hashing threads, starting them the first time.
    fn send(&self, job: Job) -> Result<()> {
        let hashers = self
            .hashers
            .get_or_init(|| Mutex::new(start_hashers(self.limits.at_once)));
        hashers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(job)
            .map_err(|_| StoreError::HashingStopped)
    }
}

/// `count` threads taking jobs in turn from one queue, until the queue's sender is gone. A
/// job that panics drops its result (its caller gets an error) and the thread goes on.
fn start_hashers(count: usize) -> mpsc::Sender<Job> {
    let (sender, jobs) = mpsc::channel::<Job>();
    let jobs = Arc::new(Mutex::new(jobs));
    for n in 0..count {
        let jobs = Arc::clone(&jobs);
        let started = std::thread::Builder::new()
            .name(format!("password-hash-{n}"))
            .spawn(move || loop {
                let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                match next {
                    Ok(job) => {
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                    Err(_) => break,
                }
            });
        if let Err(e) = started {
            tracing::error!(error = %e, "cannot start a password-hashing thread");
        }
    }
    sender
}

/// Counts a hash inside the hasher while it lives.
struct Inside<'a>(&'a Gate);

impl<'a> Inside<'a> {
    fn enter(gate: &'a Gate) -> Inside<'a> {
        let now = gate.active.fetch_add(1, Ordering::SeqCst) + 1;
        gate.peak.fetch_max(now, Ordering::SeqCst);
        Inside(gate)
    }
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Store {
    /// This store with its own password-hashing gate (by default one sized for the
    /// machine, [`HashingLimits::for_this_machine`]).
    pub fn with_password_hashing(mut self, limits: HashingLimits) -> Store {
        self.password_hashing = PasswordHashing::new(limits);
        self
    }

    /// The gate every password hash and check of this store goes through.
    pub fn password_hashing(&self) -> &PasswordHashing {
        &self.password_hashing
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    fn gate(at_once: usize, queued: usize) -> PasswordHashing {
        PasswordHashing::new(HashingLimits { at_once, queued })
    }

    #[test]
    fn beyond_the_running_and_the_waiting_a_caller_is_refused() {
        let gate = gate(2, 3);
        let held: Vec<Admission> = (0..5).map(|_| gate.admit().unwrap()).collect();
        assert!(matches!(gate.admit(), Err(StoreError::Busy)));
        drop(held);
        assert!(gate.admit().is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_bound_run_at_once() {
        let gate = gate(2, 16);
        // Each piece of work waits for its own go-ahead, so the ones let in stay inside
        // until the test releases them; any beyond the bound would be seen inside too.
        let mut releases = Vec::new();
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (release, wait) = mpsc::channel::<()>();
            releases.push(release);
            let admission = gate.admit().unwrap();
            tasks.push(tokio::spawn(admission.run(move || wait.recv().is_ok())));
        }
        let count = releases.len();
        for (sent, release) in releases.into_iter().enumerate() {
            // The unreleased ones take the turns the released ones give back.
            while gate.active() < 2.min(count - sent) {
                tokio::task::yield_now().await;
            }
            assert!(gate.active() <= 2, "{} running at once", gate.active());
            release.send(()).unwrap();
        }
        for task in tasks {
            assert!(task.await.unwrap().unwrap());
        }
        assert_eq!(gate.peak(), 2);
        assert_eq!(gate.active(), 0);
    }
}
