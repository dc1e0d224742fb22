//! Schools: the list within the admin's scopes, creating them (regional and ministry admins),
//! editing them (a school admin may rename their own school but not move it), and
//! deactivating them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_store::{ListFilter, School, SchoolKind};
use uuid::Uuid;

use super::pagination::{ListQuery, Pager};
use super::school_form::{
    fields_of, kind_key, province_field, read_input, SchoolFields, SchoolForm,
};
use super::shared::{
    back_with_notice, org_covers, parse_active, parse_id, unprocessable, AdminPage,
};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::{ActiveField, FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::{Admin, OrgAdmin};
use crate::AppState;

pub struct SchoolRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind_key: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/schools.html")]
struct SchoolsPage {
    page: PageCtx,
    q: String,
    inactive: bool,
    items: Vec<SchoolRow>,
    pager: Pager,
    can_create: bool,
    notice_key: &'static str,
}

/// The notices after a school change: `done` code → message key.
const NOTICES: &[(&str, &str)] = &[
    ("created", "schools-created"),
    ("saved", "saved"),
    ("deactivated", "schools-deactivated"),
    ("reactivated", "schools-reactivated"),
];

/// `GET /admin/schools`: schools in the admin's scopes.
pub async fn list(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let filter = ListFilter {
        scopes: admin.scopes.clone(),
        query: query.query(),
        include_inactive: query.include_inactive(),
        ..ListFilter::default()
    };
    let paged = state
        .store
        .org()
        .list_schools(&filter, query.page())
        .await?;
    let q = query.text();
    let inactive = if query.include_inactive() { "1" } else { "" };
    let pager = Pager::new(
        page.locale,
        &paged,
        "/admin/schools",
        &[("q", &q), ("inactive", inactive)],
    );
    let items = paged
        .items
        .iter()
        .map(|s| SchoolRow {
            id: s.id,
            code: s.code.clone(),
            name: s.name(page.locale).to_string(),
            kind_key: kind_key(s.kind).to_string(),
            active: s.active,
        })
        .collect();
    render(&SchoolsPage {
        notice_key: "",
        page,
        q,
        inactive: query.include_inactive(),
        items,
        pager,
        can_create: admin.above_school(),
    })
}
/// The school at `id` if the admin covers it; others are not found.
async fn load(state: &AppState, admin: &Admin, id: &str) -> AppResult<School> {
    let school = state.store.org().school(parse_id(id)?).await?;
    if !admin.covers(&school.scope()) {
        return Err(AppError::NotFound);
    }
    Ok(school)
}
/// `GET /admin/schools/new`.
pub async fn new_form(
    State(state): State<AppState>,
    OrgAdmin(admin): OrgAdmin,
    page: PageCtx,
) -> AppResult<Response> {
    let form = SchoolFields {
        kind: SchoolKind::School.as_str().to_string(),
        ..SchoolFields::default()
    };
    let view = SchoolForm::new(&state, &admin, page, None, form, FieldErrors::default()).await?;
    render(&view)
}

/// `POST /admin/schools`: creates a school in a province the admin covers.
pub async fn create(
    State(state): State<AppState>,
    OrgAdmin(admin): OrgAdmin,
    page: PageCtx,
    Form(form): Form<SchoolFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let province = province_field(&state, &admin, &form, &mut errors).await?;
    let input = read_input(
        &form,
        province.as_ref().map_or(Uuid::nil(), |p| p.id),
        &mut errors,
    );
    if errors.is_empty() {
        let created = state.store.org().create_school(&input).await;
        if let Some(s) = errors.saved(created, "code")? {
            tracing::info!(school = %s.id, "school created");
            return back_with_notice(&format!("/admin/schools/{}", s.id), "created");
        }
    }
    unprocessable(&SchoolForm::new(&state, &admin, page, None, form, errors).await?)
}

/// `GET /admin/schools/{id}`: the edit form.
pub async fn edit(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let school = load(&state, &admin, &id).await?;
    let form = fields_of(&school);
    let mut view = SchoolForm::new(
        &state,
        &admin,
        page,
        Some(school),
        form,
        FieldErrors::default(),
    )
    .await?;
    view.notice_key = query.notice(NOTICES);
    render(&view)
}

/// `POST /admin/schools/{id}`: saves the names, and for regional and ministry admins also
/// the code, kind and province (within the school's region).
pub async fn update(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Form(form): Form<SchoolFields>,
) -> AppResult<Response> {
    let school = load(&state, &admin, &id).await?;
    let mut errors = FieldErrors::default();
    let restructure = org_covers(&admin, &school.scope());
    // A school admin edits the names only; the rest stays as it is.
    let form = if restructure {
        form
    } else {
        SchoolFields {
            name_ar: form.name_ar,
            name_fr: form.name_fr,
            ..fields_of(&school)
        }
    };
    let input = if restructure {
        let province = province_field(&state, &admin, &form, &mut errors).await?;
        if province
            .as_ref()
            .is_some_and(|p| p.region_id != school.region_id)
        {
            errors.add("province", "province-other-region");
        }
        read_input(&form, province.map_or(Uuid::nil(), |p| p.id), &mut errors)
    } else {
        read_input(&form, school.province_id, &mut errors)
    };
    if errors.is_empty() {
        let updated = state.store.org().update_school(school.id, &input).await;
        if errors.saved(updated, "code")?.is_some() {
            return back_with_notice(&format!("/admin/schools/{}", school.id), "saved");
        }
    }
    unprocessable(&SchoolForm::new(&state, &admin, page, Some(school), form, errors).await?)
}

/// `POST /admin/schools/{id}/active`: deactivates (`active=0`) or reactivates (`active=1`).
pub async fn set_active(
    State(state): State<AppState>,
    OrgAdmin(admin): OrgAdmin,
    Path(id): Path<String>,
    Form(form): Form<ActiveField>,
) -> AppResult<Response> {
    let school = load(&state, &admin, &id).await?;
    if !org_covers(&admin, &school.scope()) {
        return Err(AppError::Forbidden);
    }
    let active = parse_active(&form.active)?;
    state
        .store
        .org()
        .set_school_active(school.id, active)
        .await?;
    tracing::info!(school = %school.id, active, "school activation changed");
    let done = if active { "reactivated" } else { "deactivated" };
    back_with_notice(&format!("/admin/schools/{}", school.id), done)
}
