//! Sign-in throttling rules: how long the next attempt must wait after failures.
//!
//! A lock-out is itself an attack: pupil codes can be guessed, so whoever could lock an
//! account out by failing on purpose could keep a pupil from class. So nothing here locks;
//! failures only impose growing delays (1 s, 2 s, 4 s … up to a cap) on whoever made them:
//!
//! - per *pair* (account, source), where the source is the browser's known-device cookie
//!   when it has one for this account, else its address. Few failures are free (typos);
//!   the delays then soon make guessing slow. An attacker's failures slow only their pair.
//! - per *account* from all sources together, with a far higher threshold and a shorter
//!   cap: this slows guessing spread over many addresses. A known device is exempt, so the
//!   owner on their usual browser still gets in while the account is under attack.
//! - per *address*, counting the distinct accounts that failed from it (not raw failures),
//!   so a school's shared connection, where many pupils each mistype once, is not slowed,
//!   while one address trying a password on account after account is. Known devices are
//!   exempt here too.
//!
//! The counts come from the store; these functions only decide.

use chrono::{DateTime, Duration, Utc};

/// A growing delay: none for the first `free` failures, then one second doubling with
/// each further failure, up to `cap_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub free: i64,
    pub cap_secs: i64,
}

impl Backoff {
    /// The delay owed after `failures` failures.
    pub fn delay(&self, failures: i64) -> Duration {
        let over = failures - self.free;
        if over < 0 {
            return Duration::zero();
        }
        // 2^over seconds; past 2^20 the cap has long been reached.
        let secs = 1_i64 << over.min(20);
        Duration::seconds(secs.min(self.cap_secs))
    }
}

/// Failures of one (account, source) pair: three free, then up to 15 minutes between tries.
pub const PAIR: Backoff = Backoff {
    free: 3,
    cap_secs: 15 * 60,
};

/// Failures on one account from anywhere: twenty free, then up to 5 minutes.
pub const ACCOUNT: Backoff = Backoff {
    free: 20,
    cap_secs: 5 * 60,
};

/// Distinct accounts failed from one address: a hundred free (a school's connection at
/// the start of a lesson), then up to a minute.
pub const ADDRESS: Backoff = Backoff {
    free: 100,
    cap_secs: 60,
};

/// How far back pair and account failures count (the store purges older ones daily).
pub fn window() -> Duration {
    Duration::hours(24)
}

/// How far back the accounts failed from an address count.
pub fn address_window() -> Duration {
    Duration::hours(1)
}

/// Failures under one key: how many, and the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: i64,
    pub last: Option<DateTime<Utc>>,
}

impl Tally {
    /// When `backoff` allows the next attempt (`None`: no failures, so at once).
    fn allowed_at(&self, backoff: Backoff) -> Option<DateTime<Utc>> {
        self.last.map(|last| last + backoff.delay(self.count))
    }
}

/// The failures that bear on one sign-in attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// Of this account from this source (device or address).
    pub pair: Tally,
    /// Of this account from any source.
    pub account: Tally,
    /// From this address: `count` is the number of distinct accounts.
    pub address: Tally,
}

/// Until when an attempt must wait; `None` when it may go ahead now. A known device only
/// answers for its own failures.
pub fn wait_until(
    failures: &Failures,
    known_device: bool,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut rules = vec![failures.pair.allowed_at(PAIR)];
    if !known_device {
        rules.push(failures.account.allowed_at(ACCOUNT));
        rules.push(failures.address.allowed_at(ADDRESS));
    }
    rules.into_iter().flatten().filter(|at| *at > now).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any moment: the rules depend only on the time between failures and the attempt.
    fn some_time() -> DateTime<Utc> {
        "2026-03-01T08:00:00Z".parse().unwrap()
    }

    fn tally(count: i64, secs_ago: i64, now: DateTime<Utc>) -> Tally {
        Tally {
            count,
            last: Some(now - Duration::seconds(secs_ago)),
        }
    }

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let delays: Vec<i64> = (0..=16).map(|n| PAIR.delay(n).num_seconds()).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]
        );
        assert_eq!(ACCOUNT.delay(19), Duration::zero());
        assert_eq!(ACCOUNT.delay(20), Duration::seconds(1));
        assert_eq!(ACCOUNT.delay(1_000), Duration::minutes(5));
        assert_eq!(ADDRESS.delay(i64::MAX), Duration::minutes(1));
    }

    #[test]
    fn a_pair_waits_longer_after_each_failure() {
        let now = some_time();
        let mut waits = Vec::new();
        for count in 3..=8 {
            let failures = Failures {
                pair: tally(count, 0, now),
                ..Failures::default()
            };
            let until = wait_until(&failures, false, now).expect("must wait");
            waits.push((until - now).num_seconds());
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32]);
        // Once the delay has passed, the next attempt goes ahead.
        let waited = Failures {
            pair: tally(8, 33, now),
            ..Failures::default()
        };
        assert_eq!(wait_until(&waited, false, now), None);
    }

    #[test]
    fn an_attack_on_the_account_does_not_slow_the_owners_known_device() {
        let now = some_time();
        let attacked = Failures {
            pair: Tally::default(),
            account: tally(200, 0, now),
            address: Tally::default(),
        };
        assert!(wait_until(&attacked, false, now).is_some());
        assert_eq!(wait_until(&attacked, true, now), None);
        // A new place, before the account-wide threshold, is not slowed either.
        let few = Failures {
            account: tally(19, 0, now),
            ..Failures::default()
        };
        assert_eq!(wait_until(&few, false, now), None);
    }

    #[test]
    fn a_shared_connection_with_many_typos_is_not_slowed() {
        let now = some_time();
        let school = Failures {
            pair: tally(1, 0, now),
            account: tally(1, 0, now),
            address: tally(99, 0, now),
        };
        assert_eq!(wait_until(&school, false, now), None);
        let spraying = Failures {
            address: tally(105, 0, now),
            ..school
        };
        let until = wait_until(&spraying, false, now).expect("spraying waits");
        assert_eq!((until - now).num_seconds(), 32);
    }
}
