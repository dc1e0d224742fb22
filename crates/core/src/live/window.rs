//! When a session may be joined: from a few minutes before an occurrence starts until it
//! ends. Outside that window nobody joins, invited or not.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::slot::{Occurrence, Slot};

/// How long before an occurrence's start joining opens: time to test sound and screen.
pub const JOIN_OPENS_MINUTES: i64 = 10;

/// Where `now` falls with respect to a session's joining windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum JoinWindow {
    /// Joining is open, for this occurrence (which may not have started yet).
    Open(Occurrence),
    /// The next occurrence opens for joining at `opens_at`.
    NotYet {
        occurrence: Occurrence,
        opens_at: DateTime<Utc>,
    },
    /// Every occurrence has ended.
    Over,
}

impl JoinWindow {
    pub fn is_open(&self) -> bool {
        matches!(self, JoinWindow::Open(_))
    }
}

/// When joining `occurrence` opens.
pub fn opens_at(occurrence: &Occurrence) -> DateTime<Utc> {
    occurrence.starts_at - Duration::minutes(JOIN_OPENS_MINUTES)
}

/// The joining window of `slot` at `now`: open from [`JOIN_OPENS_MINUTES`] before an
/// occurrence starts until it ends (exclusive).
pub fn join_window(slot: &Slot, now: DateTime<Utc>) -> JoinWindow {
    match slot.current_or_next(now) {
        None => JoinWindow::Over,
        Some(occurrence) if opens_at(&occurrence) <= now => JoinWindow::Open(occurrence),
        Some(occurrence) => JoinWindow::NotYet {
            occurrence,
            opens_at: opens_at(&occurrence),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::slot::Recurrence;
    use chrono::{NaiveDate, TimeZone};

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, day, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("bad test time"))
    }

    fn weekly() -> Slot {
        Slot {
            first: Occurrence {
                starts_at: at(5, 9, 0),
                ends_at: at(5, 10, 0),
            },
            recurrence: Recurrence::Weekly {
                until: NaiveDate::from_ymd_opt(2026, 10, 12).unwrap_or_default(),
            },
            zone: chrono_tz::UTC,
        }
    }

    #[test]
    fn joining_opens_before_the_start_and_closes_at_the_end() {
        let slot = weekly();
        let first = slot.first;
        let second = Occurrence {
            starts_at: at(12, 9, 0),
            ends_at: at(12, 10, 0),
        };
        let cases = [
            (
                at(5, 8, 49),
                JoinWindow::NotYet {
                    occurrence: first,
                    opens_at: at(5, 8, 50),
                },
            ),
            (at(5, 8, 50), JoinWindow::Open(first)),
            (at(5, 9, 30), JoinWindow::Open(first)),
            (at(5, 9, 59), JoinWindow::Open(first)),
            (
                at(5, 10, 0),
                JoinWindow::NotYet {
                    occurrence: second,
                    opens_at: at(12, 8, 50),
                },
            ),
            (at(12, 8, 55), JoinWindow::Open(second)),
            (at(12, 10, 0), JoinWindow::Over),
        ];
        for (now, expected) in cases {
            assert_eq!(join_window(&slot, now), expected, "at {now}");
        }
    }
}
