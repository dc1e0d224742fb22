//! `GET|POST /live/new`: scheduling a session for a class or group, a programme's groups in
//! an establishment, or a staff meeting (one invitation line: a role within one of the
//! scheduler's scopes), once or weekly. The form is drawn back with each problem at its
//! field; who may schedule for what is the store's rule, applied in its transaction (a class
//! of another school, forged into the form, is refused at the `class_id` field).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use lawha_core::live::{Audience, Invitation, Repeat, SessionDraft};
use lawha_core::role::admin_scopes;
use lawha_core::{Role, Scope};
use lawha_store::{ClassSummary, SessionInfo, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppResult;
use crate::forms::{FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Draft {
    title: String,
    /// `class`, `programme` or `staff`.
    kind: String,
    class_id: String,
    programme: String,
    /// The establishment of a programme session (one of the scheduler's schools).
    school_id: String,
    invite_role: String,
    /// The scope key of a staff meeting's invitation (one of the scheduler's scopes).
    invite_scope: String,
    date: String,
    start: String,
    end: String,
    /// `once` or `weekly`.
    repeat: String,
    until: String,
}

/// A choice in a select.
pub struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "live/new.html")]
struct NewSessionPage {
    page: PageCtx,
    form: Draft,
    errors: FieldErrors,
    classes: Vec<Choice>,
    schools: Vec<Choice>,
    scopes: Vec<Choice>,
    roles: Vec<Choice>,
    engine: bool,
}

/// Roles that teach, train or administer: those who may schedule something.
pub fn may_schedule_something(viewer: &SessionInfo) -> bool {
    viewer
        .grants
        .iter()
        .any(|g| matches!(g.role, Role::Teacher | Role::VocationalTrainer) || g.role.is_admin())
}

/// The establishments where the viewer trains or administers (programme sessions).
fn schools_of(viewer: &SessionInfo) -> Vec<Scope> {
    let mut out: Vec<Scope> = viewer
        .grants
        .iter()
        .filter(|g| g.role == Role::VocationalTrainer || g.role.is_admin())
        .filter(|g| matches!(g.scope, Scope::School { .. }))
        .map(|g| g.scope)
        .collect();
    out.dedup();
    out
}

async fn choices(
    state: &AppState,
    viewer: &SessionInfo,
    page: &PageCtx,
) -> AppResult<(Vec<Choice>, Vec<Choice>, Vec<Choice>, Vec<Choice>)> {
    let store = &state.store;
    let mut classes = Vec::new();
    let summaries: Vec<ClassSummary> = store.accounts().classes_of(viewer.user.id).await?;
    for c in summaries {
        if store.accounts().teaches(viewer.user.id, c.class.id).await? {
            classes.push(Choice {
                value: c.class.id.to_string(),
                label: format!(
                    "{} — {}",
                    c.class.name,
                    page.pick(&c.school_name_ar, &c.school_name_fr)
                ),
            });
        }
    }
    let mut schools = Vec::new();
    for scope in schools_of(viewer) {
        if let Some(id) = scope.school() {
            let school = store.org().school(id).await?;
            schools.push(Choice {
                value: id.to_string(),
                label: school.name(page.locale).to_string(),
            });
        }
    }
    let mut scopes = Vec::new();
    for scope in admin_scopes(&viewer.grants) {
        let label = match scope {
            Scope::National => page.t("scope-national"),
            Scope::Region { region } => {
                let r = store.org().region(region).await?;
                page.pick(&r.name_ar, &r.name_fr).to_string()
            }
            Scope::School { school, .. } => store
                .org()
                .school(school)
                .await?
                .name(page.locale)
                .to_string(),
            Scope::Class { .. } => continue,
        };
        scopes.push(Choice {
            value: scope.key().to_string(),
            label,
        });
    }
    let roles = Role::ALL
        .into_iter()
        .filter(|r| lawha_core::live::session::is_staff(*r))
        .map(|r| Choice {
            value: r.as_str().to_string(),
            label: page.t(&format!("role-{}", r.as_str())),
        })
        .collect();
    Ok((classes, schools, scopes, roles))
}

