//! Who may schedule a session for whom: the teacher of a class or the trainer of a group,
//! an administrator whose scope holds it, and for staff meetings an administrator whose
//! scopes hold everyone invited. The store applies this rule inside the transaction that
//! inserts the session.

use uuid::Uuid;

use super::session::Invitation;
use crate::role::{can_administer, Grant, Role, Scope};

/// The person scheduling: their grants and the classes (groups) they teach.
#[derive(Debug, Clone, Copy)]
pub struct Scheduler<'a> {
    pub grants: &'a [Grant],
    /// Classes and vocational groups linked to them as teacher or trainer.
    pub teaches: &'a [Uuid],
}

/// Where a session's audience lies, as the store found it.
#[derive(Debug, Clone, Copy)]
pub enum AudiencePlace<'a> {
    /// A class or vocational group: its class scope.
    Class(Scope),
    /// Every group of a programme in one establishment: the establishment's school scope.
    Programme(Scope),
    /// A staff meeting's invitations.
    Staff(&'a [Invitation]),
}

/// Roles that teach classes or train groups.
fn teaches_by_role(role: Role) -> bool {
    matches!(role, Role::Teacher | Role::VocationalTrainer)
}

/// Whether `who` may schedule a session for `place`:
/// - a class or group: its teacher or trainer (linked to it, and holding a teaching grant
///   in its school: a link left behind after a move elsewhere confers nothing), or an
///   administrator whose scope holds it;
/// - a programme's groups in an establishment: a trainer of that establishment, or an
///   administrator whose scope holds it;
/// - a staff meeting: an administrator whose scopes hold every invitation's scope (a
///   regional admin invites their AREF's managers, not the ministry's).
pub fn may_schedule(who: &Scheduler<'_>, place: &AudiencePlace<'_>) -> bool {
    match place {
        AudiencePlace::Class(class) => {
            let teaches_it = class.class().is_some_and(|id| who.teaches.contains(&id))
                && who
                    .grants
                    .iter()
                    .any(|g| teaches_by_role(g.role) && g.scope.contains(class));
            teaches_it || can_administer(who.grants, class)
        }
        AudiencePlace::Programme(school) => {
            let trains_there = who
                .grants
                .iter()
                .any(|g| g.role == Role::VocationalTrainer && g.scope.contains(school));
            trains_there || can_administer(who.grants, school)
        }
        AudiencePlace::Staff(lines) => {
            !lines.is_empty() && lines.iter().all(|l| can_administer(who.grants, &l.scope))
        }
    }
}

