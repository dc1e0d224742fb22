//! Who is in a room, by the engine's account, and the joins and leaves between two looks.
//!
//! Attendance comes from the engine, never from the page: an engine that pushes events
//! (Janus) reports them directly; for one that is asked (BigBlueButton's `getMeetingInfo`),
//! the caller looks at the room at a steady pace and [`changes`] turns two consecutive lists
//! into joins and leaves stamped with the time of the later look.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Role;

/// One person in a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present {
    /// The Lawha id given at join, or `None` for someone the engine let in without one (a
    /// dial-in, an engine administrator): counted, never attributed.
    pub user: Option<Uuid>,
    pub role: Role,
    /// Receives sound only, without a microphone.
    pub listening_only: bool,
    /// Sends a camera.
    pub has_video: bool,
}

/// A join or a leave of one Lawha user, at the time of the look that saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceEvent {
    Joined { user: Uuid, at: DateTime<Utc> },
    Left { user: Uuid, at: DateTime<Utc> },
}

/// The joins and leaves between the list `before` and the list `now`, seen at `at`. A person
/// present twice (two tabs, two devices) counts once; people without a Lawha id are ignored.
/// Leaves come first, then joins, each by user id, so the result does not depend on the
/// engine's order.
pub fn changes(before: &[Present], now: &[Present], at: DateTime<Utc>) -> Vec<AttendanceEvent> {
    let before: BTreeSet<Uuid> = before.iter().filter_map(|p| p.user).collect();
    let now: BTreeSet<Uuid> = now.iter().filter_map(|p| p.user).collect();
    let left = before
        .difference(&now)
        .map(|&user| AttendanceEvent::Left { user, at });
    let joined = now
        .difference(&before)
        .map(|&user| AttendanceEvent::Joined { user, at });
    left.chain(joined).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn present(user: Option<Uuid>) -> Present {
        Present {
            user,
            role: Role::Viewer,
            listening_only: false,
            has_video: false,
        }
    }

    #[test]
    fn joins_and_leaves_between_two_looks() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let before = [present(Some(a)), present(Some(b)), present(None)];
        // `c` twice (two devices), `a` gone, an unknown dial-in joined.
        let now = [
            present(Some(c)),
            present(Some(b)),
            present(Some(c)),
            present(None),
        ];
        assert_eq!(
            changes(&before, &now, at),
            vec![
                AttendanceEvent::Left { user: a, at },
                AttendanceEvent::Joined { user: c, at },
            ]
        );
        assert!(changes(&now, &now, at).is_empty());
        assert_eq!(
            changes(&[], &before, at),
            vec![
                AttendanceEvent::Joined { user: a, at },
                AttendanceEvent::Joined { user: b, at },
            ]
        );
    }
}