async fn draw(
    state: &AppState,
    viewer: &SessionInfo,
    page: PageCtx,
    form: Draft,
    errors: FieldErrors,
) -> AppResult<Response> {
    let (classes, schools, scopes, roles) = choices(state, viewer, &page).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response = render(&NewSessionPage {
        page,
        form,
        errors,
        classes,
        schools,
        scopes,
        roles,
        engine: state.live.is_some(),
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /live/new`: the empty form (for those who may schedule something).
pub async fn form(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    if !may_schedule_something(&viewer) {
        return Err(crate::AppError::Forbidden);
    }
    let form = Draft {
        kind: "class".into(),
        repeat: "once".into(),
        ..Draft::default()
    };
    draw(&state, &viewer, page, form, FieldErrors::default()).await
}

/// A local date and time on the platform's clock, as an instant.
fn instant(zone: Tz, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&NaiveDateTime::new(day, time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The draft's audience, or the errors of its fields.
fn audience(viewer: &SessionInfo, form: &Draft, errors: &mut FieldErrors) -> Option<Audience> {
    match form.kind.as_str() {
        "class" => match Uuid::parse_str(&form.class_id) {
            Ok(class) => Some(Audience::Class(class)),
            Err(_) => {
                errors.add("class_id", "required");
                None
            }
        },
        "programme" => match Uuid::parse_str(&form.school_id) {
            Ok(school) => Some(Audience::Programme {
                school,
                programme: form.programme.clone(),
            }),
            Err(_) => {
                errors.add("school_id", "required");
                None
            }
        },
        "staff" => {
            let role = Role::parse(&form.invite_role);
            let scope = admin_scopes(&viewer.grants)
                .into_iter()
                .find(|s| s.key().to_string() == form.invite_scope);
            match (role, scope, form.invite_role.is_empty()) {
                // No line at all: a meeting inviting nobody.
                (None, _, true) => Some(Audience::Staff(Vec::new())),
                (Some(role), Some(scope), _) => {
                    Some(Audience::Staff(vec![Invitation { role, scope }]))
                }
                (None, _, false) => {
                    errors.add("invite_role", "unknown-role");
                    None
                }
                (Some(_), None, _) => {
                    errors.add("invite_scope", "required");
                    None
                }
            }
        }
        _ => {
            errors.add("kind", "required");
            None
        }
    }
}

/// The form field a problem of the rules or the store belongs to.
fn field_of(problem: &str) -> &'static str {
    match problem {
        "title" => "title",
        "audience" => "kind",
        "invitees" => "invite_role",
        "starts_at" => "start",
        "ends_at" => "end",
        "until" => "until",
        _ => "title",
    }
}

/// `POST /live/new`: schedules the session and opens its page, or draws the form again.
pub async fn submit(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
    Form(form): Form<Draft>,
) -> AppResult<Response> {
    if !may_schedule_something(&viewer) {
        return Err(crate::AppError::Forbidden);
    }
    let zone = state.config.time_zone;
    let mut errors = FieldErrors::default();
    let day = NaiveDate::parse_from_str(&form.date, "%Y-%m-%d").ok();
    if day.is_none() {
        errors.add("date", "required");
    }
    let time = |field: &'static str, value: &str, errors: &mut FieldErrors| {
        let parsed = NaiveTime::parse_from_str(value, "%H:%M").ok();
        if parsed.is_none() {
            errors.add(field, "required");
        }
        parsed
    };
    let start = time("start", &form.start, &mut errors);
    let end = time("end", &form.end, &mut errors);
    let repeat = match form.repeat.as_str() {
        "weekly" => Repeat::Weekly {
            until: NaiveDate::parse_from_str(&form.until, "%Y-%m-%d").ok(),
        },
        _ => Repeat::Once,
    };
    let audience = audience(&viewer, &form, &mut errors);
    let (Some(day), Some(start), Some(end), Some(audience)) = (day, start, end, audience) else {
        return draw(&state, &viewer, page, form, errors).await;
    };
    let (Some(starts_at), Some(ends_at)) = (instant(zone, day, start), instant(zone, day, end))
    else {
        errors.add("start", "required");
        return draw(&state, &viewer, page, form, errors).await;
    };
    let draft = SessionDraft {
        title: form.title.clone(),
        host: viewer.user.id,
        audience,
        starts_at,
        ends_at,
        repeat,
        zone,
    };
    let valid = match draft.validate(state.now()) {
        Ok(valid) => valid,
        Err(problems) => {
            for (field, error) in problems {
                errors.add(field_of(field), error.code);
            }
            return draw(&state, &viewer, page, form, errors).await;
        }
    };
    match state.store.live().schedule(viewer.user.id, &valid).await {
        Ok(session) => {
            tracing::info!(session = %session.id, "live session scheduled");
            Ok(Redirect::to(&format!("/live/{}", session.id)).into_response())
        }
        Err(StoreError::NotFound) => {
            // Outside the scheduler's scope, or gone: said at the audience's field.
            let field = match form.kind.as_str() {
                "class" => "class_id",
                "programme" => "school_id",
                _ => "invite_scope",
            };
            errors.add(field, "not-yours");
            draw(&state, &viewer, page, form, errors).await
        }
        Err(StoreError::Invalid { field, error }) => {
            errors.add(field_of(field), error.code);
            draw(&state, &viewer, page, form, errors).await
        }
        Err(StoreError::Conflict(refusal)) => {
            let field = match refusal {
                lawha_store::Refusal::NoInvitees => "invite_role",
                _ => "start",
            };
            errors.add(field, refusal.code());
            draw(&state, &viewer, page, form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
