//! Who may see a capsule, one rule for the pages (`web::routes::capsules::access`) and for
//! the store where it must decide inside a transaction (a "report a problem" ticket on a
//! capsule). Published capsules are public, or open only to the members of one school or
//! establishment. Producers and ministry administrators see everything (they edit the
//! catalog); school and regional administrators review what is meant for a school in
//! their scope (unpublished or restricted to it) and nothing else.

use uuid::Uuid;

use super::CapsuleStatus;
use crate::role::{can_administer, Grant};
use crate::{Role, Scope};

/// Roles that create, edit, publish and withdraw capsules.
pub const EDITOR_ROLES: [Role; 2] = [Role::Producer, Role::MinistryAdmin];

/// What decides who sees a capsule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapsuleAudience {
    pub status: CapsuleStatus,
    /// The school it is restricted to, with that school's region.
    pub school: Option<(Uuid, Uuid)>,
}

impl CapsuleAudience {
    /// Whether someone holding `grants` (none: a visitor) may see the capsule.
    pub fn visible_to(self, grants: &[Grant]) -> bool {
        if grants.iter().any(|g| EDITOR_ROLES.contains(&g.role)) {
            return true;
        }
        // Reviewing follows the administrator's scope, like every other admin screen.
        let audience = self
            .school
            .map(|(school, region)| Scope::School { region, school });
        if audience.is_some_and(|a| can_administer(grants, &a)) {
            return true;
        }
        if !self.status.is_public() {
            return false;
        }
        match self.school {
            None => true,
            Some((school, _)) => grants.iter().any(|g| g.scope.school() == Some(school)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_for_editors_and_restricted_capsules_for_their_school() {
        let (school, region) = (Uuid::now_v7(), Uuid::now_v7());
        let other = Uuid::now_v7();
        let pupil = |school| {
            Grant::new(
                Role::Pupil,
                Scope::Class {
                    region,
                    school,
                    class: Uuid::now_v7(),
                },
            )
            .unwrap()
        };
        let producer = Grant::new(Role::Producer, Scope::National).unwrap();
        let draft = CapsuleAudience {
            status: CapsuleStatus::Draft,
            school: None,
        };
        assert!(!draft.visible_to(&[]));
        assert!(!draft.visible_to(&[pupil(school)]));
        assert!(draft.visible_to(&[producer]));
        let public = CapsuleAudience {
            status: CapsuleStatus::Published,
            ..draft
        };
        assert!(public.visible_to(&[]));
        let restricted = CapsuleAudience {
            school: Some((school, region)),
            ..public
        };
        assert!(!restricted.visible_to(&[]));
        assert!(restricted.visible_to(&[pupil(school)]));
        assert!(!restricted.visible_to(&[pupil(other)]));
    }
}
