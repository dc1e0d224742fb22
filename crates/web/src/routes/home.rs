//! The home page, one section per role the person holds, and a class's roster.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::role::admin_scopes;
use lawha_core::{Role, Scope};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::learning::assignments::{Todo, Work};
use lawha_store::learning::watching::CapsuleView;
use lawha_store::live::listing::Upcoming;
use lawha_store::{ClassSummary, ScopeCounts, SessionInfo, Store, User};

use super::curriculum::{level_link, subject_links, LevelLink, SubjectLink};
use crate::error::AppResult;
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// Announcements shown on the home page (the rest are under `/announcements`).
const HOME_ANNOUNCEMENTS: i64 = 5;

/// A role the person holds, with where it applies, for display.
pub struct RoleLine {
    pub role_key: String,
    pub place: String,
}

/// A child a parent follows, with their class and their live sessions.
pub struct Child {
    pub user: User,
    pub classes: Vec<ClassSummary>,
    pub live: LiveLines,
}

/// A level (or programme) the pupil learns at, with its subjects that have lessons.
pub struct LevelSubjects {
    pub level: LevelLink,
    pub subjects: Vec<SubjectLink>,
}

/// The levels of the pupil's classes, each once, in the order of the classes.
fn levels_of(
    catalog: &lawha_store::catalog::snapshot::CatalogSnapshot,
    classes: &[ClassSummary],
) -> Vec<LevelSubjects> {
    let mut levels: Vec<LevelSubjects> = Vec::new();
    for c in classes {
        let Some(code) = c
            .class
            .level_code
            .as_ref()
            .or(c.class.programme_code.as_ref())
        else {
            continue;
        };
        if levels.iter().any(|l| l.level.code == *code) {
            continue;
        }
        // A class whose level the reference no longer knows shows no subjects, not an error.
        if let Ok(level) = level_link(code) {
            levels.push(LevelSubjects {
                subjects: subject_links(catalog, &level.code),
                level,
            });
        }
    }
    levels
}

/// "Live now" and "next session", as read (title, link, when).
#[derive(Default)]
pub struct LiveLines {
    pub now: Vec<(uuid::Uuid, String)>,
    pub next: Option<(uuid::Uuid, String, String)>,
}

impl LiveLines {
    fn of(upcoming: Upcoming, page: &PageCtx, zone: chrono_tz::Tz) -> LiveLines {
        LiveLines {
            now: upcoming
                .live_now
                .into_iter()
                .map(|s| (s.session.id, s.session.title))
                .collect(),
            next: upcoming.next.map(|s| {
                let when = super::live::when(page, zone, &s.occurrence);
                (s.session.id, s.session.title, when)
            }),
        }
    }
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
    /// The pupil's or trainee's live sessions.
    live: LiveLines,
    admin_counts: Option<ScopeCounts>,
    is_pupil: bool,
    is_teacher: bool,
    is_parent: bool,
    /// Roles whose own tools arrive in later releases (tutoring, production, support).
    other_roles: Vec<String>,
    /// Capsules the pupil started and has not finished.
    continuing: Vec<(Capsule, CapsuleView)>,
    /// Work assigned to the pupil and not done yet, the earliest due first.
    todo: Vec<Todo>,
    /// Work the pupil has done (shown folded, after the open work).
    done: Vec<Todo>,
    /// The pupil's day, to tell overdue work.
    today: chrono::NaiveDate,
    /// Revision items due now (FSRS, see `/revision`).
    revision_due: i64,
    /// The levels of the pupil's classes and their subjects.
    levels: Vec<LevelSubjects>,
    is_editor: bool,
    /// Announcements concerning the person, newest first (unread ones marked).
    announcements: Vec<lawha_store::announcements::Seen>,
}

impl HomePage {
    fn todo_href(&self, todo: &Todo) -> String {
        match todo.assignment.work {
            Work::Capsule(id) => format!("/capsules/{id}"),
            Work::Set(id) => format!("/exercises/{id}"),
        }
    }
}

fn holds(session: &SessionInfo, roles: &[Role]) -> bool {
    session.grants.iter().any(|g| roles.contains(&g.role))
}

