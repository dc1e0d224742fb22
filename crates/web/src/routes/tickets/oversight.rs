//! What administrators and authors read of the hotline: the tickets escalated to an
//! administrator (`/help/escalated`), the reports on an author's own capsules and exercise
//! sets (`/help/reports`), and, for AREF and ministry admins, the agents' audit log
//! (`/help/audit`) and the service levels (`/help/levels`: first response and resolution
//! times, backlog by region and category, with a server-drawn chart), each for their
//! regions, or all of them for the ministry.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use lawha_core::help::Category;
use lawha_core::role::{admin_scopes, Grant};
use lawha_core::Role;
use lawha_store::help::AuditEntry;
use lawha_store::{Page, SessionInfo};
use serde::Deserialize;
use uuid::Uuid;

use super::work::{listing, ListQuery};
use super::{page_number, PAGE_SIZE};
use crate::charts::bar::{bar_chart, Bar, BarOptions};
use crate::charts::{ChartText, Direction, Svg};
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::page::{render, PageCtx};
use crate::routes::admin::pagination::Pager;
use crate::session::Signed;
use crate::AppState;

/// How far back the service levels look.
const PERIOD_DAYS: i64 = 30;

/// `GET /help/escalated`: the tickets escalated to this administrator.
pub async fn escalated(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    if admin_scopes(&session.grants).is_empty() {
        return Err(AppError::Forbidden);
    }
    let paged = state
        .store
        .help()
        .escalated(&session.grants, query.filter(), query.page())
        .await?;
    listing(
        page,
        "ticket-escalated-title",
        "/help/escalated",
        &paged,
        query,
    )
}

/// `GET /help/reports`: the problems reported on the signed-in person's content.
pub async fn reports(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let paged = state
        .store
        .help()
        .reports_for(session.user.id, query.filter(), query.page())
        .await?;
    listing(page, "ticket-reports-title", "/help/reports", &paged, query)
}

/// Whether `grants` open the audit log and the service levels: AREF and ministry admins
/// (the dashboards link them for those only).
pub fn oversees(grants: &[Grant]) -> bool {
    grants
        .iter()
        .any(|g| matches!(g.role, Role::RegionalAdmin | Role::MinistryAdmin))
}

/// AREF and ministry admins only.
fn overseer(session: &SessionInfo) -> AppResult<()> {
    match oversees(&session.grants) {
        true => Ok(()),
        false => Err(AppError::Forbidden),
    }
}

/// A region's name by id, in the page's language ("—" for tickets with no region).
async fn region_names(state: &AppState, page: &PageCtx) -> AppResult<Vec<(Uuid, String)>> {
    Ok(state
        .store
        .org()
        .regions()
        .await?
        .into_iter()
        .map(|r| (r.id, page.pick(&r.name_ar, &r.name_fr).to_string()))
        .collect())
}

fn name_of(names: &[(Uuid, String)], id: Option<Uuid>) -> String {
    id.and_then(|id| names.iter().find(|(r, _)| *r == id))
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| "—".into())
}

/// One line of the audit log as shown.
struct AuditLine {
    at: String,
    actor: String,
    action: String,
    target: String,
    region: String,
    ticket: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "tickets/audit.html")]
struct AuditPage {
    page: PageCtx,
    lines: Vec<AuditLine>,
    pager: Pager,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: String,
}

/// `GET /help/audit`: every agent action in the admin's regions, newest first.
pub async fn audit(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Query(query): Query<PageQuery>,
) -> AppResult<Response> {
    overseer(&session)?;
    let paged = state
        .store
        .help()
        .audit_log(
            &session.grants,
            Page::new(page_number(&query.page), PAGE_SIZE),
        )
        .await?;
    let names = region_names(&state, &page).await?;
    let line = |e: &AuditEntry| AuditLine {
        at: page.date(&e.at),
        actor: e.actor_name.clone().unwrap_or_else(|| "—".into()),
        action: page.t(&format!("ticket-action-{}", e.action.as_str())),
        target: e.target_name.clone().unwrap_or_else(|| "—".into()),
        region: name_of(&names, e.region_id),
        ticket: e.ticket_id,
    };
    let lines = paged.items.iter().map(line).collect();
    let pager = Pager::new(page.locale, &paged, "/help/audit", &[]);
    render(&AuditPage { page, lines, pager })
}

/// One row of the service-level table.
struct LevelLine {
    region: String,
    category: String,
    filed: i64,
    open: i64,
    first_response: String,
    resolution: String,
}

#[derive(Template)]
#[template(path = "tickets/levels.html")]
struct LevelsPage {
    page: PageCtx,
    period_days: i64,
    lines: Vec<LevelLine>,
    backlog_chart: Svg,
}

/// A duration in minutes, hours or days, in the page's language ("—" when none).
fn duration(page: &PageCtx, secs: Option<i64>) -> String {
    match secs {
        None => "—".into(),
        Some(s) if s < 3600 => page.tn("ticket-minutes", "count", s / 60),
        Some(s) if s < 86_400 => page.tn("ticket-hours", "count", s / 3600),
        Some(s) => page.tn("ticket-days", "count", s / 86_400),
    }
}

/// `GET /help/levels`: first response and resolution times, backlog by region and
/// category, over the last [`PERIOD_DAYS`] days.
pub async fn levels(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    overseer(&session)?;
    let since = state.now() - Duration::days(PERIOD_DAYS);
    let levels = state
        .store
        .help()
        .service_levels(&session.grants, since)
        .await?;
    let names = region_names(&state, &page).await?;
    let category_name = |c: Category| page.t(&format!("ticket-category-{}", c.as_str()));
    let lines = levels
        .rows
        .iter()
        .map(|b| LevelLine {
            region: name_of(&names, b.region_id),
            category: category_name(b.category),
            filed: b.filed,
            open: b.open,
            first_response: duration(&page, b.first_response_secs),
            resolution: duration(&page, b.resolution_secs),
        })
        .collect();
    let bars: Vec<Bar> = Category::ALL
        .into_iter()
        .map(|c| Bar {
            label: category_name(c),
            value: Some(
                levels
                    .rows
                    .iter()
                    .filter(|b| b.category == c)
                    .map(|b| b.open as f64)
                    .sum(),
            ),
            href: None,
        })
        .collect();
    let backlog_chart = bar_chart(
        &ChartText {
            title: page.t("ticket-levels-backlog-chart"),
            description: page.t("ticket-levels-backlog-chart-desc"),
        },
        &bars,
        &BarOptions {
            direction: match page.dir() {
                "rtl" => Direction::Rtl,
                _ => Direction::Ltr,
            },
            no_data_label: page.t("ticket-levels-empty"),
            ..BarOptions::default()
        },
    );
    render(&LevelsPage {
        page,
        period_days: PERIOD_DAYS,
        lines,
        backlog_chart,
    })
}
