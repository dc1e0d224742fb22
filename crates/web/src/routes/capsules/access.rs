//! Who may see and change capsules. Published capsules are public, or open only to the
//! members of one school or establishment. Producers and ministry administrators see
//! everything (they edit the catalog); school and regional administrators review what is
//! meant for a school in their scope (unpublished or restricted to it) and nothing else,
//! so a capsule of another school or a national draft stays hidden from them (404). A
//! capsule's maker sees it too (a live session's recording, made a draft by its host).

use lawha_core::capsule::CapsuleAudience;
use lawha_core::Role;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::SessionInfo;

use crate::error::AppError;

pub use lawha_core::capsule::EDITOR_ROLES;

/// Roles that see the coverage view, and may see unpublished capsules: all of them for
/// editors, those meant for a school in their scope for school and regional administrators
/// ([`can_watch`] decides each one).
pub const REVIEWER_ROLES: [Role; 4] = [
    Role::Producer,
    Role::MinistryAdmin,
    Role::RegionalAdmin,
    Role::SchoolAdmin,
];

pub fn is_editor(viewer: Option<&SessionInfo>) -> bool {
    holds(viewer, &EDITOR_ROLES)
}

pub fn is_reviewer(viewer: Option<&SessionInfo>) -> bool {
    holds(viewer, &REVIEWER_ROLES)
}

fn holds(viewer: Option<&SessionInfo>, roles: &[Role]) -> bool {
    viewer.is_some_and(|s| s.grants.iter().any(|g| roles.contains(&g.role)))
}

/// Whether `viewer` may open the capsule's page and play its media (its maker always; else the rule
/// `lawha_core::capsule::CapsuleAudience`, which the store applies too).
pub fn can_watch(capsule: &Capsule, viewer: Option<&SessionInfo>) -> bool {
    // Its maker sees it in every state: a live session's host reviews the draft their
    // recording became (teachers have no studio). Beyond that, the audience rule.
    if viewer.is_some_and(|s| capsule.created_by == Some(s.user.id)) {
        return true;
    }
    let audience = CapsuleAudience {
        status: capsule.status,
        school: capsule.school_id.zip(capsule.school_region_id),
    };
    audience.visible_to(viewer.map(|s| s.grants.as_slice()).unwrap_or_default())
}

/// [`can_watch`] as a result: a capsule one may not see does not exist (404), so that
/// drafts and restricted capsules are not revealed.
pub fn require_watch(capsule: &Capsule, viewer: Option<&SessionInfo>) -> Result<(), AppError> {
    if can_watch(capsule, viewer) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether media of this capsule may sit in shared caches (public and published).
pub fn publicly_cacheable(capsule: &Capsule) -> bool {
    capsule.status.is_public() && capsule.school_id.is_none()
}
