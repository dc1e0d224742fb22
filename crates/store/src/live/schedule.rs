//! Scheduling a session. Everything the decision rests on is read inside the inserting
//! transaction, after the host's account row is locked (`FOR UPDATE` on PostgreSQL; SQLite's
//! `BEGIN IMMEDIATE` shuts out every other writer): the scheduler's grants and classes, where
//! the audience lies, and the host's sessions that could overlap. Two schedules for one host
//! therefore take turns, and the second sees the first's row: no overlap can slip between a
//! check and a write.

use lawha_core::live::{
    may_schedule, slots_overlap, Audience, AudiencePlace, Invitation, Scheduler, ValidSession,
};
use lawha_core::role::Grant;
use lawha_core::validate::FieldError;
use lawha_core::{new_id, Role, Scope};
use uuid::Uuid;

use super::{until_text, Live, Session, SessionRow, SESSION_COLS};
use crate::accounts::guard::AccountGuard;
use crate::accounts::roles::scope_of;
use crate::BeginWrite;
use crate::{Refusal, Result, StoreError};

/// The scheduler's grants (`$1` = the person).
const GRANTS: &str =
    "SELECT role, region_id, school_id, class_id FROM role_grants WHERE user_id = $1";
/// A row of [`GRANTS`].
type GrantRow = (String, Option<Uuid>, Option<Uuid>, Option<Uuid>);
/// The classes and groups they teach.
const TEACHES: &str = "SELECT class_id FROM class_teachers WHERE user_id = $1";
/// A class's place, when it is active.
const CLASS_PLACE: &str = "SELECT school_id, region_id FROM classes WHERE id = $1 AND active";
/// An establishment's region and kind.
const SCHOOL_PLACE: &str = "SELECT region_id, kind FROM schools WHERE id = $1 AND active";
/// Whether a region exists.
const REGION: &str = "SELECT COUNT(*) FROM regions WHERE id = $1";
/// Whether a programme exists.
const PROGRAMME: &str = "SELECT COUNT(*) FROM programmes WHERE code = $1";
/// Whether a grant of role `$1` exists within the scope `$2` (region) / `$3` (school),
/// both NULL for the nation, held by someone other than `$4` (the host).
const ANYONE_INVITED: &str = "SELECT COUNT(*) FROM role_grants g WHERE g.role = $1
    AND g.user_id <> $4
    AND ($2 IS NULL OR g.region_id = $2) AND ($3 IS NULL OR g.school_id = $3)";
/// The host's sessions that could share an instant with `[$2, $3)`.
fn host_sessions() -> String {
    format!(
        "SELECT {SESSION_COLS} FROM live_sessions s
         WHERE s.host_id = $1 AND s.last_ends_at > $2 AND s.starts_at < $3"
    )
}

/// Where the audience lies, as the database has it (see [`Live::schedule`]).
enum Place {
    Class(Scope),
    Programme(Scope),
    Staff(Vec<Invitation>),
}

impl Place {
    fn as_audience_place(&self) -> AudiencePlace<'_> {
        match self {
            Place::Class(scope) => AudiencePlace::Class(*scope),
            Place::Programme(scope) => AudiencePlace::Programme(*scope),
            Place::Staff(lines) => AudiencePlace::Staff(lines),
        }
    }
}

fn audience_error(code: &'static str) -> StoreError {
    StoreError::invalid("audience", FieldError::new(code))
}

