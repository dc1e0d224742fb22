//! A node's short-lived cache of signed-in sessions, so that a page read does not cost the two
//! queries that load the person and their grants.
//!
//! Correctness comes first, across nodes:
//! - Every change that alters a cached session (the person's row, their grants, their
//!   sessions: sign-out, password change, deactivation) is written to the `account_changes`
//!   feed by database triggers, whatever node or tool made it.
//! - Each node reads the feed every [`SessionCacheConfig::refresh`] and after each of its own
//!   state-changing requests, and drops the cached sessions of the people named there. So a
//!   change made on one node shows on the others within the refresh interval, and on the node
//!   that made it at once.
//! - An entry also dies after [`SessionCacheConfig::ttl`], and a node that could not read the
//!   feed for half as long as the feed keeps its rows (five minutes) drops everything, before
//!   a change it has not read could be pruned.
//!
//! Races: each load takes a generation number *before* it queries, and a person's change
//! takes a newer one; an entry loaded before the change is refused even if it lands after.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lawha_store::{SessionInfo, Store, ACCOUNT_CHANGES_KEPT_MS};
use uuid::Uuid;

/// How long the feed's rows are re-read for changes committed out of order (PostgreSQL hands
/// out the sequence number at the write, and a transaction may commit after a later one).
const SETTLE_MS: i64 = 30_000;
/// Rows read per query of the feed.
const FEED_PAGE: i64 = 1_000;

/// The cache's settings.
#[derive(Debug, Clone, Copy)]
pub struct SessionCacheConfig {
    /// How long an entry lives at most; zero turns the cache off.
    pub ttl: Duration,
    /// How often the node reads the feed of account changes.
    pub refresh: Duration,
    /// How many sessions the node keeps at most.
    pub capacity: u64,
}

impl Default for SessionCacheConfig {
    fn default() -> Self {
        SessionCacheConfig {
            ttl: Duration::from_secs(60),
            refresh: Duration::from_secs(1),
            capacity: 100_000,
        }
    }
}

struct Cached {
    session: SessionInfo,
    generation: u64,
}

/// Where this node stands in the feed.
struct FeedPosition {
    /// Every change at or below this was applied (or given up on after [`SETTLE_MS`]).
    floor: Option<i64>,
    /// Changes above the floor already applied.
    seen: BTreeSet<i64>,
    last_read: Option<Instant>,
}

/// The generations at which people (or everyone) last changed.
#[derive(Default)]
struct Changes {
    people: HashMap<Uuid, (u64, Instant)>,
    everyone: u64,
}

/// See the module documentation.
pub struct SessionCache {
    config: SessionCacheConfig,
    entries: moka::sync::Cache<String, std::sync::Arc<Cached>>,
    generation: AtomicU64,
    /// Whether the node knows where it stands in the feed; until then (start-up, or after the
    /// feed could not be read for too long) every request reads the store.
    following: AtomicBool,
    changes: Mutex<Changes>,
    feed: tokio::sync::Mutex<FeedPosition>,
}

impl SessionCache {
    pub fn new(config: SessionCacheConfig) -> Self {
        SessionCache {
            entries: moka::sync::Cache::builder()
                .max_capacity(config.capacity)
                .time_to_live(config.ttl.max(Duration::from_millis(1)))
                .build(),
            config,
            generation: AtomicU64::new(1),
            following: AtomicBool::new(false),
            changes: Mutex::new(Changes::default()),
            feed: tokio::sync::Mutex::new(FeedPosition {
                floor: None,
                seen: BTreeSet::new(),
                last_read: None,
            }),
        }
    }

    /// Whether the node knows its place in the feed, so that it serves sessions from memory.
    pub fn following(&self) -> bool {
        self.following.load(Ordering::SeqCst)
    }

    fn enabled(&self) -> bool {
        !self.config.ttl.is_zero()
    }

    fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst)
    }

    fn changes(&self) -> std::sync::MutexGuard<'_, Changes> {
        // The guarded maps stay consistent whatever panicked while holding the lock.
        self.changes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The live session for a cookie token: from the cache when it holds a fresh entry,
    /// otherwise from the store (and then cached).
    pub async fn session(
        &self,
        store: &Store,
        token: &str,
        now: DateTime<Utc>,
    ) -> lawha_store::Result<Option<SessionInfo>> {
        if !self.enabled() || !self.following.load(Ordering::SeqCst) {
            return store.accounts().session(token).await;
        }
        if let Some(hit) = self.entries.get(token) {
            if hit.session.expires_at > now && self.still_valid(&hit) {
                return Ok(Some(hit.session.clone()));
            }
            self.entries.invalidate(token);
        }
        let generation = self.next_generation();
        let found = store.accounts().session(token).await?;
        if let Some(session) = &found {
            let cached = Cached {
                session: session.clone(),
                generation,
            };
            self.entries
                .insert(token.to_owned(), std::sync::Arc::new(cached));
        }
        Ok(found)
    }

    fn still_valid(&self, cached: &Cached) -> bool {
        let changes = self.changes();
        if cached.generation <= changes.everyone {
            return false;
        }
        match changes.people.get(&cached.session.user.id) {
            Some(&(changed_at, _)) => cached.generation > changed_at,
            None => true,
        }
    }

    /// Drops one token at once (sign-out on this node).
    pub fn forget_token(&self, token: &str) {
        self.entries.invalidate(token);
    }

    /// Drops every cached session of a person.
    fn forget_person(&self, user: Uuid) {
        let generation = self.next_generation();
        self.changes()
            .people
            .insert(user, (generation, Instant::now()));
    }

    /// Drops everything (the feed could not be read for too long).
    fn forget_everyone(&self) {
        let generation = self.next_generation();
        let mut changes = self.changes();
        changes.everyone = generation;
        changes.people.clear();
        drop(changes);
        self.entries.invalidate_all();
    }

    /// Reads the feed of account changes past this node's position and drops the sessions of
    /// the people named there. A failure is returned (and the next read tries again); a node
    /// that has not read the feed for half as long as it keeps rows drops its whole cache.
    pub async fn read_feed(&self, store: &Store) -> lawha_store::Result<()> {
        if !self.enabled() {
            return Ok(());
        }
        let mut feed = self.feed.lock().await;
        let kept = Duration::from_millis(ACCOUNT_CHANGES_KEPT_MS.unsigned_abs());
        if feed.last_read.is_some_and(|at| at.elapsed() > kept / 2) {
            self.following.store(false, Ordering::SeqCst);
            self.forget_everyone();
            feed.floor = None;
        }
        let Some(floor) = feed.floor else {
            // Start at the feed's end: the cache is empty (or was just emptied), and nothing is
            // cached until the position is known, so no earlier change can matter.
            let latest = store.accounts().latest_account_change().await?;
            feed.floor = Some(latest);
            feed.seen.clear();
            feed.last_read = Some(Instant::now());
            self.following.store(true, Ordering::SeqCst);
            return Ok(());
        };
        let mut cursor = floor;
        let mut settled = floor;
        loop {
            let page = store
                .accounts()
                .account_changes_after(cursor, FEED_PAGE)
                .await?;
            for change in &page {
                if feed.seen.insert(change.seq) {
                    self.forget_person(change.user_id);
                }
                if change.age_ms > SETTLE_MS {
                    settled = settled.max(change.seq);
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == FEED_PAGE => cursor = last.seq,
                _ => break,
            }
        }
        feed.floor = Some(settled);
        feed.seen = feed.seen.split_off(&(settled + 1));
        feed.last_read = Some(Instant::now());
        drop(feed);
        self.forget_old_changes();
        Ok(())
    }

    /// A person's change can no longer refuse any entry once every entry loaded before it has
    /// expired: twice the lifetime leaves room for a load that raced the change.
    fn forget_old_changes(&self) {
        let kept = self.config.ttl * 2;
        self.changes()
            .people
            .retain(|_, (_, at)| at.elapsed() <= kept);
    }

    /// Reads the feed every refresh interval, for as long as the node runs.
    pub async fn follow_feed(self: std::sync::Arc<Self>, store: Store) {
        if !self.enabled() {
            return;
        }
        let mut tick = tokio::time::interval(self.config.refresh);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.read_feed(&store).await {
                tracing::warn!(error = %e, "reading the account changes failed; retrying");
            }
        }
    }
}
