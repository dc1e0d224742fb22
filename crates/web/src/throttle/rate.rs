//! Requests per person per second, in memory: a token bucket per key (a person's id), for
//! routes that forward to a service with no limit of its own (`/janus`, Janus's API). Each
//! request takes a token; tokens come back at `per_second` up to `burst`. Nothing is stored:
//! a restart forgets the buckets, which only lets someone start again at a full burst.
//!
//! Buckets that are full again are dropped when the map grows past [`Limiter::PRUNE_AT`],
//! so people who stopped asking cost nothing. When most buckets are still in use after a
//! pruning, the next one waits until the map has doubled, so that a busy hour (a whole
//! country's classes starting at 08:00) does not scan the map on every new person.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One person's tokens.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by key.
#[derive(Debug)]
pub struct Limiter<K> {
    per_second: f64,
    burst: f64,
    buckets: Mutex<Buckets<K>>,
}

/// The buckets and the size at which full ones are next dropped.
#[derive(Debug)]
struct Buckets<K> {
    map: HashMap<K, Bucket>,
    prune_at: usize,
}

impl<K: Eq + Hash + Clone> Limiter<K> {
    /// Above this many buckets, full ones are dropped before a new one is added.
    pub const PRUNE_AT: usize = 10_000;

    /// `per_second` tokens come back each second, at most `burst` kept (both at least 1).
    pub fn new(per_second: u32, burst: u32) -> Self {
        Limiter {
            per_second: f64::from(per_second.max(1)),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(Buckets {
                map: HashMap::new(),
                prune_at: Self::PRUNE_AT,
            }),
        }
    }

    /// Takes a token for `key` at `now`: `Ok(())`, or `Err(wait)` until the next token
    /// (the request is refused and takes nothing).
    pub fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        // A poisoned lock only means another request panicked holding it: the map is
        // still a valid map of buckets.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.map.len() >= buckets.prune_at && !buckets.map.contains_key(key) {
            let (rate, burst) = (self.per_second, self.burst);
            buckets
                .map
                .retain(|_, b| refilled(b, now, rate, burst) < burst);
            buckets.prune_at = Self::PRUNE_AT.max(2 * buckets.map.len());
        }
        let bucket = buckets.map.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let tokens = refilled(bucket, now, self.per_second, self.burst);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_second))
        }
    }

    /// How many keys have a bucket.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .map
            .len()
    }
}

/// The bucket's tokens at `now` (time going backwards gives nothing back).
fn refilled(bucket: &Bucket, now: Instant, per_second: f64, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
    (bucket.tokens + elapsed * per_second).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate() {
        let limiter = Limiter::new(10, 30);
        let t0 = Instant::now();
        for i in 0..30 {
            assert!(
                limiter.take(&"amina", t0).is_ok(),
                "request {i} of the burst"
            );
        }
        let wait = limiter.take(&"amina", t0).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        // Another person is not slowed by Amina.
        assert!(limiter.take(&"karim", t0).is_ok());
        // A second later, ten more and no more.
        let t1 = t0 + Duration::from_secs(1);
        for i in 0..10 {
            assert!(
                limiter.take(&"amina", t1).is_ok(),
                "request {i} after a second"
            );
        }
        assert!(limiter.take(&"amina", t1).is_err());
        // Refused requests take nothing: after 100 ms, one more.
        assert!(limiter
            .take(&"amina", t1 + Duration::from_millis(100))
            .is_ok());
    }

    #[test]
    fn full_buckets_are_dropped_when_there_are_many() {
        let limiter = Limiter::new(1, 2);
        let t0 = Instant::now();
        for i in 0..Limiter::<u32>::PRUNE_AT as u32 {
            limiter.take(&i, t0).unwrap();
        }
        assert_eq!(limiter.len(), Limiter::<u32>::PRUNE_AT);
        // Key 0 is empty now; the others refill within a few seconds and are dropped.
        limiter.take(&0, t0).unwrap();
        limiter.take(&0, t0).unwrap_err();
        let later = t0 + Duration::from_millis(1500);
        limiter.take(&u32::MAX, later).unwrap();
        assert!(limiter.len() < 10, "{}", limiter.len());
    }

    #[test]
    fn a_busy_map_is_not_scanned_for_every_new_person() {
        let limiter = Limiter::new(1, 2);
        let t0 = Instant::now();
        let many = Limiter::<u32>::PRUNE_AT as u32;
        for i in 0..many {
            limiter.take(&i, t0).unwrap();
        }
        // All still in use: the pruning drops none and the next waits for twice as many.
        limiter.take(&many, t0).unwrap();
        assert_eq!(limiter.len(), many as usize + 1);
        let later = t0 + Duration::from_secs(5);
        for i in many + 1..2 * many {
            limiter.take(&i, later).unwrap();
        }
        assert_eq!(
            limiter.len(),
            2 * many as usize,
            "no pruning below the doubled size"
        );
        limiter.take(&u32::MAX, later).unwrap();
        assert!(
            limiter.len() < many as usize + 2,
            "the first ones, full again by now, are dropped at the doubled size: {}",
            limiter.len()
        );
    }
}
