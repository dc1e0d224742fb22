//! The home page, one section per role the person holds, and a class's roster.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use lawha_core::role::admin_scopes;
use lawha_core::{Role, Scope};
use lawha_store::capsules::Capsule;
use lawha_store::watching::CapsuleView;
use lawha_store::{ClassSummary, ScopeCounts, SessionInfo, Store, User};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// A role the person holds, with where it applies, for display.
pub struct RoleLine {
    pub role_key: String,
    pub place: String,
}

/// A child a parent follows, with their class.
pub struct Child {
    pub user: User,
    pub classes: Vec<ClassSummary>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageCtx,
    roles: Vec<RoleLine>,
    /// The pupil's or trainee's own class(es).
    my_classes: Vec<ClassSummary>,
    /// Classes a teacher or trainer teaches.
    taught: Vec<ClassSummary>,
    children: Vec<Child>,
    admin_counts: Option<ScopeCounts>,
    is_pupil: bool,
    is_teacher: bool,
    is_parent: bool,
    /// Roles whose own tools arrive in later releases (tutoring, production, support).
    other_roles: Vec<String>,
    /// Capsules the pupil started and has not finished.
    continuing: Vec<(Capsule, CapsuleView)>,
    is_editor: bool,
}

fn holds(session: &SessionInfo, roles: &[Role]) -> bool {
    session.grants.iter().any(|g| roles.contains(&g.role))
}

/// Describes where a grant applies, in the page's language.
async fn place_of(store: &Store, page: &PageCtx, scope: &Scope) -> AppResult<String> {
    Ok(match *scope {
        Scope::National => page.t("scope-national"),
        Scope::Region { region } => {
            let r = store.region(region).await?;
            page.pick(&r.name_ar, &r.name_fr).to_string()
        }
        Scope::School { school, .. } => {
            let s = store.school(school).await?;
            s.name(page.locale).to_string()
        }
        Scope::Class { class, school, .. } => {
            let c = store.class(class).await?;
            let s = store.school(school).await?;
            format!("{} — {}", c.name, s.name(page.locale))
        }
    })
}

/// `GET /`: the person's home; anonymous visitors are sent to sign in.
pub async fn home(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    let store = &state.store;
    let mut roles = Vec::new();
    for g in &session.grants {
        roles.push(RoleLine {
            role_key: format!("role-{}", g.role.as_str()),
            place: place_of(store, &page, &g.scope).await?,
        });
    }
    let user_id = session.user.id;
    let is_pupil = holds(&session, &[Role::Pupil, Role::Trainee]);
    let is_teacher = holds(&session, &[Role::Teacher, Role::VocationalTrainer]);
    let is_parent = holds(&session, &[Role::Parent]);
    let classes = if is_pupil || is_teacher {
        store.classes_of(user_id).await?
    } else {
        Vec::new()
    };
    let (my_classes, taught) = if is_teacher {
        let mut taught = Vec::new();
        for c in classes {
            if store.teaches(user_id, c.class.id).await? {
                taught.push(c);
            }
        }
        (Vec::new(), taught)
    } else {
        (classes, Vec::new())
    };
    let mut children = Vec::new();
    if is_parent {
        for child in store.children_of(user_id).await? {
            let classes = store.classes_of(child.id).await?;
            children.push(Child {
                user: child,
                classes,
            });
        }
    }
    let scopes = admin_scopes(&session.grants);
    let admin_counts = if scopes.is_empty() {
        None
    } else {
        Some(store.scope_counts(&scopes).await?)
    };
    let other_roles = session
        .grants
        .iter()
        .filter(|g| matches!(g.role, Role::VolunteerTutor | Role::SupportAgent))
        .map(|g| format!("home-role-{}", g.role.as_str()))
        .collect();
    let continuing = if is_pupil {
        store.continue_watching(user_id, 6).await?
    } else {
        Vec::new()
    };
    render(&HomePage {
        continuing,
        is_editor: super::capsules::access::is_editor(Some(&session)),
        page,
        roles,
        my_classes,
        taught,
        children,
        admin_counts,
        is_pupil,
        is_teacher,
        is_parent,
        other_roles,
    })
}

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage {
    page: PageCtx,
    class: lawha_store::Class,
    school_name: String,
    members: Vec<User>,
}

/// `GET /classes/{id}`: the pupils of a class, for its teachers and the admins above it.
pub async fn class_roster(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let store = &state.store;
    let class = store.class(id).await?;
    let is_admin = lawha_core::role::can_administer(&session.grants, &class.scope());
    let teaches = holds(&session, &[Role::Teacher, Role::VocationalTrainer])
        && store.teaches(session.user.id, id).await?;
    if !is_admin && !teaches {
        return Err(AppError::Forbidden);
    }
    let school = store.school(class.school_id).await?;
    let members = store.class_members(id).await?;
    render(&RosterPage {
        school_name: school.name(page.locale).to_string(),
        page,
        class,
        members,
    })
}
