//! A live session as scheduled: its title, host, audience and time, and the checks a
//! schedule passes before anything is stored. Each problem names the form field it is about
//! and a stable code the interface translates.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use uuid::Uuid;

use super::slot::{Occurrence, Recurrence, Slot};
use crate::role::{Role, Scope, ScopeKind};
use crate::validate::FieldError;

/// Longest session title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest occurrence: a school morning.
pub const MAX_DURATION_MINUTES: i64 = 240;
/// Furthest a weekly series may run after its first occurrence: a school year and a bit.
pub const MAX_SERIES_DAYS: i64 = 366;
/// Most invitation lines on a staff meeting.
pub const MAX_INVITATIONS: usize = 50;

/// Who a session is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Audience {
    /// The pupils of a class, or the trainees of a vocational group (a class of a
    /// vocational establishment).
    Class(Uuid),
    /// The trainees of every group of a programme in one establishment.
    Programme { school: Uuid, programme: String },
    /// A staff meeting: everyone holding one of the roles within its scope.
    Staff(Vec<Invitation>),
}

/// One line of a staff meeting's invitations: every holder of `role` whose grant lies
/// within `scope` (the ministry's managers, an AREF's, one school's teachers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Invitation {
    pub role: Role,
    pub scope: Scope,
}

impl Invitation {
    /// Whether a grant of `role` in `scope` is invited by this line.
    pub fn invites(&self, role: Role, scope: &Scope) -> bool {
        self.role == role && self.scope.contains(scope)
    }
}

/// Roles a staff meeting may invite: staff, not pupils, trainees or parents.
pub fn is_staff(role: Role) -> bool {
    !matches!(role, Role::Pupil | Role::Trainee | Role::Parent)
}

/// How a session repeats, as a form gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Once,
    /// Weekly until a local date; `None` when the form left the end date empty.
    Weekly {
        until: Option<NaiveDate>,
    },
}

/// A session as the scheduler filled it in, not yet checked.
#[derive(Debug, Clone)]
pub struct SessionDraft {
    pub title: String,
    pub host: Uuid,
    pub audience: Audience,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub repeat: Repeat,
    /// The platform's time zone, whose wall clock a weekly series keeps.
    pub zone: Tz,
}

/// A checked session: what the store schedules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidSession {
    pub title: String,
    pub host: Uuid,
    pub audience: Audience,
    pub slot: Slot,
}

