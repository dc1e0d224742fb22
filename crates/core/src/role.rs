//! Roles and their scopes.
//!
//! A person may hold several roles, each granted within a scope: a school admin administers
//! one school, a regional admin one region, a ministry admin the whole country. Authorisation
//! asks whether a grant's scope *contains* the thing being touched.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ScopeKey;

/// A role a person can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Pupil,
    Parent,
    Teacher,
    VocationalTrainer,
    Trainee,
    SchoolAdmin,
    RegionalAdmin,
    MinistryAdmin,
    VolunteerTutor,
    Producer,
    SupportAgent,
}

/// The kind of scope a grant applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    National,
    Region,
    School,
    Class,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Pupil,
        Role::Parent,
        Role::Teacher,
        Role::VocationalTrainer,
        Role::Trainee,
        Role::SchoolAdmin,
        Role::RegionalAdmin,
        Role::MinistryAdmin,
        Role::VolunteerTutor,
        Role::Producer,
        Role::SupportAgent,
    ];

    /// The stable name stored in the database and used in URLs and translation keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pupil => "pupil",
            Role::Parent => "parent",
            Role::Teacher => "teacher",
            Role::VocationalTrainer => "vocational_trainer",
            Role::Trainee => "trainee",
            Role::SchoolAdmin => "school_admin",
            Role::RegionalAdmin => "regional_admin",
            Role::MinistryAdmin => "ministry_admin",
            Role::VolunteerTutor => "volunteer_tutor",
            Role::Producer => "producer",
            Role::SupportAgent => "support_agent",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name.trim())
    }

    /// The scope kinds this role may be granted at. Pupils and trainees belong to a class
    /// (or group); staff and parents to a school; volunteers and support agents work
    /// nationally or for one region.
    pub fn allowed_scopes(self) -> &'static [ScopeKind] {
        match self {
            Role::Pupil | Role::Trainee => &[ScopeKind::Class],
            Role::Parent | Role::Teacher | Role::VocationalTrainer | Role::SchoolAdmin => {
                &[ScopeKind::School]
            }
            Role::RegionalAdmin => &[ScopeKind::Region],
            Role::MinistryAdmin | Role::Producer => &[ScopeKind::National],
            Role::VolunteerTutor | Role::SupportAgent => &[ScopeKind::National, ScopeKind::Region],
        }
    }

    /// Whether this role administers organisations and people.
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Role::SchoolAdmin | Role::RegionalAdmin | Role::MinistryAdmin
        )
    }

    /// Whether people holding this role sign in with a school-issued code instead of e-mail.
    pub fn signs_in_with_code(self) -> bool {
        matches!(self, Role::Pupil | Role::Trainee)
    }
}

/// Where a grant applies. A class scope also names its school and region, and a school
/// scope its region, so that containment is a comparison rather than a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    National,
    Region {
        region: Uuid,
    },
    School {
        region: Uuid,
        school: Uuid,
    },
    Class {
        region: Uuid,
        school: Uuid,
        class: Uuid,
    },
}

impl Scope {
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::National => ScopeKind::National,
            Scope::Region { .. } => ScopeKind::Region,
            Scope::School { .. } => ScopeKind::School,
            Scope::Class { .. } => ScopeKind::Class,
        }
    }

    pub fn region(&self) -> Option<Uuid> {
        match *self {
            Scope::National => None,
            Scope::Region { region }
            | Scope::School { region, .. }
            | Scope::Class { region, .. } => Some(region),
        }
    }

    pub fn school(&self) -> Option<Uuid> {
        match *self {
            Scope::School { school, .. } | Scope::Class { school, .. } => Some(school),
            _ => None,
        }
    }

    pub fn class(&self) -> Option<Uuid> {
        match *self {
            Scope::Class { class, .. } => Some(class),
            _ => None,
        }
    }

    /// Whether everything in `other` lies inside `self`.
    pub fn contains(&self, other: &Scope) -> bool {
        match self {
            Scope::National => true,
            Scope::Region { region } => other.region() == Some(*region),
            Scope::School { school, .. } => other.school() == Some(*school),
            Scope::Class { class, .. } => other.class() == Some(*class),
        }
    }

    /// The scope's key, unique per scope, used to keep grants unique in the database
    /// (NULLs are never equal in SQL unique constraints).
    pub fn key(&self) -> ScopeKey {
        match *self {
            Scope::National => ScopeKey::National,
            Scope::Region { region } => ScopeKey::Region(region),
            Scope::School { school, .. } => ScopeKey::School(school),
            Scope::Class { class, .. } => ScopeKey::Class(class),
        }
    }
}

/// A role held within a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

impl Grant {
    /// Checks that the scope kind suits the role.
    pub fn new(role: Role, scope: Scope) -> Result<Grant, crate::validate::FieldError> {
        if role.allowed_scopes().contains(&scope.kind()) {
            Ok(Grant { role, scope })
        } else {
            Err(crate::validate::FieldError::new("scope-not-allowed"))
        }
    }
}

/// The admin scopes a set of grants confers, widest first.
pub fn admin_scopes(grants: &[Grant]) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = grants
        .iter()
        .filter(|g| g.role.is_admin())
        .map(|g| g.scope)
        .collect();
    scopes.sort_by_key(|s| match s.kind() {
        ScopeKind::National => 0,
        ScopeKind::Region => 1,
        ScopeKind::School => 2,
        ScopeKind::Class => 3,
    });
    scopes.dedup();
    scopes
}

