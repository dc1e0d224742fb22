//! Governance dashboards for school, regional (AREF) and ministry administrators: usage and
//! progress of a scope over a period, its children (regions, provinces, schools) and its
//! levels and subjects, the national map, time series, the most watched and least
//! completed capsules, and curriculum coverage — charts drawn as SVG on the server with a
//! table beside each, every table exportable as CSV.
//!
//! Privacy: figures come only from rollups (never individual pupils), and a group under
//! `MIN_GROUP` pupils shows nothing but a note; each administrator sees only their scope.
//!
//! A request goes query ([`query`]) → view model ([`view`], from [`groups`], [`lists`],
//! [`days`], [`map`]) → page ([`template`], with [`charts`]) or CSV ([`export`]).

mod charts;
mod days;
mod export;
mod figures;
mod groups;
mod lists;
mod map;
mod query;
mod scope;
mod template;
mod view;
mod vocational;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::{Role, Scope};
use lawha_store::SessionInfo;
use uuid::Uuid;

use self::query::DashQuery;
use self::scope::DashScope;
use self::template::DashboardPage;
use self::view::Dashboard;
pub use self::vocational::show as vocational;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// `GET /dashboards`: the viewer's widest scope.
pub async fn index(State(state): State<AppState>, Signed(session): Signed) -> AppResult<Response> {
    for role in [Role::MinistryAdmin, Role::RegionalAdmin, Role::SchoolAdmin] {
        if let Some(g) = session.grants.iter().find(|g| g.role == role) {
            let target = match g.scope {
                Scope::National => DashScope::National,
                Scope::Region { region } => DashScope::Region(region),
                Scope::School { region, school } | Scope::Class { region, school, .. } => {
                    let province = state.store.org().school(school).await?.province_id;
                    DashScope::School {
                        region,
                        province,
                        school,
                    }
                }
            };
            return Ok(Redirect::to(&target.href()).into_response());
        }
    }
    Err(AppError::Forbidden)
}

pub async fn national(
    state: State<AppState>,
    Signed(s): Signed,
    page: PageCtx,
    q: Query<DashQuery>,
) -> AppResult<Response> {
    dashboard(state, s, page, DashScope::National, q).await
}

pub async fn region(
    state: State<AppState>,
    Signed(s): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    q: Query<DashQuery>,
) -> AppResult<Response> {
    state.store.org().region(id).await?;
    dashboard(state, s, page, DashScope::Region(id), q).await
}

pub async fn province(
    state: State<AppState>,
    Signed(s): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    q: Query<DashQuery>,
) -> AppResult<Response> {
    let p = state.store.org().province(id).await?;
    dashboard(
        state,
        s,
        page,
        DashScope::Province {
            region: p.region_id,
            province: id,
        },
        q,
    )
    .await
}

pub async fn school(
    state: State<AppState>,
    Signed(s): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    q: Query<DashQuery>,
) -> AppResult<Response> {
    let school = state.store.org().school(id).await?;
    let scope = DashScope::School {
        region: school.region_id,
        province: school.province_id,
        school: id,
    };
    dashboard(state, s, page, scope, q).await
}

/// The dashboard of `scope`, as a page or one of its tables as CSV.
async fn dashboard(
    State(state): State<AppState>,
    session: SessionInfo,
    page: PageCtx,
    scope: DashScope,
    Query(query): Query<DashQuery>,
) -> AppResult<Response> {
    scope.require(&session)?;
    let dash = Dashboard::load(&state, scope, &page, &session, query.days()).await?;
    match query.export {
        Some(table) => export::csv_download(&page, &dash, table),
        None => render(&DashboardPage::new(page, dash, query.section())),
    }
}
