//! Who sees which ticket. A support agent works the tickets of the regions (AREFs) they
//! are granted, or all of them with a national grant; a ticket with no known region (a
//! phone number that matches no account) is for national agents only. An administrator
//! sees a ticket once it is escalated to them: a school's admins what is escalated to
//! their school, an AREF's admins what is escalated within their region (to the school or
//! to them), the ministry everything escalated. Audit logs and service levels follow the
//! administrator's region.

use uuid::Uuid;

use super::Escalation;
use crate::role::{Grant, Role, Scope};

/// Where a ticket belongs: the filer's region and school when known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TicketPlace {
    pub region: Option<Uuid>,
    pub school: Option<Uuid>,
}

/// The tickets a support agent may work: all (national) or those of some regions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentReach {
    pub national: bool,
    pub regions: Vec<Uuid>,
}

impl AgentReach {
    /// The reach the support-agent grants among `grants` confer.
    pub fn of(grants: &[Grant]) -> AgentReach {
        let mut reach = AgentReach::default();
        for g in grants.iter().filter(|g| g.role == Role::SupportAgent) {
            match g.scope {
                Scope::National => reach.national = true,
                Scope::Region { region } => reach.regions.push(region),
                // Agents are granted nationally or for a region only (`Role::allowed_scopes`).
                _ => {}
            }
        }
        reach.regions.sort();
        reach.regions.dedup();
        reach
    }

    /// Whether this person is an agent at all.
    pub fn is_agent(&self) -> bool {
        self.national || !self.regions.is_empty()
    }

    /// Whether a ticket at `place` is within reach.
    pub fn covers(&self, place: TicketPlace) -> bool {
        self.national || place.region.is_some_and(|r| self.regions.contains(&r))
    }
}

/// Whether a support agent may help (unlock, a one-time code, a reset link) a person who
/// holds `role`: learners, parents and teachers only. Staff with more power than an agent
/// (administrators, producers, other agents) are helped by their own administrators, so an
/// agent cannot lift the sign-in throttle that guards their accounts.
pub fn agent_may_help(role: Role) -> bool {
    matches!(
        role,
        Role::Pupil | Role::Trainee | Role::Parent | Role::Teacher | Role::VocationalTrainer
    )
}

/// Whether an administrator holding `grants` sees a ticket at `place` escalated to `to`.
pub fn admin_sees(grants: &[Grant], place: TicketPlace, to: Option<Escalation>) -> bool {
    let Some(to) = to else {
        return false;
    };
    grants.iter().any(|g| match (g.role, g.scope) {
        (Role::MinistryAdmin, _) => true,
        (Role::RegionalAdmin, Scope::Region { region }) => place.region == Some(region),
        (Role::SchoolAdmin, Scope::School { school, .. }) => {
            to == Escalation::School && place.school == Some(school)
        }
        _ => false,
    })
}

/// The regions whose audit log and service levels an administrator sees: `None` for all
/// (the ministry), else their AREFs' (empty: none).
pub fn oversight_regions(grants: &[Grant]) -> Option<Vec<Uuid>> {
    if grants.iter().any(|g| g.role == Role::MinistryAdmin) {
        return None;
    }
    let mut regions: Vec<Uuid> = grants
        .iter()
        .filter(|g| g.role == Role::RegionalAdmin)
        .filter_map(|g| g.scope.region())
        .collect();
    regions.sort();
    regions.dedup();
    Some(regions)
}

#[cfg(test)]
mod tests {
    #[test]
    fn agents_help_learners_parents_and_teachers_only() {
        let helped: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| agent_may_help(*r))
            .collect();
        assert_eq!(
            helped,
            [
                Role::Pupil,
                Role::Parent,
                Role::Teacher,
                Role::VocationalTrainer,
                Role::Trainee
            ]
        );
    }

    use super::*;

    fn grant(role: Role, scope: Scope) -> Grant {
        Grant { role, scope }
    }

    #[test]
    fn agents_reach_their_regions_only() {
        let (r1, r2) = (Uuid::now_v7(), Uuid::now_v7());
        let agent = AgentReach::of(&[grant(Role::SupportAgent, Scope::Region { region: r1 })]);
        let here = TicketPlace {
            region: Some(r1),
            school: None,
        };
        let there = TicketPlace {
            region: Some(r2),
            school: None,
        };
        assert!(agent.covers(here));
        assert!(!agent.covers(there));
        assert!(!agent.covers(TicketPlace::default()));
        let national = AgentReach::of(&[grant(Role::SupportAgent, Scope::National)]);
        assert!(national.covers(there) && national.covers(TicketPlace::default()));
        // Another role in the region is no agent.
        let admin = AgentReach::of(&[grant(Role::RegionalAdmin, Scope::Region { region: r1 })]);
        assert!(!admin.is_agent() && !admin.covers(here));
    }

    #[test]
    fn admins_see_what_is_escalated_to_them() {
        let (r1, r2, s1, s2) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let place = TicketPlace {
            region: Some(r1),
            school: Some(s1),
        };
        let school_admin = [grant(
            Role::SchoolAdmin,
            Scope::School {
                region: r1,
                school: s1,
            },
        )];
        let other_school = [grant(
            Role::SchoolAdmin,
            Scope::School {
                region: r1,
                school: s2,
            },
        )];
        let aref = [grant(Role::RegionalAdmin, Scope::Region { region: r1 })];
        let other_aref = [grant(Role::RegionalAdmin, Scope::Region { region: r2 })];
        assert!(!admin_sees(&aref, place, None));
        assert!(admin_sees(&school_admin, place, Some(Escalation::School)));
        assert!(!admin_sees(&school_admin, place, Some(Escalation::Region)));
        assert!(!admin_sees(&other_school, place, Some(Escalation::School)));
        assert!(admin_sees(&aref, place, Some(Escalation::School)));
        assert!(!admin_sees(&other_aref, place, Some(Escalation::Region)));
        assert_eq!(oversight_regions(&aref), Some(vec![r1]));
        assert_eq!(oversight_regions(&school_admin), Some(vec![]));
    }
}
