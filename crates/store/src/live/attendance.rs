//! Attendance: the engine's join and leave events, recorded once each, and the lists made
//! from them by `core::live::attendance` (per occurrence, and per pupil of a class).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use lawha_core::live::{attendance, AttendanceEvent, Movement, Occurrence, Presence};
use lawha_core::validate::FieldError;
use serde::Serialize;
use uuid::Uuid;

use super::{occurrence_of, Live, SessionRow, SESSION_COLS};
use crate::BeginWrite;
use crate::{Result, StoreError};

/// Longest engine event key.
const MAX_EVENT_KEY: usize = 200;

/// A join or leave as the engine reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineEvent {
    /// The engine's own name for the event: the same event reported twice (a retried
    /// callback, two polls) has the same key and counts once.
    pub key: String,
    pub person: Uuid,
    pub movement: Movement,
    pub at: DateTime<Utc>,
}

/// Who came to one occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionAttendance {
    pub occurrence: Occurrence,
    /// By first join.
    pub people: Vec<Attendee>,
    /// Leaves the engine reported with no join before them (not counted as presence).
    pub unmatched_leaves: usize,
}

/// One person's attendance, with their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub user_id: Uuid,
    pub display_name: String,
    pub presence: Presence,
}

/// The live sessions of a class over a period, per pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassAttendance {
    /// Occurrences that ended in the period and that someone attended (an occurrence
    /// nobody joined, the host included, was not held).
    pub held: i64,
    /// Every pupil of the class, by name.
    pub pupils: Vec<PupilAttendance>,
}

/// One pupil's attendance of their class's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PupilAttendance {
    pub user_id: Uuid,
    pub display_name: String,
    /// Occurrences held that they joined.
    pub attended: i64,
    /// Whole minutes present, summed per occurrence.
    pub minutes: i64,
}

/// Live-class attendance over a period, summed over people: one group's (the vocational
/// follow-up dashboard's rows) or several groups' ([`GroupLiveAttendance::add`], an
/// establishment's total).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GroupLiveAttendance {
    /// Occurrences held for the group (as [`ClassAttendance::held`]); for a sum, the
    /// most any of its groups held.
    pub held: i64,
    /// Members (trainees) counted.
    pub members: i64,
    /// Seats there were: each member at each occurrence held for their group.
    pub seats: i64,
    /// Seats taken: occurrences held that a member joined, summed over the members.
    pub attended: i64,
    /// Whole minutes present (per occurrence), summed over the members.
    pub minutes: i64,
}

impl GroupLiveAttendance {
    /// One group's figures from its class attendance.
    pub fn of(class: &ClassAttendance) -> GroupLiveAttendance {
        let members = class.pupils.len() as i64;
        GroupLiveAttendance {
            held: class.held,
            members,
            seats: class.held * members,
            attended: class.pupils.iter().map(|p| p.attended).sum(),
            minutes: class.pupils.iter().map(|p| p.minutes).sum(),
        }
    }

    /// Adds another group's figures. A programme's session held for two groups is a seat
    /// for each member of each.
    pub fn add(&mut self, other: &GroupLiveAttendance) {
        self.held = self.held.max(other.held);
        self.members += other.members;
        self.seats += other.seats;
        self.attended += other.attended;
        self.minutes += other.minutes;
    }
}

/// A stored event: session, occurrence, person, movement, time.
type EventRow = (Uuid, DateTime<Utc>, Uuid, String, DateTime<Utc>);

fn to_event(row: &EventRow) -> Result<AttendanceEvent> {
    let movement = Movement::parse(&row.3)
        .ok_or_else(|| StoreError::Corrupt(format!("attendance movement {:?}", row.3)))?;
    Ok(AttendanceEvent {
        person: row.2,
        movement,
        at: row.4,
    })
}

