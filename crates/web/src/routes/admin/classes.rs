//! Classes (and groups of trainees): the list within the admin's scopes, creating, editing
//! and deactivating them. A class stays in the school it was created in.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_store::{Class, Level, ListFilter, Paged, School};
use uuid::Uuid;

use super::class_form::{fields_of, read_input, ClassFields, ClassForm};
use super::pagination::{ListQuery, Pager};
use super::shared::{
    back_with_notice, current_school_year, parse_active, parse_id, school_in_scope, unprocessable,
    AdminPage, SchoolChoice,
};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::{ActiveField, FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::Admin;
use crate::AppState;

pub struct ClassRow {
    pub id: Uuid,
    pub name: String,
    pub year: String,
    pub level: String,
    pub school: String,
    pub pupils: i64,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/classes.html")]
struct ClassesPage {
    page: PageCtx,
    q: String,
    inactive: bool,
    /// The school filter (a code); "" for all.
    school: String,
    schools: SchoolChoice,
    errors: FieldErrors,
    items: Vec<ClassRow>,
    pager: Pager,
    notice_key: &'static str,
}

/// The name of a level or programme code, in the page's language.
fn level_name(levels: &[Level], page: &PageCtx, code: &str) -> String {
    levels
        .iter()
        .find(|l| l.code == code)
        .map(|l| page.pick(&l.name_ar, &l.name_fr).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The notices after a class change: `done` code → message key.
const NOTICES: &[(&str, &str)] = &[
    ("created", "classes-created"),
    ("saved", "saved"),
    ("deactivated", "classes-deactivated"),
    ("reactivated", "classes-reactivated"),
];

/// `GET /admin/classes`: classes in the admin's scopes, optionally of one school.
pub async fn list(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let school = query.school_code();
    let mut errors = FieldErrors::default();
    let only = if school.is_empty() {
        None
    } else {
        match school_in_scope(store, &admin, &school).await? {
            Some(s) => Some(s.id),
            None => {
                errors.add("school", "unknown-school");
                None
            }
        }
    };
    let filter = ListFilter {
        scopes: admin.scopes.clone(),
        query: query.query(),
        include_inactive: query.include_inactive(),
        school: only,
        ..ListFilter::default()
    };
    let paged = if errors.is_empty() {
        store.org().list_classes(&filter, query.page()).await?
    } else {
        Paged {
            items: Vec::new(),
            total: 0,
            number: 1,
            size: 1,
        }
    };
    let levels = store.org().levels_and_programmes().await?;
    let items = paged
        .items
        .iter()
        .map(|c| ClassRow {
            id: c.class.id,
            name: c.class.name.clone(),
            year: c.class.school_year.clone(),
            level: level_name(&levels, &page, c.class.level_or_programme()),
            school: page.pick(&c.school_name_ar, &c.school_name_fr).to_string(),
            pupils: c.pupils,
            active: c.class.active,
        })
        .collect();
    let q = query.text();
    let inactive = if query.include_inactive() { "1" } else { "" };
    let pager = Pager::new(
        page.locale,
        &paged,
        "/admin/classes",
        &[("q", &q), ("school", &school), ("inactive", inactive)],
    );
    render(&ClassesPage {
        schools: SchoolChoice::load(store, &admin, page.locale).await?,
        page,
        q,
        inactive: query.include_inactive(),
        school,
        errors,
        items,
        pager,
        notice_key: "",
    })
}
/// The class at `id` and its school, if the admin covers it; others are not found.
async fn load(state: &AppState, admin: &Admin, id: &str) -> AppResult<(Class, School)> {
    let class = state.store.org().class(parse_id(id)?).await?;
    if !admin.covers(&class.scope()) {
        return Err(AppError::NotFound);
    }
    let school = state.store.org().school(class.school_id).await?;
    Ok((class, school))
}
/// `GET /admin/classes/new` (`?school=CODE` preselects the school).
pub async fn new_form(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let mut school = query.school_code();
    if school.is_empty() && admin.scopes.len() == 1 {
        // A school admin has one school: preselect it.
        if let Some(s) = admin.scopes.first().and_then(|s| s.school()) {
            school = state.store.org().school(s).await?.code;
        }
    }
    let form = ClassFields {
        school,
        school_year: current_school_year(state.now()),
        ..ClassFields::default()
    };
    let view = ClassForm::new(&state, &admin, page, None, form, FieldErrors::default()).await?;
    render(&view)
}

/// `POST /admin/classes`: creates a class in a school the admin covers.
pub async fn create(
    AdminPage { state, admin, page }: AdminPage,
    Form(form): Form<ClassFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let school = school_in_scope(&state.store, &admin, &form.school).await?;
    if school.is_none() {
        let code = if form.school.is_empty() {
            "required"
        } else {
            "unknown-school"
        };
        errors.add("school", code);
    }
    let input = read_input(&form, school.as_ref(), &mut errors);
    if let (Some(input), true) = (input, errors.is_empty()) {
        let created = state.store.org().create_class(&input).await;
        if let Some(c) = errors.saved(created, "name")? {
            tracing::info!(class = %c.id, "class created");
            return back_with_notice(&format!("/admin/classes/{}", c.id), "created");
        }
    }
    unprocessable(&ClassForm::new(&state, &admin, page, None, form, errors).await?)
}

/// `GET /admin/classes/{id}`: the edit form, with a link to the roster.
pub async fn edit(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let (class, school) = load(&state, &admin, &id).await?;
    let form = fields_of(&class);
    let existing = Some((class, school));
    let mut view =
        ClassForm::new(&state, &admin, page, existing, form, FieldErrors::default()).await?;
    view.notice_key = query.notice(NOTICES);
    render(&view)
}

/// `POST /admin/classes/{id}`: renames a class or changes its year or level.
pub async fn update(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Form(form): Form<ClassFields>,
) -> AppResult<Response> {
    let (class, school) = load(&state, &admin, &id).await?;
    let mut errors = FieldErrors::default();
    let input = read_input(&form, Some(&school), &mut errors);
    if let (Some(input), true) = (input, errors.is_empty()) {
        let updated = state.store.org().update_class(class.id, &input).await;
        if errors.saved(updated, "name")?.is_some() {
            return back_with_notice(&format!("/admin/classes/{}", class.id), "saved");
        }
    }
    let existing = Some((class, school));
    unprocessable(&ClassForm::new(&state, &admin, page, existing, form, errors).await?)
}

/// `POST /admin/classes/{id}/active`: deactivates (`active=0`) or reactivates (`active=1`).
pub async fn set_active(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ActiveField>,
) -> AppResult<Response> {
    let (class, _) = load(&state, &admin, &id).await?;
    let active = parse_active(&form.active)?;
    state.store.org().set_class_active(class.id, active).await?;
    tracing::info!(class = %class.id, active, "class activation changed");
    let done = if active { "reactivated" } else { "deactivated" };
    back_with_notice(&format!("/admin/classes/{}", class.id), done)
}