/// Whether someone holding `grants` oversees a session for `place` (its page, attendance
/// and recordings, and retrying a recording, without hosting it): an administrator whose
/// scope holds the class, group or establishment (the school's administrators, their
/// AREF's, the ministry's), or, for a staff meeting, whose scopes hold every invitation —
/// the administrators who could have scheduled it. Teaching or training there is not
/// enough: a class's other teachers do not see its sessions' attendance.
pub fn may_oversee(grants: &[Grant], place: &AudiencePlace<'_>) -> bool {
    match place {
        AudiencePlace::Class(scope) | AudiencePlace::Programme(scope) => {
            can_administer(grants, scope)
        }
        AudiencePlace::Staff(lines) => {
            !lines.is_empty() && lines.iter().all(|l| can_administer(grants, &l.scope))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Places {
        region: Uuid,
        school: Uuid,
        class: Uuid,
    }

    impl Places {
        fn new() -> Places {
            Places {
                region: Uuid::now_v7(),
                school: Uuid::now_v7(),
                class: Uuid::now_v7(),
            }
        }
        fn school(&self) -> Scope {
            Scope::School {
                region: self.region,
                school: self.school,
            }
        }
        fn class(&self) -> Scope {
            Scope::Class {
                region: self.region,
                school: self.school,
                class: self.class,
            }
        }
    }

    fn grant(role: Role, scope: Scope) -> Grant {
        Grant { role, scope }
    }

    #[test]
    fn a_teacher_schedules_for_their_own_class_only() {
        let (here, there) = (Places::new(), Places::new());
        let grants = [grant(Role::Teacher, here.school())];
        let teacher = Scheduler {
            grants: &grants,
            teaches: &[here.class],
        };
        assert!(may_schedule(&teacher, &AudiencePlace::Class(here.class())));
        // Another class of the same school, one of another school.
        let neighbour = Places {
            class: Uuid::now_v7(),
            ..here
        };
        assert!(!may_schedule(
            &teacher,
            &AudiencePlace::Class(neighbour.class())
        ));
        assert!(!may_schedule(
            &teacher,
            &AudiencePlace::Class(there.class())
        ));
        // A link to a class of another school, without a grant there, confers nothing.
        let moved = Scheduler {
            grants: &grants,
            teaches: &[there.class],
        };
        assert!(!may_schedule(&moved, &AudiencePlace::Class(there.class())));
        // Teachers neither hold programmes nor call staff meetings.
        assert!(!may_schedule(
            &teacher,
            &AudiencePlace::Programme(here.school())
        ));
        let line = [Invitation {
            role: Role::Teacher,
            scope: here.school(),
        }];
        assert!(!may_schedule(&teacher, &AudiencePlace::Staff(&line)));
    }

    #[test]
    fn a_trainer_schedules_for_their_group_and_their_establishment_s_programmes() {
        let (here, there) = (Places::new(), Places::new());
        let grants = [grant(Role::VocationalTrainer, here.school())];
        let trainer = Scheduler {
            grants: &grants,
            teaches: &[here.class],
        };
        assert!(may_schedule(&trainer, &AudiencePlace::Class(here.class())));
        assert!(may_schedule(
            &trainer,
            &AudiencePlace::Programme(here.school())
        ));
        assert!(!may_schedule(
            &trainer,
            &AudiencePlace::Programme(there.school())
        ));
        // A pupil linked to a class (as a member) schedules nothing.
        let pupil_grants = [grant(Role::Pupil, here.class())];
        let pupil = Scheduler {
            grants: &pupil_grants,
            teaches: &[here.class],
        };
        assert!(!may_schedule(&pupil, &AudiencePlace::Class(here.class())));
    }

    #[test]
    fn administrators_in_scope_oversee_and_teachers_do_not() {
        let (here, there) = (Places::new(), Places::new());
        let school_admin = [grant(Role::SchoolAdmin, here.school())];
        let regional = [grant(
            Role::RegionalAdmin,
            Scope::Region {
                region: here.region,
            },
        )];
        let ministry = [grant(Role::MinistryAdmin, Scope::National)];
        let teacher = [grant(Role::Teacher, here.school())];
        let trainer = [grant(Role::VocationalTrainer, here.school())];
        for grants in [&school_admin, &regional, &ministry] {
            assert!(may_oversee(grants, &AudiencePlace::Class(here.class())));
            assert!(may_oversee(
                grants,
                &AudiencePlace::Programme(here.school())
            ));
        }
        for grants in [&school_admin, &regional] {
            assert!(!may_oversee(grants, &AudiencePlace::Class(there.class())));
            assert!(!may_oversee(
                grants,
                &AudiencePlace::Programme(there.school())
            ));
        }
        for grants in [&teacher, &trainer] {
            assert!(!may_oversee(grants, &AudiencePlace::Class(here.class())));
            assert!(!may_oversee(
                grants,
                &AudiencePlace::Programme(here.school())
            ));
        }
        let aref_managers = [Invitation {
            role: Role::SchoolAdmin,
            scope: Scope::Region {
                region: here.region,
            },
        }];
        assert!(may_oversee(
            &regional,
            &AudiencePlace::Staff(&aref_managers)
        ));
        assert!(!may_oversee(
            &school_admin,
            &AudiencePlace::Staff(&aref_managers)
        ));
        assert!(!may_oversee(&ministry, &AudiencePlace::Staff(&[])));
    }

    #[test]
    fn administrators_schedule_within_their_scope() {
        let (here, there) = (Places::new(), Places::new());
        let grants = [grant(Role::SchoolAdmin, here.school())];
        let admin = Scheduler {
            grants: &grants,
            teaches: &[],
        };
        assert!(may_schedule(&admin, &AudiencePlace::Class(here.class())));
        assert!(!may_schedule(&admin, &AudiencePlace::Class(there.class())));
        let own_teachers = [Invitation {
            role: Role::Teacher,
            scope: here.school(),
        }];
        assert!(may_schedule(&admin, &AudiencePlace::Staff(&own_teachers)));

        let regional_grants = [grant(
            Role::RegionalAdmin,
            Scope::Region {
                region: here.region,
            },
        )];
        let regional = Scheduler {
            grants: &regional_grants,
            teaches: &[],
        };
        let aref_managers = [Invitation {
            role: Role::SchoolAdmin,
            scope: Scope::Region {
                region: here.region,
            },
        }];
        let ministry_managers = [Invitation {
            role: Role::MinistryAdmin,
            scope: Scope::National,
        }];
        assert!(may_schedule(
            &regional,
            &AudiencePlace::Staff(&aref_managers)
        ));
        assert!(!may_schedule(
            &regional,
            &AudiencePlace::Staff(&ministry_managers)
        ));
        let mixed = [aref_managers[0], ministry_managers[0]];
        assert!(!may_schedule(&regional, &AudiencePlace::Staff(&mixed)));
        // The school admin cannot invite the whole region's managers.
        assert!(!may_schedule(&admin, &AudiencePlace::Staff(&aref_managers)));
        assert!(!may_schedule(&admin, &AudiencePlace::Staff(&[])));

        let ministry_grants = [grant(Role::MinistryAdmin, Scope::National)];
        let ministry = Scheduler {
            grants: &ministry_grants,
            teaches: &[],
        };
        assert!(may_schedule(&ministry, &AudiencePlace::Staff(&mixed)));
        assert!(may_schedule(
            &ministry,
            &AudiencePlace::Class(there.class())
        ));
    }
}