impl Live<'_> {
    /// Records the engine's events for `session`, each under the occurrence it belongs to;
    /// returns how many were new (an event key seen before adds nothing). Refuses the whole
    /// batch, writing nothing, when an event comes before the first joining window
    /// (`at`: `outside-session`) or has an empty or over-long key (`key`).
    pub async fn record_attendance(&self, session: Uuid, events: &[EngineEvent]) -> Result<u64> {
        let row: SessionRow = self
            .store
            .fetch_one(
                &format!("SELECT {SESSION_COLS} FROM live_sessions s WHERE s.id = $1"),
                session,
            )
            .await?;
        let slot = row.slot()?;
        let mut placed = Vec::with_capacity(events.len());
        for event in events {
            if event.key.is_empty() || event.key.len() > MAX_EVENT_KEY {
                return Err(StoreError::invalid("key", FieldError::new("invalid")));
            }
            let occurrence = occurrence_of(&slot, event.at)
                .ok_or_else(|| StoreError::invalid("at", FieldError::new("outside-session")))?;
            placed.push((event, occurrence.starts_at));
        }
        let received = self.store.now();
        let added = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let mut added = 0;
            for (event, occurrence_start) in &placed {
                added += sqlx::query(
                    "INSERT INTO live_attendance_events (session_id, event_key, occurrence_start,
                       user_id, movement, at, received_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (session_id, event_key) DO NOTHING",
                )
                .bind(session).bind(&event.key).bind(occurrence_start).bind(event.person)
                .bind(event.movement.as_str()).bind(event.at).bind(received)
                .execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
            added
        });
        Ok(added)
    }

    /// Who came to the occurrence of `session` starting at `occurrence_start`, when and for
    /// how long; [`StoreError::NotFound`] when the session has no such occurrence.
    pub async fn attendance(
        &self,
        session: Uuid,
        occurrence_start: DateTime<Utc>,
    ) -> Result<SessionAttendance> {
        let slot = self.session(session).await?.slot;
        let occurrence = slot
            .occurrence_starting(occurrence_start)
            .ok_or(StoreError::NotFound)?;
        let rows: Vec<EventRow> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT session_id, occurrence_start, user_id, movement, at
                 FROM live_attendance_events WHERE session_id = $1 AND occurrence_start = $2",
            )
            .bind(session).bind(occurrence.starts_at).fetch_all(pool).await?
        });
        let events = rows.iter().map(to_event).collect::<Result<Vec<_>>>()?;
        let counted = attendance(&events, &occurrence);
        let ids: Vec<Uuid> = counted.people.iter().map(|p| p.person).collect();
        let names: HashMap<Uuid, String> = self.names(&ids).await?;
        let people = counted
            .people
            .into_iter()
            .map(|presence| Attendee {
                user_id: presence.person,
                display_name: names.get(&presence.person).cloned().unwrap_or_default(),
                presence,
            })
            .collect();
        Ok(SessionAttendance {
            occurrence,
            people,
            unmatched_leaves: counted.unmatched_leaves,
        })
    }

    /// Per-pupil attendance of the sessions of `class` (its own, and its programme's in its
    /// establishment) over the occurrences that start in `[from, to)` and had ended at
    /// `now`.
    pub async fn class_attendance(
        &self,
        class: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ClassAttendance> {
        let sql = format!(
            "SELECT {SESSION_COLS} FROM live_sessions s
             WHERE s.last_ends_at > $2 AND s.starts_at < $3
               AND (s.class_id = $1 OR (s.audience = 'programme' AND EXISTS (
                 SELECT 1 FROM classes c WHERE c.id = $1
                   AND c.school_id = s.school_id AND c.programme_code = s.programme_code)))"
        );
        let sessions: Vec<SessionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(class).bind(from).bind(to).fetch_all(pool).await?
        });
        let ids: Vec<Uuid> = sessions.iter().map(SessionRow::id).collect();
        let rows: Vec<EventRow> = self
            .store
            .fetch_by_ids(&ids, |marks| {
                format!(
                    "SELECT session_id, occurrence_start, user_id, movement, at
                     FROM live_attendance_events WHERE session_id IN ({marks})"
                )
            })
            .await?;
        let mut by_occurrence: BTreeMap<(Uuid, DateTime<Utc>), Vec<AttendanceEvent>> =
            BTreeMap::new();
        for row in &rows {
            by_occurrence
                .entry((row.0, row.1))
                .or_default()
                .push(to_event(row)?);
        }
        let mut held = 0;
        let mut per_pupil: HashMap<Uuid, (i64, i64)> = HashMap::new();
        for session in &sessions {
            let slot = session.slot()?;
            for occurrence in slot.occurrences(from, to) {
                let in_period = occurrence.starts_at >= from && occurrence.ends_at <= now;
                let events = by_occurrence.get(&(session.id(), occurrence.starts_at));
                let (true, Some(events)) = (in_period, events) else {
                    continue;
                };
                let counted = attendance(events, &occurrence);
                if counted.people.is_empty() {
                    continue;
                }
                held += 1;
                for presence in counted.people {
                    let entry = per_pupil.entry(presence.person).or_default();
                    entry.0 += 1;
                    entry.1 += presence.minutes();
                }
            }
        }
        let pupils = self
            .store
            .accounts()
            .class_members(class)
            .await?
            .into_iter()
            .map(|pupil| {
                let (attended, minutes) = per_pupil.get(&pupil.id).copied().unwrap_or_default();
                PupilAttendance {
                    user_id: pupil.id,
                    display_name: pupil.display_name,
                    attended,
                    minutes,
                }
            })
            .collect();
        Ok(ClassAttendance { held, pupils })
    }

    /// [`Live::class_attendance`] summed for a group (the vocational dashboard's figures).
    pub async fn group_live_attendance(
        &self,
        class: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<GroupLiveAttendance> {
        Ok(GroupLiveAttendance::of(
            &self.class_attendance(class, from, to, now).await?,
        ))
    }

    /// The stored events of the occurrence of `session` starting at `occurrence_start`, in
    /// the order they happened (who is in the room by Lawha's record, for the poller that
    /// turns the engine's lists into events).
    pub async fn occurrence_events(
        &self,
        session: Uuid,
        occurrence_start: DateTime<Utc>,
    ) -> Result<Vec<AttendanceEvent>> {
        let rows: Vec<EventRow> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT session_id, occurrence_start, user_id, movement, at
                 FROM live_attendance_events WHERE session_id = $1 AND occurrence_start = $2
                 ORDER BY at, received_at",
            )
            .bind(session).bind(occurrence_start).fetch_all(pool).await?
        });
        rows.iter().map(to_event).collect()
    }

    /// Display names of `ids`.
    async fn names(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        let rows: Vec<(Uuid, String)> = self
            .store
            .fetch_by_ids(ids, |marks| {
                format!("SELECT id, display_name FROM users WHERE id IN ({marks})")
            })
            .await?;
        Ok(rows.into_iter().collect())
    }
}
