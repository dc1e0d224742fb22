//! Live sessions (issue 17), the storage: sessions with their engine room
//! (`live_sessions`), staff meetings' invitations (`live_invitees`), the engine's join and
//! leave events (`live_attendance_events`) and recordings on their way to a draft capsule
//! (`live_recordings`). The rules — validation, occurrences, overlaps, the joining window,
//! attendance, who may schedule — are `lawha_core::live`'s; this folder applies them inside
//! the transactions that write.
//!
//! - `schedule.rs`: scheduling, with the scope rule and the host's overlap checked in the
//!   inserting transaction.
//! - `listing.rs`: what a person may join, and "live now" / "next" for pupils and parents.
//! - `engine.rs`: the engine's room and secret (never in a [`Session`]), engine failures.
//! - `attendance.rs`: recording engine events once each; lists per session and per class.
//! - `recordings.rs`: recordings and their status; `recording_work.rs`: what the worker that
//!   makes them draft capsules reads and writes (its queue, the placeholder lesson, the
//!   capsule made once).
//!
//! Nothing here talks to an engine, and no page or route uses it yet; `lawha_live::to_capsule`
//! (the recordings' worker) does.

pub mod attendance;
pub mod engine;
pub mod listing;
mod oversee;
pub mod recording_work;
pub mod recordings;
mod removals;
pub mod schedule;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use lawha_core::live::{Audience, Invitation, Occurrence, Recurrence, Slot};
use lawha_core::Role;
use serde::Serialize;
use uuid::Uuid;

use crate::accounts::roles::scope_of;
use crate::{days, Result, Store, StoreError};

/// The store's live sessions: `store.live()`.
#[derive(Clone, Copy)]
pub struct Live<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Live`] sessions.
    pub fn live(&self) -> Live<'_> {
        Live { store: self }
    }
}

/// A scheduled session as pages may show it. It has no field for the engine's room or
/// secret (see [`engine::EngineRoom`]), so they cannot reach a page by mistake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: Uuid,
    pub title: String,
    pub host_id: Uuid,
    pub audience: Audience,
    pub slot: Slot,
    /// The last engine failure, until a room is made again.
    pub engine_failure: Option<EngineFailure>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// An engine failure marked on a session: when, and its stable code (e.g.
/// `live-engine-down`), which the page translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngineFailure {
    pub at: DateTime<Utc>,
    pub code: String,
}

/// The columns of [`SessionRow`], from `live_sessions s`.
pub(crate) const SESSION_COLS: &str = "s.id, s.title, s.host_id, s.audience, s.class_id,
    s.school_id, s.programme_code, s.starts_at, s.ends_at, s.weekly_until, s.time_zone,
    s.engine_failed_at, s.engine_failure, s.created_by, s.created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    id: Uuid,
    title: String,
    host_id: Uuid,
    audience: String,
    class_id: Option<Uuid>,
    school_id: Option<Uuid>,
    programme_code: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    weekly_until: Option<String>,
    time_zone: String,
    engine_failed_at: Option<DateTime<Utc>>,
    engine_failure: Option<String>,
    created_by: Uuid,
    created_at: DateTime<Utc>,
}

impl SessionRow {
    pub(crate) fn id(&self) -> Uuid {
        self.id
    }

    /// Whether this is a staff meeting, whose invitations are read separately.
    pub(crate) fn is_staff(&self) -> bool {
        self.audience == "staff"
    }

    /// The session's time, without its audience.
    pub(crate) fn slot(&self) -> Result<Slot> {
        let corrupt = || StoreError::Corrupt(format!("live session {}", self.id));
        let zone: Tz = self.time_zone.parse().map_err(|_| corrupt())?;
        let recurrence = match &self.weekly_until {
            None => Recurrence::Once,
            Some(day) => Recurrence::Weekly {
                until: days::parse(day)?,
            },
        };
        Ok(Slot {
            first: Occurrence {
                starts_at: self.starts_at,
                ends_at: self.ends_at,
            },
            recurrence,
            zone,
        })
    }

    /// The session, with `invitations` as its audience when it is a staff meeting.
    pub(crate) fn into_session(self, invitations: Vec<Invitation>) -> Result<Session> {
        let corrupt = || StoreError::Corrupt(format!("live session {}", self.id));
        let slot = self.slot()?;
        let audience = match (self.audience.as_str(), self.class_id, self.school_id) {
            ("class", Some(class), _) => Audience::Class(class),
            ("programme", _, Some(school)) => Audience::Programme {
                school,
                programme: self.programme_code.clone().ok_or_else(corrupt)?,
            },
            ("staff", _, _) => Audience::Staff(invitations),
            _ => return Err(corrupt()),
        };
        let engine_failure = match (self.engine_failed_at, self.engine_failure) {
            (Some(at), Some(code)) => Some(EngineFailure { at, code }),
            _ => None,
        };
        Ok(Session {
            id: self.id,
            title: self.title,
            host_id: self.host_id,
            audience,
            slot,
            engine_failure,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

/// A row of `live_invitees`: role, region, school.
pub(crate) type InviteeRow = (Uuid, String, Option<Uuid>, Option<Uuid>);

/// The invitations of the sessions among `rows` (session id, role, region, school); rows
/// with a role unknown to this release are skipped.
pub(crate) fn invitations_of(session: Uuid, rows: &[InviteeRow]) -> Vec<Invitation> {
    rows.iter()
        .filter(|(s, ..)| *s == session)
        .filter_map(|(_, role, region, school)| {
            Some(Invitation {
                role: Role::parse(role)?,
                scope: scope_of(*region, *school, None),
            })
        })
        .collect()
}

/// The occurrence of `slot` that something at `at` belongs to: the last one whose joining
/// window opened by then (a leave or a recording reported after the end belongs to the
/// occurrence that just ended); `None` before the first window.
pub(crate) fn occurrence_of(slot: &Slot, at: DateTime<Utc>) -> Option<Occurrence> {
    slot.all()
        .take_while(|o| lawha_core::live::window::opens_at(o) <= at)
        .last()
}

/// The platform day text of a weekly series' end, as stored.
pub(crate) fn until_text(slot: &Slot) -> Option<String> {
    match slot.recurrence {
        Recurrence::Once => None,
        Recurrence::Weekly { until } => Some(days::text(until)),
    }
}

impl Live<'_> {
    /// One session.
    pub async fn session(&self, id: Uuid) -> Result<Session> {
        let row: SessionRow = self
            .store
            .fetch_one(
                &format!("SELECT {SESSION_COLS} FROM live_sessions s WHERE s.id = $1"),
                id,
            )
            .await?;
        Ok(self.sessions_of_rows(vec![row]).await?.remove(0))
    }

    /// The sessions of `rows`, in their order, staff meetings with their invitations (one
    /// more query when there are any).
    pub(crate) async fn sessions_of_rows(&self, rows: Vec<SessionRow>) -> Result<Vec<Session>> {
        let staff: Vec<Uuid> = rows
            .iter()
            .filter(|r| r.is_staff())
            .map(SessionRow::id)
            .collect();
        let invitees: Vec<InviteeRow> = if staff.is_empty() {
            Vec::new()
        } else {
            self.store
                .fetch_by_ids(&staff, |marks| {
                    format!(
                        "SELECT session_id, role, region_id, school_id FROM live_invitees
                         WHERE session_id IN ({marks}) ORDER BY role, scope_key"
                    )
                })
                .await?
        };
        rows.into_iter()
            .map(|row| {
                let invitations = invitations_of(row.id(), &invitees);
                row.into_session(invitations)
            })
            .collect()
    }
}