impl Live<'_> {
    /// Schedules `session`, hosted by `actor` (the person scheduling hosts it). Refuses,
    /// with nothing written:
    /// - a host other than the actor (`host`: `not-the-scheduler`);
    /// - an audience the actor may not schedule for (`core::live::may_schedule`), or a
    ///   class, establishment, region or school that does not exist or is inactive:
    ///   [`StoreError::NotFound`], as everywhere outside one's scope;
    /// - a programme at a plain school or an unknown programme (`audience`);
    /// - a staff meeting whose invitations match nobody but the host
    ///   ([`Refusal::NoInvitees`]);
    /// - an occurrence sharing an instant with one of the host's sessions
    ///   ([`Refusal::SessionOverlap`]).
    ///
    /// Staff invitations are stored with the school's real region, whatever the caller's
    /// scope said.
    pub async fn schedule(&self, actor: Uuid, session: &ValidSession) -> Result<Session> {
        if session.host != actor {
            return Err(StoreError::invalid(
                "host",
                FieldError::new("not-the-scheduler"),
            ));
        }
        let slot = &session.slot;
        let (id, at, last_end) = (new_id(), self.store.now(), slot.last_end());
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if !tx.lock_by_id(actor).await? {
                return Err(StoreError::NotFound);
            }
            let grant_rows: Vec<GrantRow> =
                sqlx::query_as(GRANTS).bind(actor).fetch_all(&mut *tx).await?;
            let grants: Vec<Grant> = grant_rows
                .into_iter()
                .filter_map(|(role, region, school, class)| {
                    Some(Grant { role: Role::parse(&role)?, scope: scope_of(region, school, class) })
                })
                .collect();
            let teaches: Vec<Uuid> = sqlx::query_scalar(TEACHES).bind(actor).fetch_all(&mut *tx).await?;

            let place = match &session.audience {
                Audience::Class(class) => {
                    let found: Option<(Uuid, Uuid)> = sqlx::query_as(CLASS_PLACE)
                        .bind(class).fetch_optional(&mut *tx).await?;
                    let (school, region) = found.ok_or(StoreError::NotFound)?;
                    Place::Class(Scope::Class { region, school, class: *class })
                }
                Audience::Programme { school, programme } => {
                    let found: Option<(Uuid, String)> = sqlx::query_as(SCHOOL_PLACE)
                        .bind(school).fetch_optional(&mut *tx).await?;
                    let (region, kind) = found.ok_or(StoreError::NotFound)?;
                    if kind == "school" {
                        return Err(audience_error("not-a-programme-establishment"));
                    }
                    let known: i64 = sqlx::query_scalar(PROGRAMME)
                        .bind(programme).fetch_one(&mut *tx).await?;
                    if known == 0 {
                        return Err(audience_error("unknown-programme"));
                    }
                    Place::Programme(Scope::School { region, school: *school })
                }
                Audience::Staff(lines) => {
                    let mut checked = Vec::with_capacity(lines.len());
                    for line in lines {
                        let scope = match line.scope {
                            Scope::National => Scope::National,
                            Scope::Region { region } => {
                                let n: i64 = sqlx::query_scalar(REGION)
                                    .bind(region).fetch_one(&mut *tx).await?;
                                if n == 0 {
                                    return Err(StoreError::NotFound);
                                }
                                Scope::Region { region }
                            }
                            Scope::School { school, .. } => {
                                let found: Option<(Uuid, String)> = sqlx::query_as(SCHOOL_PLACE)
                                    .bind(school).fetch_optional(&mut *tx).await?;
                                let (region, _) = found.ok_or(StoreError::NotFound)?;
                                Scope::School { region, school }
                            }
                            // Validation refuses class scopes; none reaches here.
                            Scope::Class { .. } => return Err(audience_error("not-staff")),
                        };
                        checked.push(Invitation { role: line.role, scope });
                    }
                    Place::Staff(checked)
                }
            };
            let who = Scheduler { grants: &grants, teaches: &teaches };
            if !may_schedule(&who, &place.as_audience_place()) {
                return Err(StoreError::NotFound);
            }
            if let Place::Staff(lines) = &place {
                let mut anyone = false;
                for line in lines {
                    let n: i64 = sqlx::query_scalar(ANYONE_INVITED)
                        .bind(line.role.as_str()).bind(line.scope.region()).bind(line.scope.school())
                        .bind(actor)
                        .fetch_one(&mut *tx).await?;
                    anyone |= n > 0;
                }
                if !anyone {
                    return Err(StoreError::Conflict(Refusal::NoInvitees));
                }
            }

            let theirs: Vec<SessionRow> = sqlx::query_as(&host_sessions())
                .bind(actor).bind(slot.first.starts_at).bind(last_end)
                .fetch_all(&mut *tx).await?;
            for row in &theirs {
                if slots_overlap(&row.slot()?, slot) {
                    return Err(StoreError::Conflict(Refusal::SessionOverlap));
                }
            }

            let (kind, class_id, school_id, region_id, programme) = match (&place, &session.audience) {
                (Place::Class(scope), _) => ("class", scope.class(), scope.school(), scope.region(), None),
                (Place::Programme(scope), Audience::Programme { programme, .. }) => {
                    ("programme", None, scope.school(), scope.region(), Some(programme.as_str()))
                }
                (Place::Staff(_), _) => ("staff", None, None, None, None),
                (Place::Programme(_), _) => return Err(audience_error("required")),
            };
            sqlx::query(
                "INSERT INTO live_sessions (id, title, host_id, audience, class_id, school_id,
                   region_id, programme_code, starts_at, ends_at, weekly_until, time_zone,
                   last_ends_at, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $3, $14)",
            )
            .bind(id).bind(&session.title).bind(actor).bind(kind).bind(class_id)
            .bind(school_id).bind(region_id).bind(programme)
            .bind(slot.first.starts_at).bind(slot.first.ends_at).bind(until_text(slot))
            .bind(slot.zone.name()).bind(last_end).bind(at)
            .execute(&mut *tx).await?;
            if let Place::Staff(lines) = &place {
                for line in lines {
                    sqlx::query(
                        "INSERT INTO live_invitees (session_id, role, scope_key, region_id, school_id)
                         VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (session_id, role, scope_key) DO NOTHING",
                    )
                    .bind(id).bind(line.role.as_str()).bind(line.scope.key().to_string())
                    .bind(line.scope.region()).bind(line.scope.school())
                    .execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        self.session(id).await
    }
}