/// A problem with a draft: the field it is about and why.
pub type Problem = (&'static str, FieldError);

impl SessionDraft {
    /// Checks every field against `now`; returns each problem with its field (`title`,
    /// `audience`, `invitees`, `starts_at`, `ends_at`, `until`), or the valid session.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidSession, Vec<Problem>> {
        let mut problems = Vec::new();
        let title = match crate::validate::name(&self.title) {
            Ok(t) if t.chars().count() <= MAX_TITLE_CHARS => t,
            Ok(_) => {
                problems.push(("title", FieldError::new("too-long")));
                String::new()
            }
            Err(e) => {
                problems.push(("title", e));
                String::new()
            }
        };
        if let Some(problem) = audience_problem(&self.audience) {
            problems.push(problem);
        }
        let (starts_at, ends_at) = (self.starts_at.trunc_minute(), self.ends_at.trunc_minute());
        if starts_at < now.trunc_minute() {
            problems.push(("starts_at", FieldError::new("in-the-past")));
        }
        if ends_at <= starts_at {
            problems.push(("ends_at", FieldError::new("end-not-after-start")));
        } else if ends_at - starts_at > Duration::minutes(MAX_DURATION_MINUTES) {
            problems.push(("ends_at", FieldError::new("too-long")));
        }
        let recurrence = match self.repeat {
            Repeat::Once => Recurrence::Once,
            Repeat::Weekly { until: None } => {
                problems.push(("until", FieldError::new("required")));
                Recurrence::Once
            }
            Repeat::Weekly { until: Some(until) } => {
                let first_day = starts_at.with_timezone(&self.zone).date_naive();
                let days = (until - first_day).num_days();
                if days < 0 {
                    problems.push(("until", FieldError::new("until-before-start")));
                } else if days > MAX_SERIES_DAYS {
                    problems.push(("until", FieldError::new("series-too-long")));
                }
                Recurrence::Weekly { until }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ValidSession {
            title,
            host: self.host,
            audience: self.audience.clone(),
            slot: Slot {
                first: Occurrence { starts_at, ends_at },
                recurrence,
                zone: self.zone,
            },
        })
    }
}

/// What is wrong with an audience, if anything: a staff meeting inviting no one, too many
/// lines, pupils or parents, or a class scope (a class's session has the class as its
/// audience); a programme without a code.
fn audience_problem(audience: &Audience) -> Option<Problem> {
    match audience {
        Audience::Class(_) => None,
        Audience::Programme { programme, .. } => programme
            .trim()
            .is_empty()
            .then(|| ("audience", FieldError::new("required"))),
        Audience::Staff(lines) if lines.is_empty() => {
            Some(("invitees", FieldError::new("no-invitees")))
        }
        Audience::Staff(lines) if lines.len() > MAX_INVITATIONS => {
            Some(("invitees", FieldError::new("too-many")))
        }
        Audience::Staff(lines) => lines
            .iter()
            .any(|l| !is_staff(l.role) || l.scope.kind() == ScopeKind::Class)
            .then(|| ("invitees", FieldError::new("not-staff"))),
    }
}

/// Times are kept to the minute: forms give minutes, and whole minutes make attendance and
/// overlap plain to explain.
trait TruncMinute {
    fn trunc_minute(self) -> Self;
}

impl TruncMinute for DateTime<Utc> {
    fn trunc_minute(self) -> Self {
        let seconds = self.timestamp().div_euclid(60) * 60;
        DateTime::from_timestamp(seconds, 0).unwrap_or(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, day, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("bad test time"))
    }

    fn draft() -> SessionDraft {
        SessionDraft {
            title: "  Maths   en direct ".into(),
            host: Uuid::now_v7(),
            audience: Audience::Class(Uuid::now_v7()),
            starts_at: at(5, 9, 0),
            ends_at: at(5, 10, 0),
            repeat: Repeat::Once,
            zone: chrono_tz::Africa::Casablanca,
        }
    }

    fn fields(d: &SessionDraft) -> Vec<(&'static str, &'static str)> {
        match d.validate(at(1, 8, 0)) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|(f, e)| (f, e.code)).collect(),
        }
    }

    #[test]
    fn a_valid_draft_is_trimmed_and_kept_to_the_minute() {
        let mut d = draft();
        d.starts_at = at(5, 9, 0) + Duration::seconds(42);
        let valid = d.validate(at(1, 8, 0)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.title, "Maths en direct");
        assert_eq!(valid.slot.first.starts_at, at(5, 9, 0));
        assert_eq!(valid.slot.recurrence, Recurrence::Once);
    }

    #[test]
    fn problems_name_their_fields() {
        let mut d = draft();
        d.title = " ".into();
        d.ends_at = d.starts_at;
        assert_eq!(
            fields(&d),
            [("title", "required"), ("ends_at", "end-not-after-start")]
        );

        let mut d = draft();
        d.ends_at = at(4, 9, 0);
        assert_eq!(fields(&d), [("ends_at", "end-not-after-start")]);

        let mut d = draft();
        d.ends_at = d.starts_at + Duration::minutes(MAX_DURATION_MINUTES);
        assert_eq!(fields(&d), []);
        d.ends_at += Duration::minutes(1);
        assert_eq!(fields(&d), [("ends_at", "too-long")]);

        let mut d = draft();
        d.title = "x".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(fields(&d), [("title", "too-long")]);

        let mut d = draft();
        d.starts_at = at(1, 7, 0);
        d.ends_at = at(1, 7, 30);
        assert_eq!(fields(&d), [("starts_at", "in-the-past")]);
    }

    #[test]
    fn a_weekly_series_needs_an_end_within_a_year() {
        let mut d = draft();
        d.repeat = Repeat::Weekly { until: None };
        assert_eq!(fields(&d), [("until", "required")]);

        let first_day = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap_or_default();
        d.repeat = Repeat::Weekly {
            until: Some(first_day - Duration::days(1)),
        };
        assert_eq!(fields(&d), [("until", "until-before-start")]);

        d.repeat = Repeat::Weekly {
            until: Some(first_day),
        };
        assert_eq!(fields(&d), []);

        d.repeat = Repeat::Weekly {
            until: Some(first_day + Duration::days(MAX_SERIES_DAYS)),
        };
        assert_eq!(fields(&d), []);
        d.repeat = Repeat::Weekly {
            until: Some(first_day + Duration::days(MAX_SERIES_DAYS + 1)),
        };
        assert_eq!(fields(&d), [("until", "series-too-long")]);
    }

    #[test]
    fn staff_meetings_invite_staff_by_role_and_scope() {
        let region = Uuid::now_v7();
        let school = Uuid::now_v7();
        let mut d = draft();
        d.audience = Audience::Staff(Vec::new());
        assert_eq!(fields(&d), [("invitees", "no-invitees")]);

        let managers = Invitation {
            role: Role::RegionalAdmin,
            scope: Scope::Region { region },
        };
        d.audience = Audience::Staff(vec![managers]);
        assert_eq!(fields(&d), []);

        let pupils = Invitation {
            role: Role::Pupil,
            scope: Scope::School { region, school },
        };
        d.audience = Audience::Staff(vec![managers, pupils]);
        assert_eq!(fields(&d), [("invitees", "not-staff")]);

        let class_scope = Invitation {
            role: Role::Teacher,
            scope: Scope::Class {
                region,
                school,
                class: Uuid::now_v7(),
            },
        };
        d.audience = Audience::Staff(vec![class_scope]);
        assert_eq!(fields(&d), [("invitees", "not-staff")]);

        d.audience = Audience::Staff(vec![managers; MAX_INVITATIONS + 1]);
        assert_eq!(fields(&d), [("invitees", "too-many")]);

        d.audience = Audience::Programme {
            school,
            programme: " ".into(),
        };
        assert_eq!(fields(&d), [("audience", "required")]);
    }

    #[test]
    fn an_invitation_holds_the_role_within_its_scope() {
        let (region, school) = (Uuid::now_v7(), Uuid::now_v7());
        let line = Invitation {
            role: Role::SchoolAdmin,
            scope: Scope::Region { region },
        };
        let here = Scope::School { region, school };
        let elsewhere = Scope::School {
            region: Uuid::now_v7(),
            school,
        };
        assert!(line.invites(Role::SchoolAdmin, &here));
        assert!(!line.invites(Role::Teacher, &here));
        assert!(!line.invites(Role::SchoolAdmin, &elsewhere));
        assert!(!line.invites(Role::SchoolAdmin, &Scope::National));
    }
}