/// Describes where a grant applies, in the page's language; `classes` are the person's
/// classes already read, whose names a class grant needs no query for.
async fn place_of(
    store: &Store,
    page: &PageCtx,
    scope: &Scope,
    classes: &[ClassSummary],
) -> AppResult<String> {
    if let Scope::Class { class, .. } = *scope {
        if let Some(known) = classes.iter().find(|c| c.class.id == class) {
            let school = page.pick(&known.school_name_ar, &known.school_name_fr);
            return Ok(format!("{} — {}", known.class.name, school));
        }
    }
    Ok(match *scope {
        Scope::National => page.t("scope-national"),
        Scope::Region { region } => {
            let r = store.org().region(region).await?;
            page.pick(&r.name_ar, &r.name_fr).to_string()
        }
        Scope::School { school, .. } => {
            let s = store.org().school(school).await?;
            s.name(page.locale).to_string()
        }
        Scope::Class { class, school, .. } => {
            let c = store.org().class(class).await?;
            let s = store.org().school(school).await?;
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
    let user_id = session.user.id;
    let is_pupil = holds(&session, &[Role::Pupil, Role::Trainee]);
    let is_teacher = holds(&session, &[Role::Teacher, Role::VocationalTrainer]);
    let is_parent = holds(&session, &[Role::Parent]);
    let classes = if is_pupil || is_teacher {
        store.accounts().classes_of(user_id).await?
    } else {
        Vec::new()
    };
    let mut roles = Vec::new();
    for g in &session.grants {
        roles.push(RoleLine {
            role_key: format!("role-{}", g.role.as_str()),
            place: place_of(store, &page, &g.scope, &classes).await?,
        });
    }
    let (my_classes, taught) = if is_teacher {
        let mut taught = Vec::new();
        for c in classes {
            if store.accounts().teaches(user_id, c.class.id).await? {
                taught.push(c);
            }
        }
        (Vec::new(), taught)
    } else {
        (classes, Vec::new())
    };
    let mut children = Vec::new();
    if is_parent {
        for child in store.accounts().children_of(user_id).await? {
            let classes = store.accounts().classes_of(child.id).await?;
            let upcoming = store.live().upcoming_for(child.id, state.now()).await?;
            children.push(Child {
                live: LiveLines::of(upcoming, &page, state.config.time_zone),
                user: child,
                classes,
            });
        }
    }
    let scopes = admin_scopes(&session.grants);
    let admin_counts = if scopes.is_empty() {
        None
    } else {
        Some(store.accounts().scope_counts(&scopes).await?)
    };
    let other_roles = session
        .grants
        .iter()
        .filter(|g| matches!(g.role, Role::VolunteerTutor | Role::SupportAgent))
        .map(|g| format!("home-role-{}", g.role.as_str()))
        .collect();
    let live = if is_pupil {
        let upcoming = store.live().upcoming_for(user_id, state.now()).await?;
        LiveLines::of(upcoming, &page, state.config.time_zone)
    } else {
        LiveLines::default()
    };
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let (continuing, all_todo, revision_due, levels) = if is_pupil {
        (
            store.learning().continue_watching(user_id, 6).await?,
            store.learning().pupil_todo(user_id, 10).await?,
            store.learning().due_count(user_id, state.now()).await?,
            levels_of(&*state.catalog().await?, &my_classes),
        )
    } else {
        (Vec::new(), Vec::new(), 0, Vec::new())
    };
    let (done, todo): (Vec<Todo>, Vec<Todo>) =
        all_todo.into_iter().partition(|t| t.completed_at.is_some());
    let announcements = store
        .announcements()
        .for_person(user_id, today, HOME_ANNOUNCEMENTS)
        .await?;
    let unread: Vec<uuid::Uuid> = announcements
        .iter()
        .filter(|s| !s.read)
        .map(|s| s.announcement.id)
        .collect();
    let response = render(&HomePage {
        announcements,
        continuing,
        todo,
        done,
        today,
        revision_due,
        levels,
        is_editor: super::capsules::access::is_editor(Some(&session)),
        page,
        roles,
        my_classes,
        taught,
        children,
        live,
        admin_counts,
        is_pupil,
        is_teacher,
        is_parent,
        other_roles,
    })?;
    // Seen on this page: read from now on (marked new this once).
    store.announcements().mark_read(user_id, &unread).await?;
    Ok(response)
}
