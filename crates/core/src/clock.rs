//! The platform's clock: the one place that reads the system time.
//!
//! The store stamps rows and the web layer decides what is due with the same [`Clock`],
//! handed to both at start, so moving it (`clock_offset_days` for demos, a fixed time in
//! tests) moves them together. A lint (`clippy.toml`) forbids reading the system clock
//! anywhere else.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, SubsecRound, Utc};

/// A source of "now". Cheap to clone; clones share their offset, so [`Clock::advance`] on
/// one moves every holder of the clock.
#[derive(Debug, Clone)]
pub struct Clock {
    base: Base,
    offset_ms: Arc<AtomicI64>,
}

#[derive(Debug, Clone, Copy)]
enum Base {
    /// The system's clock.
    System,
    /// A time that does not pass by itself (tests).
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock::system_moved_by(Duration::zero())
    }

    /// The system's clock moved by `offset` (demos and tests that reach a later day).
    pub fn system_moved_by(offset: Duration) -> Clock {
        Clock {
            base: Base::System,
            offset_ms: Arc::new(AtomicI64::new(offset.num_milliseconds())),
        }
    }

    /// A clock that stays at `at` until advanced.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            base: Base::Fixed(at),
            offset_ms: Arc::new(AtomicI64::new(0)),
        }
    }

    /// The current time, truncated to milliseconds so that SQLite's text timestamps and
    /// PostgreSQL's `timestamptz` round-trip to the same value.
    pub fn now(&self) -> DateTime<Utc> {
        let base = match self.base {
            Base::System => system_time(),
            Base::Fixed(at) => at,
        };
        let offset = Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        (base + offset).trunc_subsecs(3)
    }

    /// Moves this clock, and every clone of it, by `by` (tests that travel in time).
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

/// The one sanctioned read of the system time.
#[allow(clippy::disallowed_methods)]
fn system_time() -> DateTime<Utc> {
    Utc::now()
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_fixed_clock_stays_until_advanced_and_clones_move_together() {
        let clock = Clock::fixed(at("2026-03-01T08:00:00.123456Z"));
        assert_eq!(clock.now(), at("2026-03-01T08:00:00.123Z"), "milliseconds");
        let held = clock.clone();
        clock.advance(Duration::days(1));
        assert_eq!(held.now(), at("2026-03-02T08:00:00.123Z"));
        assert_eq!(clock.now(), held.now());
    }

    #[test]
    fn a_moved_system_clock_is_ahead_by_its_offset() {
        let real = Clock::system();
        let ahead = Clock::system_moved_by(Duration::days(10));
        let before = real.now();
        let moved = ahead.now();
        let after = real.now();
        assert!(moved >= before + Duration::days(10));
        assert!(moved <= after + Duration::days(10));
    }
}
