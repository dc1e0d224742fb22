//! When a session takes place: one occurrence, or a weekly series up to an end date, and
//! whether two of them overlap.
//!
//! A weekly series keeps its local hour in its time zone: Morocco moves its clocks around
//! Ramadan, and a class at 10:00 stays at 10:00 on the wall while its UTC time moves. Each
//! occurrence is the first one's local date and time plus whole weeks, read back in the
//! zone; every occurrence lasts as long as the first. Times are half-open: a session ending
//! at 10:00 does not overlap one starting at 10:00.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// How a session repeats, once valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Recurrence {
    Once,
    /// Every week on the first occurrence's weekday and local time, the last one on or
    /// before `until` (a local date).
    Weekly {
        until: NaiveDate,
    },
}

/// One meeting of a session: `[starts_at, ends_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Occurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Occurrence {
    /// Whether the two share an instant (half-open intervals).
    pub fn overlaps(&self, other: &Occurrence) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    /// Whether `at` lies inside.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

/// When a session takes place. Built by validation (`session::SessionDraft::validate`), so
/// its end follows its start and a series has a bounded number of occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// The first occurrence.
    pub first: Occurrence,
    pub recurrence: Recurrence,
    /// The zone whose wall clock a weekly series keeps.
    #[serde(skip)]
    pub zone: Tz,
}

impl Slot {
    /// How long each occurrence lasts.
    pub fn duration(&self) -> Duration {
        self.first.ends_at - self.first.starts_at
    }

    /// How many occurrences there are (at least one).
    pub fn count(&self) -> i64 {
        match self.recurrence {
            Recurrence::Once => 1,
            Recurrence::Weekly { until } => {
                let first_day = self.first.starts_at.with_timezone(&self.zone).date_naive();
                let days = (until - first_day).num_days();
                if days < 0 {
                    1
                } else {
                    days / 7 + 1
                }
            }
        }
    }

    /// The `k`-th occurrence (from 0), whether or not the series reaches it.
    fn nth(&self, k: i64) -> Occurrence {
        if k == 0 {
            return self.first;
        }
        let local = self.first.starts_at.with_timezone(&self.zone).naive_local();
        let starts_at = resolve(self.zone, local + Duration::weeks(k), self.first.starts_at);
        Occurrence {
            starts_at,
            ends_at: starts_at + self.duration(),
        }
    }

    /// Every occurrence, in order.
    pub fn all(&self) -> impl Iterator<Item = Occurrence> + '_ {
        (0..self.count()).map(|k| self.nth(k))
    }

    /// The end of the last occurrence.
    pub fn last_end(&self) -> DateTime<Utc> {
        self.nth(self.count() - 1).ends_at
    }

    /// The occurrences that share an instant with `[from, to)`, in order.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        let range = Occurrence {
            starts_at: from,
            ends_at: to,
        };
        // Occurrences are in order and never overlap each other (validation keeps them
        // shorter than a week), so the walk stops at the first one starting at `to`.
        self.all()
            .take_while(|o| o.starts_at < to)
            .filter(|o| o.overlaps(&range))
            .collect()
    }

    /// The first occurrence that has not ended at `at` (it may be under way).
    pub fn current_or_next(&self, at: DateTime<Utc>) -> Option<Occurrence> {
        self.all().find(|o| o.ends_at > at)
    }

    /// The occurrence starting exactly at `starts_at`, if the series has one.
    pub fn occurrence_starting(&self, starts_at: DateTime<Utc>) -> Option<Occurrence> {
        self.all()
            .take_while(|o| o.starts_at <= starts_at)
            .find(|o| o.starts_at == starts_at)
    }
}

/// Whether two slots (say, two sessions of one host) share an instant.
pub fn slots_overlap(a: &Slot, b: &Slot) -> bool {
    if a.last_end() <= b.first.starts_at || b.last_end() <= a.first.starts_at {
        return false;
    }
    // At most a year of weeks each: comparing occurrence lists is cheap and plainly right.
    a.all()
        .any(|o| !b.occurrences(o.starts_at, o.ends_at).is_empty())
}

/// The instant the wall clock of `zone` shows `local`. When the clocks go back, the earlier
/// of the two; when they go forward over it, the same local time an hour later (Morocco's
/// changes are an hour). `fallback` is never expected: a local time that exists neither at
/// that time nor an hour later.
fn resolve(zone: Tz, local: NaiveDateTime, fallback: DateTime<Utc>) -> DateTime<Utc> {
    let found = match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t),
        LocalResult::None => zone
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest(),
    };
    found.map_or(fallback, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests;
