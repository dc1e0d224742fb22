//! Attendance of one occurrence from the engine's own join and leave events, never from the
//! page: per person, when they first came, when they last left and how long they were there.
//!
//! The rule:
//! - A person on two devices, or rejoining before the engine reported the leave, is counted
//!   once: presence is the union of their connections (a join while joined deepens, a leave
//!   closes presence only when the last connection leaves).
//! - Time counts inside the occurrence only: joining early (the window opens before the
//!   start) credits nothing before the start, and someone still joined when it ends is
//!   counted up to the end (`stayed_to_end`), whether or not a leave ever came.
//! - A leave with no open join (a duplicate, or one whose join the engine never reported)
//!   is not presence: Lawha does not invent when someone came. Such leaves are counted, so
//!   a page can say the engine's report was incomplete.
//! - A join at or after the end is ignored; events at one instant take joins first, so a
//!   reconnection at one instant never opens a gap.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::slot::Occurrence;

/// Whether an engine event is someone coming or going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Movement {
    // Joins sort before leaves at one instant (see the module doc).
    Join,
    Leave,
}

impl Movement {
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Join => "join",
            Movement::Leave => "leave",
        }
    }

    pub fn parse(text: &str) -> Option<Movement> {
        match text {
            "join" => Some(Movement::Join),
            "leave" => Some(Movement::Leave),
            _ => None,
        }
    }
}

/// One engine event about one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttendanceEvent {
    pub person: Uuid,
    pub movement: Movement,
    pub at: DateTime<Utc>,
}

/// One person's attendance of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub person: Uuid,
    pub first_join: DateTime<Utc>,
    /// When they last left (at most the end); the end itself when they stayed to it.
    pub last_leave: DateTime<Utc>,
    /// Whether they were still joined when the occurrence ended.
    pub stayed_to_end: bool,
    /// Seconds present inside the occurrence.
    pub seconds: i64,
}

impl Presence {
    /// Whole minutes present.
    pub fn minutes(&self) -> i64 {
        self.seconds / 60
    }
}

/// The attendance of one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Attendance {
    /// Everyone who joined before the end, by first join.
    pub people: Vec<Presence>,
    /// Leaves that matched no open join (not counted as presence).
    pub unmatched_leaves: usize,
}

/// A person's running state while events are read in order.
struct Tally {
    first_join: DateTime<Utc>,
    last_leave: Option<DateTime<Utc>>,
    /// Connections open now.
    open: u32,
    /// When the current presence began (the first of the open connections).
    since: DateTime<Utc>,
    /// Milliseconds inside so far: summed exactly, rounded to seconds once at the end, so
    /// that engine times with fractions of a second lose nothing per stretch.
    millis: i64,
}

