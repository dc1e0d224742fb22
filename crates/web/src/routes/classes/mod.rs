//! A class as its teacher follows it: every pupil against every lesson of a subject
//! (watched, practised, mastered), who is at risk, the work assigned and who did it, one
//! pupil's activity in detail, and exports of the class's progress.
//!
//! Individual pupils are shown only to the class's teachers and its school's
//! administrators; regional and ministry administrators see the roster, and aggregates in
//! the governance dashboards.

mod assign;
mod export;
mod grid;
mod pupil;
mod slips;

pub use assign::create as assign;
pub use export::{csv as export_csv, xlsx as export_xlsx};
pub use grid::show;
pub use pupil::show as pupil;
pub use slips::print as slips;

use lawha_core::{Role, Scope};
use lawha_store::{Class, SessionInfo, Store};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// What the viewer may do with a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassAccess {
    /// Teaches it: sees pupils' progress and assigns work.
    Teacher,
    /// Administers its school: sees pupils' progress.
    SchoolAdmin,
    /// Administers above the school: the roster only.
    Administrator,
}

impl ClassAccess {
    pub fn sees_pupils(self) -> bool {
        matches!(self, ClassAccess::Teacher | ClassAccess::SchoolAdmin)
    }
}

/// The viewer's access to a class, or 403.
pub async fn access(store: &Store, session: &SessionInfo, class: &Class) -> AppResult<ClassAccess> {
    let teaches = session
        .grants
        .iter()
        .any(|g| matches!(g.role, Role::Teacher | Role::VocationalTrainer))
        && store.accounts().teaches(session.user.id, class.id).await?;
    if teaches {
        return Ok(ClassAccess::Teacher);
    }
    let school = Scope::School {
        region: class.region_id,
        school: class.school_id,
    };
    let school_admin = session.grants.iter().any(|g| {
        g.role == Role::SchoolAdmin
            && lawha_core::role::can_administer(std::slice::from_ref(g), &school)
    });
    if school_admin {
        return Ok(ClassAccess::SchoolAdmin);
    }
    if lawha_core::role::can_administer(&session.grants, &class.scope()) {
        return Ok(ClassAccess::Administrator);
    }
    Err(AppError::Forbidden)
}

/// The class's pupils, or 404 when `pupil` is not one of them.
pub async fn member(store: &Store, class_id: Uuid, pupil: Uuid) -> AppResult<lawha_store::User> {
    store
        .accounts()
        .class_members(class_id)
        .await?
        .into_iter()
        .find(|u| u.id == pupil)
        .ok_or(AppError::NotFound)
}
