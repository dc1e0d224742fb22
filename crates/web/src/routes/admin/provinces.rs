//! Provinces (provincial directorates): the list within the admin's regions, and the form
//! that creates one. Regional and ministry admins only.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::{validate, Scope};
use serde::Deserialize;

use super::pagination::{page_of, ListQuery, Pager};
use super::shared::{back_with_notice, check_name, regions_in_scope, unprocessable, RegionOption};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::forms::{FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::{Admin, OrgAdmin};
use crate::AppState;

/// The create form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProvinceFields {
    /// The region's code.
    pub region: String,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
}

#[derive(Debug, Clone)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub region: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/provinces.html")]
struct ProvincesPage {
    page: PageCtx,
    regions: Vec<RegionOption>,
    /// The region filter (a code); "" for every region in scope.
    region: String,
    q: String,
    items: Vec<ProvinceRow>,
    pager: Pager,
    form: ProvinceFields,
    errors: FieldErrors,
    notice_key: &'static str,
}

async fn build(
    state: &AppState,
    admin: &Admin,
    page: PageCtx,
    query: &ListQuery,
    form: ProvinceFields,
    errors: FieldErrors,
) -> AppResult<ProvincesPage> {
    let regions = regions_in_scope(&state.store, admin, page.locale).await?;
    let region = query
        .region
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    let only = if region.is_empty() {
        None
    } else {
        // A region outside the admin's scope is not theirs to list.
        let r = regions.iter().find(|r| r.code == region);
        Some(r.ok_or(AppError::NotFound)?.id)
    };
    let needle = query.text().to_lowercase();
    let rows: Vec<ProvinceRow> = state
        .store
        .org()
        .provinces(only)
        .await?
        .into_iter()
        .filter_map(|p| {
            let region = regions.iter().find(|r| r.id == p.region_id)?;
            let matches = needle.is_empty()
                || [&p.code, &p.name_ar, &p.name_fr]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&needle));
            matches.then(|| ProvinceRow {
                name: page.pick(&p.name_ar, &p.name_fr).to_string(),
                code: p.code,
                region: region.label.clone(),
                active: p.active,
            })
        })
        .collect();
    let paged = page_of(&rows, query.page());
    let q = query.text();
    let pager = Pager::new(
        page.locale,
        &paged,
        "/admin/provinces",
        &[("q", &q), ("region", &region)],
    );
    let notice_key = query.notice(NOTICES);
    Ok(ProvincesPage {
        page,
        regions,
        region,
        q,
        items: paged.items,
        pager,
        form,
        errors,
        notice_key,
    })
}

/// The notices after a province change: `done` code → message key.
const NOTICES: &[(&str, &str)] = &[("created", "provinces-created")];

/// `GET /admin/provinces`: provinces in the admin's regions, with a create form.
pub async fn list(
    State(state): State<AppState>,
    OrgAdmin(admin): OrgAdmin,
    page: PageCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    // Preselect the filtered region in the create form.
    let form = ProvinceFields {
        region: query.region.clone().unwrap_or_default(),
        ..ProvinceFields::default()
    };
    render(&build(&state, &admin, page, &query, form, FieldErrors::default()).await?)
}

/// `POST /admin/provinces`: creates a province in a region the admin covers.
pub async fn create(
    State(state): State<AppState>,
    OrgAdmin(admin): OrgAdmin,
    page: PageCtx,
    Form(form): Form<ProvinceFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let code = form.region.as_str();
    let region = state
        .store
        .org()
        .regions()
        .await?
        .into_iter()
        .find(|r| r.code == code);
    match &region {
        Some(r) if !admin.covers(&Scope::Region { region: r.id }) => {
            return Err(AppError::Forbidden)
        }
        Some(_) => {}
        None if code.is_empty() => errors.add("region", "required"),
        None => errors.add("region", "unknown-region"),
    }
    if let Err(e) = validate::org_code(&form.code) {
        errors.add("code", e.code);
    }
    let name_ar = check_name(&form.name_ar, "name_ar", &mut errors);
    let name_fr = check_name(&form.name_fr, "name_fr", &mut errors);
    if let (Some(region), true) = (&region, errors.is_empty()) {
        let created = state
            .store
            .org()
            .create_province(region.id, &form.code, &name_ar, &name_fr)
            .await;
        if let Some(p) = errors.saved(created, "code")? {
            tracing::info!(province = %p.id, "province created");
            return back_with_notice("/admin/provinces", "created");
        }
    }
    let query = ListQuery::default();
    unprocessable(&build(&state, &admin, page, &query, form, errors).await?)
}