/// Attendance of `occurrence` from `events` (any order; events of other people and times
/// may be mixed in).
pub fn attendance(events: &[AttendanceEvent], occurrence: &Occurrence) -> Attendance {
    let end = occurrence.ends_at;
    let mut ordered: Vec<&AttendanceEvent> = events.iter().collect();
    ordered.sort_by_key(|e| (e.at, e.movement, e.person));
    let mut people: BTreeMap<Uuid, Tally> = BTreeMap::new();
    let mut unmatched_leaves = 0;
    // Milliseconds of `[from, to)` that fall inside the occurrence.
    let inside = |from: DateTime<Utc>, to: DateTime<Utc>| {
        let from = from.max(occurrence.starts_at);
        let to = to.min(end);
        (to - from).num_milliseconds().max(0)
    };
    for event in ordered {
        match event.movement {
            Movement::Join if event.at >= end => {}
            Movement::Join => {
                let tally = people.entry(event.person).or_insert(Tally {
                    first_join: event.at,
                    last_leave: None,
                    open: 0,
                    since: event.at,
                    millis: 0,
                });
                if tally.open == 0 {
                    tally.since = event.at;
                }
                tally.open += 1;
            }
            Movement::Leave => match people.get_mut(&event.person) {
                Some(tally) if tally.open > 0 => {
                    tally.open -= 1;
                    if tally.open == 0 {
                        tally.millis += inside(tally.since, event.at);
                        tally.last_leave = Some(event.at.min(end));
                    }
                }
                _ => unmatched_leaves += 1,
            },
        }
    }
    let mut people: Vec<Presence> = people
        .into_iter()
        .map(|(person, tally)| {
            let stayed_to_end = tally.open > 0;
            let (millis, last_leave) = if stayed_to_end {
                (tally.millis + inside(tally.since, end), end)
            } else {
                (tally.millis, tally.last_leave.unwrap_or(tally.first_join))
            };
            Presence {
                person,
                first_join: tally.first_join,
                last_leave,
                stayed_to_end,
                seconds: (millis + 500) / 1000,
            }
        })
        .collect();
    people.sort_by_key(|p| (p.first_join, p.person));
    Attendance {
        people,
        unmatched_leaves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 5, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("bad test time"))
    }

    fn occurrence() -> Occurrence {
        Occurrence {
            starts_at: at(9, 0),
            ends_at: at(10, 0),
        }
    }

    fn join(person: Uuid, at: DateTime<Utc>) -> AttendanceEvent {
        AttendanceEvent {
            person,
            movement: Movement::Join,
            at,
        }
    }

    fn leave(person: Uuid, at: DateTime<Utc>) -> AttendanceEvent {
        AttendanceEvent {
            person,
            movement: Movement::Leave,
            at,
        }
    }

    fn only(events: &[AttendanceEvent]) -> Presence {
        let result = attendance(events, &occurrence());
        assert_eq!(result.people.len(), 1, "{result:?}");
        result.people[0]
    }

    #[test]
    fn a_simple_visit() {
        let p = Uuid::now_v7();
        let presence = only(&[leave(p, at(9, 40)), join(p, at(9, 10))]);
        assert_eq!(presence.first_join, at(9, 10));
        assert_eq!(presence.last_leave, at(9, 40));
        assert_eq!(presence.minutes(), 30);
        assert!(!presence.stayed_to_end);
    }

    #[test]
    fn fractions_of_a_second_are_summed_before_rounding() {
        let p = Uuid::now_v7();
        let ms = Duration::milliseconds;
        // 20 minutes less 30 ms, then 15 minutes less 30 ms: 2,100 s once summed, where
        // truncating each stretch would say 2,098.
        let presence = only(&[
            join(p, at(9, 0) + ms(40)),
            leave(p, at(9, 20) + ms(10)),
            join(p, at(9, 25) + ms(40)),
            leave(p, at(9, 40) + ms(10)),
        ]);
        assert_eq!(presence.seconds, 35 * 60);
    }

    #[test]
    fn early_joins_count_from_the_start_and_late_leaves_to_the_end() {
        let p = Uuid::now_v7();
        let presence = only(&[join(p, at(8, 52)), leave(p, at(10, 5))]);
        assert_eq!(presence.first_join, at(8, 52));
        assert_eq!(presence.last_leave, at(10, 0));
        assert_eq!(presence.minutes(), 60);
    }

    #[test]
    fn rejoins_and_two_devices_count_once() {
        let p = Uuid::now_v7();
        // Two devices overlap from 9:20 to 9:30; then a gap; then a reconnection at one
        // instant (leave and join at 9:50).
        let presence = only(&[
            join(p, at(9, 10)),
            join(p, at(9, 20)),
            leave(p, at(9, 30)),
            leave(p, at(9, 35)),
            join(p, at(9, 40)),
            leave(p, at(9, 50)),
            join(p, at(9, 50)),
            leave(p, at(9, 55)),
        ]);
        assert_eq!(presence.minutes(), 25 + 15);
        assert_eq!(presence.last_leave, at(9, 55));
    }

    #[test]
    fn an_occurrence_ended_while_joined_counts_to_its_end() {
        let p = Uuid::now_v7();
        let presence = only(&[join(p, at(9, 30))]);
        assert!(presence.stayed_to_end);
        assert_eq!(presence.last_leave, at(10, 0));
        assert_eq!(presence.minutes(), 30);

        let presence = only(&[join(p, at(9, 0)), leave(p, at(9, 10)), join(p, at(9, 50))]);
        assert!(presence.stayed_to_end);
        assert_eq!(presence.minutes(), 20);
    }

    #[test]
    fn a_leave_without_a_join_is_no_presence() {
        let (p, q) = (Uuid::now_v7(), Uuid::now_v7());
        let result = attendance(
            &[
                leave(p, at(9, 20)),
                join(q, at(9, 0)),
                leave(q, at(9, 10)),
                leave(q, at(9, 15)),
            ],
            &occurrence(),
        );
        assert_eq!(result.unmatched_leaves, 2);
        assert_eq!(result.people.len(), 1);
        assert_eq!(result.people[0].person, q);
        assert_eq!(result.people[0].minutes(), 10);
    }

    /// Seconds present and unmatched leaves, by stepping through the occurrence one second
    /// at a time, applying each second's joins and then its leaves to a connection count.
    fn naive(events: &[AttendanceEvent], person: Uuid, o: &Occurrence) -> (i64, usize) {
        let mine: Vec<&AttendanceEvent> = events.iter().filter(|e| e.person == person).collect();
        let from = mine.iter().map(|e| e.at).min().unwrap_or(o.starts_at);
        let (mut open, mut seconds, mut unmatched) = (0_u32, 0, 0);
        let mut t = from.min(o.starts_at);
        while t < o.ends_at.max(from) + Duration::hours(1) {
            for e in mine.iter().filter(|e| e.at == t) {
                if e.movement == Movement::Join && t < o.ends_at {
                    open += 1;
                }
            }
            for e in mine.iter().filter(|e| e.at == t) {
                if e.movement == Movement::Leave {
                    if open > 0 {
                        open -= 1;
                    } else {
                        unmatched += 1;
                    }
                }
            }
            if open > 0 && o.contains(t) {
                seconds += 1;
            }
            t += Duration::seconds(1);
        }
        (seconds, unmatched)
    }

    #[test]
    fn attendance_agrees_with_a_second_by_second_count() {
        use rand::rngs::StdRng;
        use rand::{Rng, SeedableRng};
        let mut rng = StdRng::seed_from_u64(9);
        let o = occurrence();
        let people: Vec<Uuid> = (0..4).map(|_| Uuid::now_v7()).collect();
        for _ in 0..60 {
            let events: Vec<AttendanceEvent> = (0..rng.gen_range(0..14))
                .map(|_| AttendanceEvent {
                    person: people[rng.gen_range(0..people.len())],
                    movement: if rng.gen_bool(0.5) {
                        Movement::Join
                    } else {
                        Movement::Leave
                    },
                    // Minutes from 15 before the start to 15 after the end.
                    at: o.starts_at + Duration::minutes(rng.gen_range(-15..75)),
                })
                .collect();
            let result = attendance(&events, &o);
            let mut unmatched = 0;
            for person in &people {
                let (seconds, leaves) = naive(&events, *person, &o);
                unmatched += leaves;
                let joined = events.iter().any(|e| {
                    e.person == *person && e.movement == Movement::Join && e.at < o.ends_at
                });
                let found = result.people.iter().find(|p| p.person == *person);
                assert_eq!(found.is_some(), joined, "{events:?}");
                if let Some(p) = found {
                    assert_eq!(p.seconds, seconds, "{person} in {events:?}");
                }
            }
            assert_eq!(result.unmatched_leaves, unmatched, "{events:?}");
        }
    }

    #[test]
    fn joins_after_the_end_are_ignored_and_people_are_ordered_by_arrival() {
        let (p, q, late) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let result = attendance(
            &[
                join(q, at(9, 30)),
                join(p, at(9, 5) + Duration::seconds(30)),
                join(late, at(10, 0)),
                leave(late, at(10, 2)),
            ],
            &occurrence(),
        );
        let order: Vec<Uuid> = result.people.iter().map(|x| x.person).collect();
        assert_eq!(order, [p, q]);
        assert_eq!(result.people[0].seconds, 54 * 60 + 30);
        // The leave after an ignored join matched nothing.
        assert_eq!(result.unmatched_leaves, 1);
    }
}
