//! The demo's staff (with the classes they teach) and its parent.

use lawha_core::{Role, Scope};
use lawha_store::Store;

use super::data::{At, ParentSeed, StaffSeed};
use super::places::Places;
use super::{grant, new_user};
use crate::Result;

pub(super) async fn seed_staff(store: &Store, staff: &[StaffSeed], places: &Places) -> Result<()> {
    for s in staff {
        let user = new_user(store, &s.name, Some(&s.email), None, s.locale).await?;
        let scope = match &s.at {
            At::National => Scope::National,
            At::Region(code) => Scope::Region {
                region: store.org().region_by_code(code).await?.id,
            },
            At::School(code) => places.school(code)?.scope(),
        };
        store
            .accounts()
            .add_grant(user.id, &grant(s.role, scope)?)
            .await?;
        for teaching in &s.teaches {
            let class = places.class(&teaching.school, &teaching.class)?;
            store
                .accounts()
                .assign_teacher(class.id, user.id, teaching.subject.as_deref())
                .await?;
        }
    }
    Ok(())
}

/// The parent, granted at the child's school and linked to the child.
pub(super) async fn seed_parent(store: &Store, parent: &ParentSeed, places: &Places) -> Result<()> {
    let user = new_user(
        store,
        &parent.name,
        Some(&parent.email),
        None,
        parent.locale,
    )
    .await?;
    let scope = places.school(&parent.school)?.scope();
    store
        .accounts()
        .add_grant(user.id, &grant(Role::Parent, scope)?)
        .await?;
    store
        .accounts()
        .link_parent(user.id, places.pupil(&parent.child)?)
        .await?;
    Ok(())
}
