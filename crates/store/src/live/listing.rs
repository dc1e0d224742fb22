//! What a person may join, and the "live now" and "next session" of a pupil's home page and
//! of a parent's children.
//!
//! A person may join a session they host; a session of the class or group they belong to
//! as pupil or trainee; a session of a programme's groups in an establishment when their
//! group is one of them; and a staff meeting one of whose invitations names a role they
//! hold within its scope. Nothing else: a class's teacher who is not its host, a parent,
//! an administrator of the school are not in the audience by that alone.

use chrono::{DateTime, Utc};
use lawha_core::live::{join_window, JoinWindow, Occurrence};
use serde::Serialize;
use uuid::Uuid;

use super::{Live, Session, SessionRow, SESSION_COLS};
use crate::{Result, User};

/// The audience rule, with the person as `$1` and the session as `s`.
const MAY_JOIN: &str = "(s.host_id = $1
    OR s.class_id IN (SELECT class_id FROM role_grants
        WHERE user_id = $1 AND role IN ('pupil', 'trainee') AND class_id IS NOT NULL)
    OR (s.audience = 'programme' AND EXISTS (SELECT 1 FROM role_grants g
        JOIN classes c ON c.id = g.class_id
        WHERE g.user_id = $1 AND g.role IN ('pupil', 'trainee')
          AND c.school_id = s.school_id AND c.programme_code = s.programme_code))
    OR EXISTS (SELECT 1 FROM live_invitees i JOIN role_grants g ON g.role = i.role
        WHERE i.session_id = s.id AND g.user_id = $1
          AND (i.region_id IS NULL OR g.region_id = i.region_id)
          AND (i.school_id IS NULL OR g.school_id = i.school_id)))";

/// An occurrence of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scheduled {
    pub session: Session,
    pub occurrence: Occurrence,
}

/// What a home page shows: sessions open for joining now, and the next one to open.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Upcoming {
    /// Occurrences whose joining window is open, by start.
    pub live_now: Vec<Scheduled>,
    /// The occurrence whose window opens next (after those open now).
    pub next: Option<Scheduled>,
}

impl Live<'_> {
    /// The sessions `person` may join that have an occurrence not yet over at `now`, by
    /// first start.
    pub async fn sessions_for(&self, person: Uuid, now: DateTime<Utc>) -> Result<Vec<Session>> {
        let sql = format!(
            "SELECT {SESSION_COLS} FROM live_sessions s
             WHERE s.last_ends_at > $2 AND {MAY_JOIN} ORDER BY s.starts_at, s.id"
        );
        let rows: Vec<SessionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(person).bind(now).fetch_all(pool).await?
        });
        self.sessions_of_rows(rows).await
    }

    /// Whether `person` is in the audience of `session` (or hosts it). Whether joining is
    /// open now is `core::live::join_window`'s to say.
    pub async fn may_join(&self, person: Uuid, session: Uuid) -> Result<bool> {
        let sql = format!("SELECT COUNT(*) FROM live_sessions s WHERE s.id = $2 AND {MAY_JOIN}");
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar(&sql).bind(person).bind(session).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// "Live now" and "next session" for `person` at `now`.
    pub async fn upcoming_for(&self, person: Uuid, now: DateTime<Utc>) -> Result<Upcoming> {
        Ok(upcoming(self.sessions_for(person, now).await?, now))
    }

    /// [`Live::upcoming_for`] each child `parent` follows, by the child's name.
    pub async fn upcoming_for_children(
        &self,
        parent: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<(User, Upcoming)>> {
        let mut all = Vec::new();
        for child in self.store.accounts().children_of(parent).await? {
            let upcoming = self.upcoming_for(child.id, now).await?;
            all.push((child, upcoming));
        }
        Ok(all)
    }
}

/// Sorts `sessions` into open now and next to open, at `now`. A session open now may also
/// be next, by its following occurrence.
fn upcoming(sessions: Vec<Session>, now: DateTime<Utc>) -> Upcoming {
    let mut result = Upcoming::default();
    for session in sessions {
        let following = match join_window(&session.slot, now) {
            JoinWindow::Open(occurrence) => {
                let following = session.slot.current_or_next(occurrence.ends_at);
                result.live_now.push(Scheduled {
                    session: session.clone(),
                    occurrence,
                });
                following
            }
            JoinWindow::NotYet { occurrence, .. } => Some(occurrence),
            JoinWindow::Over => None,
        };
        if let Some(occurrence) = following {
            let sooner = result
                .next
                .as_ref()
                .is_none_or(|n| occurrence.starts_at < n.occurrence.starts_at);
            if sooner {
                result.next = Some(Scheduled {
                    session,
                    occurrence,
                });
            }
        }
    }
    result
        .live_now
        .sort_by_key(|s| (s.occurrence.starts_at, s.session.id));
    result
}