/// Whether a person holding `grants` may administer something within `target`.
pub fn can_administer(grants: &[Grant], target: &Scope) -> bool {
    admin_scopes(grants).iter().any(|s| s.contains(target))
}

/// Whether a person holding `grants` may hand out `grant` to someone: the grant's scope
/// must lie inside one of their admin scopes, and national roles need a national admin.
pub fn can_grant(grants: &[Grant], grant: &Grant) -> bool {
    can_administer(grants, &grant.scope)
}

/// Whether a person holding `grants` may change the account of someone whose grants lie in
/// `held` (their scopes, whatever the roles): each must lie inside one of the actor's admin
/// scopes. A role outside them — a teacher post in another school, a parent grant in
/// another region, a national producer role — means the account is also someone else's,
/// and renaming it, resetting its password or adding to its roles would let this admin
/// act there as that person. An account holding no grant belongs to no school or region,
/// so only a national admin manages it.
pub fn can_manage_account(grants: &[Grant], held: impl IntoIterator<Item = Scope>) -> bool {
    let scopes = admin_scopes(grants);
    let mut held = held.into_iter().peekable();
    if held.peek().is_none() {
        return scopes.contains(&Scope::National);
    }
    held.all(|target| scopes.iter().any(|s| s.contains(&target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (Uuid, Uuid, Uuid, Uuid) {
        (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        )
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn scopes_nest() {
        let (region, other_region, school, class) = ids();
        let class_scope = Scope::Class {
            region,
            school,
            class,
        };
        let school_scope = Scope::School { region, school };
        assert!(Scope::National.contains(&class_scope));
        assert!(Scope::Region { region }.contains(&class_scope));
        assert!(!Scope::Region {
            region: other_region
        }
        .contains(&class_scope));
        assert!(school_scope.contains(&class_scope));
        assert!(!class_scope.contains(&school_scope));
        assert!(!school_scope.contains(&Scope::Region { region }));
    }

    #[test]
    fn grants_check_scope_kind() {
        let (region, _, school, _) = ids();
        assert!(Grant::new(Role::Pupil, Scope::School { region, school }).is_err());
        assert!(Grant::new(Role::SchoolAdmin, Scope::School { region, school }).is_ok());
        assert!(Grant::new(Role::SupportAgent, Scope::Region { region }).is_ok());
        assert!(Grant::new(Role::MinistryAdmin, Scope::Region { region }).is_err());
    }

    #[test]
    fn school_admin_cannot_grant_outside_their_school() {
        let (region, _, school, class) = ids();
        let admin = [Grant {
            role: Role::SchoolAdmin,
            scope: Scope::School { region, school },
        }];
        let pupil_here = Grant {
            role: Role::Pupil,
            scope: Scope::Class {
                region,
                school,
                class,
            },
        };
        let other_school = Grant {
            role: Role::Teacher,
            scope: Scope::School {
                region,
                school: Uuid::now_v7(),
            },
        };
        let regional = Grant {
            role: Role::RegionalAdmin,
            scope: Scope::Region { region },
        };
        assert!(can_grant(&admin, &pupil_here));
        assert!(!can_grant(&admin, &other_school));
        assert!(!can_grant(&admin, &regional));
        // A teacher is no admin, whatever their scope.
        let teacher = [Grant {
            role: Role::Teacher,
            scope: Scope::School { region, school },
        }];
        assert!(!can_grant(&teacher, &pupil_here));
    }

    #[test]
    fn an_account_is_managed_only_when_all_its_grants_are_in_scope() {
        let (region, other_region, school, class) = ids();
        let neighbour = Uuid::now_v7();
        let here = Scope::School { region, school };
        let pupil_here = Scope::Class {
            region,
            school,
            class,
        };
        let same_region = Scope::School {
            region,
            school: neighbour,
        };
        let far = Scope::School {
            region: other_region,
            school: Uuid::now_v7(),
        };
        let school_admin = [Grant {
            role: Role::SchoolAdmin,
            scope: here,
        }];
        let regional = [Grant {
            role: Role::RegionalAdmin,
            scope: Scope::Region { region },
        }];
        let ministry = [Grant {
            role: Role::MinistryAdmin,
            scope: Scope::National,
        }];

        assert!(can_manage_account(&school_admin, [pupil_here, here]));
        // One grant elsewhere is enough to refuse: another school of the region, another
        // region, or a national role.
        assert!(!can_manage_account(&school_admin, [here, same_region]));
        assert!(!can_manage_account(&school_admin, [pupil_here, far]));
        assert!(!can_manage_account(&school_admin, [here, Scope::National]));
        assert!(can_manage_account(
            &regional,
            [here, same_region, pupil_here]
        ));
        assert!(!can_manage_account(&regional, [here, far]));
        assert!(!can_manage_account(
            &regional,
            [Scope::Region {
                region: other_region
            }]
        ));
        assert!(can_manage_account(&ministry, [here, far, Scope::National]));

        // No grant at all: the ministry's alone.
        assert!(!can_manage_account(&school_admin, []));
        assert!(!can_manage_account(&regional, []));
        assert!(can_manage_account(&ministry, []));

        // Only admin grants confer a scope: a teacher of the school manages no one.
        let teacher = [Grant {
            role: Role::Teacher,
            scope: here,
        }];
        assert!(!can_manage_account(&teacher, [pupil_here]));
    }
}
