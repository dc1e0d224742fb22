//! Governance dashboards for school, regional (AREF) and ministry administrators: usage and
//! progress of a scope over a period, its children (regions, provinces, schools) and its
//! levels and subjects, the national map, time series, the most watched and least
//! completed capsules, and curriculum coverage — charts drawn as SVG on the server with a
//! table beside each, every table exportable as CSV.
//!
//! Privacy: figures come only from rollups (never individual pupils), and a group under
//! `MIN_GROUP` pupils shows nothing but a note; each administrator sees only their scope.

mod figures;
mod scope;
mod vocational;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate};
use lawha_core::{reference, Role, Scope};
use lawha_store::rollups::dashboards::{GroupFigures, MIN_GROUP};
use serde::Deserialize;
use uuid::Uuid;

use self::figures::{cells, minutes, percent, Row, COLUMNS};
use self::scope::{describe, Crumb, DashScope};
pub use self::vocational::show as vocational;
use crate::charts::bar::{bar_chart, Bar, BarOptions};
use crate::charts::line::{line_chart, AxisOptions, Series};
use crate::charts::map::{region_map, MapLegend, RegionValue};
use crate::charts::{ChartText, Direction, Svg};
use crate::error::{AppError, AppResult};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

const PERIODS: [i64; 3] = [7, 30, 90];

#[derive(Debug, Deserialize, Default)]
pub struct DashQuery {
    #[serde(default)]
    period: Option<i64>,
    #[serde(default)]
    export: String,
}

pub struct DayRow {
    pub label: String,
    pub active: i64,
    pub answers: i64,
    pub correct: String,
    pub minutes: i64,
}

pub struct SubjectRow {
    pub name: String,
    pub answers: i64,
    pub correct: String,
    pub minutes: i64,
}

pub struct CapsuleRow {
    pub title: String,
    pub href: String,
    pub starts: i64,
    pub completion: String,
}

pub struct CoverageRow {
    pub level: String,
    pub subject: String,
    pub lessons: i64,
    pub covered: i64,
}

#[derive(Template)]
#[template(path = "dashboards/scope.html")]
struct DashboardPage {
    page: PageCtx,
    name: String,
    crumbs: Vec<Crumb>,
    href: String,
    period: i64,
    periods: [i64; 3],
    /// The scope itself is under the privacy threshold: nothing is shown.
    suppressed: bool,
    min_group: i64,
    totals: GroupFigures,
    children_key: &'static str,
    children: Vec<Row>,
    levels: Vec<Row>,
    subjects: Vec<SubjectRow>,
    days: Vec<DayRow>,
    active_chart: Svg,
    answers_chart: Svg,
    children_chart: Svg,
    map: Option<Svg>,
    most: Vec<CapsuleRow>,
    least: Vec<CapsuleRow>,
    coverage: Vec<CoverageRow>,
    columns: [&'static str; 7],
}

impl DashboardPage {
    fn row_cells(&self, row: &Row) -> Vec<String> {
        cells(&self.page, &row.figures)
    }

    fn kpi_active(&self) -> String {
        percent(self.totals.active_rate())
    }

    fn kpi_correct(&self) -> String {
        percent(self.totals.correct_rate())
    }

    fn kpi_mastery(&self) -> String {
        percent(self.totals.mastery_rate())
    }

    fn kpi_completion(&self) -> String {
        percent(self.totals.completion_rate())
    }

    fn kpi_minutes(&self) -> i64 {
        minutes(self.totals.watch_seconds)
    }

    fn coverage_percent(&self, row: &CoverageRow) -> i64 {
        if row.lessons == 0 {
            0
        } else {
            row.covered * 100 / row.lessons
        }
    }
}

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

fn direction(page: &PageCtx) -> Direction {
    match page.dir() {
        "rtl" => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

fn integer(v: f64) -> String {
    crate::charts::format_integer(v)
}

fn whole_percent(v: f64) -> String {
    format!("{}%", v.round() as i64)
}

async fn dashboard(
    State(state): State<AppState>,
    session: lawha_store::SessionInfo,
    page: PageCtx,
    scope: DashScope,
    Query(query): Query<DashQuery>,
) -> AppResult<Response> {
    scope.require(&session)?;
    let store = &state.store;
    let (name, crumbs) = describe(store, scope, &page, &session).await?;
    let period = query.period.filter(|p| PERIODS.contains(p)).unwrap_or(30);
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let first = today - Duration::days(period - 1);
    let monday = today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&today).num_days_from_monday(),
        ));
    let (from, to, week) = (day(first), day(today), day(monday));
    let key = scope.key();
    let totals = store
        .rollups()
        .scope_figures(&key, &from, &to, &week)
        .await?;
    let children = children_rows(&state, scope, &page, &from, &to, &week).await?;
    let levels = level_rows(store, &key, &page, &from, &to, &week).await?;
    match query.export.as_str() {
        "children" => {
            return csv_response(
                figures::csv(&page, &page.t(scope.children_key()), &children)?,
                "children",
            )
        }
        "levels" => {
            return csv_response(
                figures::csv(&page, &page.t("dash-level"), &levels)?,
                "levels",
            )
        }
        "" | "days" | "subjects" | "capsules" | "coverage" => {}
        _ => return Err(AppError::NotFound),
    }
    let suppressed = totals.suppressed();
    let series = store.rollups().usage_series(&key, &from, &to).await?;
    let mut days = Vec::new();
    let mut date = first;
    while date <= today {
        let d = day(date);
        let found = series.iter().find(|s| s.day == d);
        let (active, answers, correct, seconds) = found.map_or((0, 0, 0, 0), |s| {
            (
                s.active_pupils,
                s.answers,
                s.correct_answers,
                s.watch_seconds,
            )
        });
        days.push(DayRow {
            label: date.format("%d/%m").to_string(),
            active,
            answers,
            correct: percent((answers > 0).then(|| correct as f64 / answers as f64)),
            minutes: minutes(seconds),
        });
        date += Duration::days(1);
    }
    let dir = direction(&page);
    let axis = |title: &str, desc: &str| -> (ChartText, AxisOptions) {
        (
            ChartText {
                title: title.into(),
                description: desc.into(),
            },
            AxisOptions {
                x_labels: days.iter().map(|d| d.label.clone()).collect(),
                direction: dir,
                y_format: integer,
                y_min_step: 1.0,
                width: 640,
                height: 220,
                no_data_label: page.t("dash-no-data"),
            },
        )
    };
    // A group too small to show draws empty charts, as its tables stay empty.
    let hidden = |v: i64| (!suppressed).then_some(v as f64);
    let (text, opts) = axis(
        &page.t("dash-chart-active"),
        &page.t1("dash-chart-active-desc", "days", period),
    );
    let active_chart = line_chart(
        &text,
        &[Series {
            label: page.t("dash-col-active-day"),
            points: days.iter().map(|d| hidden(d.active)).collect(),
        }],
        &opts,
    );
    let (text, opts) = axis(
        &page.t("dash-chart-answers"),
        &page.t1("dash-chart-answers-desc", "days", period),
    );
    let answers_chart = line_chart(
        &text,
        &[Series {
            label: page.t("dash-col-answers"),
            points: days.iter().map(|d| hidden(d.answers)).collect(),
        }],
        &opts,
    );
    let bars: Vec<Bar> = children
        .iter()
        .map(|r| Bar {
            label: r.name.clone(),
            value: (!r.suppressed()).then(|| r.figures.active_rate().unwrap_or(0.0) * 100.0),
            href: r.href.clone(),
        })
        .collect();
    let children_chart = bar_chart(
        &ChartText {
            title: page.t("dash-chart-children"),
            description: page.t("dash-chart-children-desc"),
        },
        &bars,
        &BarOptions {
            direction: dir,
            width: 640,
            format: whole_percent,
            max: Some(100.0),
            suppressed_label: page.t1("dash-suppressed-short", "n", MIN_GROUP),
            no_data_label: page.t("dash-no-data"),
        },
    );
    let map = region_map_for(&state, scope, &page, &from, &to, &week).await?;
    let subjects: Vec<SubjectRow> = store
        .rollups()
        .subject_figures(&key, &from, &to)
        .await?
        .into_iter()
        .map(|(code, answers, correct, seconds)| SubjectRow {
            name: reference::subjects()
                .iter()
                .find(|s| s.code == code)
                .map_or(code.clone(), |s| {
                    page.pick(&s.name_ar, &s.name_fr).to_string()
                }),
            answers,
            correct: percent((answers > 0).then(|| correct as f64 / answers as f64)),
            minutes: minutes(seconds),
        })
        .collect();
    let (most, least) = capsule_rows(&state, &key, &page).await?;
    let coverage = if scope == DashScope::National {
        coverage_rows(&state, &page).await?
    } else {
        Vec::new()
    };
    let t = |key: &str| page.t(key);
    /// A table to export: its file name, headers and rows.
    type Export<'a> = (&'a str, Vec<String>, Vec<Vec<String>>);
    let table: Option<Export> = match query.export.as_str() {
        "days" => Some((
            "days",
            vec![
                t("dash-day"),
                t("dash-col-active-day"),
                t("dash-col-answers"),
                t("dash-col-correct"),
                t("dash-col-minutes"),
            ],
            if suppressed {
                Vec::new()
            } else {
                days.iter()
                    .map(|d| {
                        vec![
                            d.label.clone(),
                            d.active.to_string(),
                            d.answers.to_string(),
                            d.correct.clone(),
                            d.minutes.to_string(),
                        ]
                    })
                    .collect()
            },
        )),
        "subjects" => Some((
            "subjects",
            vec![
                t("coverage-subject"),
                t("dash-col-answers"),
                t("dash-col-correct"),
                t("dash-col-minutes"),
            ],
            if suppressed {
                Vec::new()
            } else {
                subjects
                    .iter()
                    .map(|s| {
                        vec![
                            s.name.clone(),
                            s.answers.to_string(),
                            s.correct.clone(),
                            s.minutes.to_string(),
                        ]
                    })
                    .collect()
            },
        )),
        "capsules" => Some((
            "capsules",
            vec![
                t("dash-capsules"),
                t("studio-col-title"),
                t("dash-starts"),
                t("dash-completion"),
            ],
            most.iter()
                .map(|c| (t("dash-most-watched"), c))
                .chain(least.iter().map(|c| (t("dash-least-completed"), c)))
                .map(|(list, c)| {
                    vec![
                        list,
                        c.title.clone(),
                        c.starts.to_string(),
                        c.completion.clone(),
                    ]
                })
                .collect(),
        )),
        "coverage" => Some((
            "coverage",
            vec![
                t("coverage-level"),
                t("coverage-subject"),
                t("coverage-lessons"),
                t("coverage-covered"),
            ],
            coverage
                .iter()
                .map(|c| {
                    vec![
                        c.level.clone(),
                        c.subject.clone(),
                        c.lessons.to_string(),
                        c.covered.to_string(),
                    ]
                })
                .collect(),
        )),
        _ => None,
    };
    if let Some((name, headers, rows)) = table {
        return csv_response(figures::plain_csv(&headers, &rows)?, name);
    }
    render(&DashboardPage {
        href: scope.href(),
        children_key: scope.children_key(),
        name,
        crumbs,
        period,
        periods: PERIODS,
        suppressed,
        min_group: MIN_GROUP,
        totals,
        children,
        levels,
        subjects,
        days,
        active_chart,
        answers_chart,
        children_chart,
        map,
        most,
        least,
        coverage,
        columns: COLUMNS,
        page,
    })
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn csv_response(body: Vec<u8>, name: &str) -> AppResult<Response> {
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lawha-{name}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// The children of a scope with their names and links (a school's children are levels).
async fn children_rows(
    state: &AppState,
    scope: DashScope,
    page: &PageCtx,
    from: &str,
    to: &str,
    week: &str,
) -> AppResult<Vec<Row>> {
    let store = &state.store;
    if let DashScope::School { .. } = scope {
        return Ok(Vec::new());
    }
    let figures = store
        .rollups()
        .children_figures(&scope.key(), from, to, week)
        .await?;
    let ids: Vec<Uuid> = figures
        .iter()
        .filter_map(|f| {
            f.key
                .split_once(':')
                .and_then(|(_, id)| Uuid::parse_str(id).ok())
        })
        .collect();
    let mut names: std::collections::HashMap<Uuid, (String, String)> = Default::default();
    match scope {
        DashScope::National => {
            for r in store.org().regions().await? {
                names.insert(
                    r.id,
                    (
                        page.pick(&r.name_ar, &r.name_fr).to_string(),
                        DashScope::Region(r.id).href(),
                    ),
                );
            }
        }
        DashScope::Region(region) => {
            for p in store.org().provinces(Some(region)).await? {
                names.insert(
                    p.id,
                    (
                        page.pick(&p.name_ar, &p.name_fr).to_string(),
                        DashScope::Province {
                            region,
                            province: p.id,
                        }
                        .href(),
                    ),
                );
            }
        }
        DashScope::Province { region, province } => {
            for s in store.org().schools_by_ids(&ids).await? {
                names.insert(
                    s.id,
                    (
                        s.name(page.locale).to_string(),
                        DashScope::School {
                            region,
                            province,
                            school: s.id,
                        }
                        .href(),
                    ),
                );
            }
        }
        DashScope::School { .. } => {}
    }
    let mut rows: Vec<Row> = figures
        .into_iter()
        .filter_map(|f| {
            let id = f
                .key
                .split_once(':')
                .and_then(|(_, id)| Uuid::parse_str(id).ok())?;
            let (name, href) = names.get(&id).cloned()?;
            Some(Row::new(name, Some(href), f))
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    figures::protect(&mut rows);
    Ok(rows)
}

async fn level_rows(
    store: &lawha_store::Store,
    key: &str,
    page: &PageCtx,
    from: &str,
    to: &str,
    week: &str,
) -> AppResult<Vec<Row>> {
    let mut rows: Vec<(usize, Row)> = store
        .rollups()
        .level_figures(key, from, to, week)
        .await?
        .into_iter()
        .map(|f| {
            let (order, name) = match reference::level(&f.key) {
                Some(l) => (
                    reference::levels()
                        .iter()
                        .position(|x| x.code == l.code)
                        .unwrap_or(0),
                    page.pick(&l.name_ar, &l.name_fr).to_string(),
                ),
                None => (
                    usize::MAX,
                    reference::programme(&f.key).map_or(f.key.clone(), |p| {
                        page.pick(&p.name_ar, &p.name_fr).to_string()
                    }),
                ),
            };
            (order, Row::new(name, None, f))
        })
        .collect();
    rows.sort_by_key(|(order, _)| *order);
    let mut rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    figures::protect(&mut rows);
    Ok(rows)
}

/// The national map: each region's share of pupils active this week. A regional
/// administrator sees only their own region's figure on it.
async fn region_map_for(
    state: &AppState,
    scope: DashScope,
    page: &PageCtx,
    from: &str,
    to: &str,
    week: &str,
) -> AppResult<Option<Svg>> {
    let own = match scope {
        DashScope::National => None,
        DashScope::Region(r) => Some(r),
        _ => return Ok(None),
    };
    let figures = state
        .store
        .rollups()
        .children_figures(
            &lawha_store::rollups::dashboards::national_key(),
            from,
            to,
            week,
        )
        .await?;
    // The same regions the table beside the map hides.
    let sizes: Vec<i64> = figures.iter().map(|f| f.pupils).collect();
    let hidden = lawha_store::rollups::dashboards::hidden_groups(&sizes);
    let mut values = Vec::new();
    for r in state.store.org().regions().await? {
        let f = figures
            .iter()
            .zip(&hidden)
            .find(|(f, _)| f.key == lawha_store::rollups::dashboards::region_key(r.id))
            .filter(|(_, hidden)| !**hidden)
            .map(|(f, _)| f);
        let visible = own.is_none_or(|o| o == r.id);
        let value = f
            .filter(|_| visible)
            .and_then(|f| f.active_rate())
            .map(|v| v * 100.0);
        values.push(RegionValue {
            code: r.code.clone(),
            name: page.pick(&r.name_ar, &r.name_fr).to_string(),
            value,
            href: visible.then(|| DashScope::Region(r.id).href()),
            highlighted: own == Some(r.id),
        });
    }
    let suppressed_label = if own.is_some() {
        page.t("dash-map-other")
    } else {
        page.t1("dash-suppressed-short", "n", MIN_GROUP)
    };
    Ok(Some(region_map(
        &ChartText {
            title: page.t("dash-map"),
            description: page.t("dash-map-desc"),
        },
        &values,
        &MapLegend {
            direction: direction(page),
            format: whole_percent,
            unit_label: page.t("dash-map-unit"),
            suppressed_label,
        },
    )))
}

async fn capsule_rows(
    state: &AppState,
    key: &str,
    page: &PageCtx,
) -> AppResult<(Vec<CapsuleRow>, Vec<CapsuleRow>)> {
    let (most, least) = state
        .store
        .rollups()
        .capsule_reach(key, 10, MIN_GROUP)
        .await?;
    let ids: Vec<Uuid> = most.iter().chain(&least).map(|r| r.capsule_id).collect();
    let capsules = state.store.catalog().capsules_by_ids(&ids).await?;
    let row = |r: &lawha_store::rollups::dashboards::CapsuleReach| {
        let c = capsules.iter().find(|c| c.id == r.capsule_id)?;
        Some(CapsuleRow {
            title: c.title(page.locale).to_string(),
            href: format!("/capsules/{}", c.id),
            starts: r.starts,
            completion: percent((r.starts > 0).then(|| r.completions as f64 / r.starts as f64)),
        })
    };
    // Capsules fewer than MIN_GROUP pupils started are not listed (small groups).
    let most = most
        .iter()
        .filter(|r| r.starts >= MIN_GROUP)
        .filter_map(row)
        .collect();
    let least = least.iter().filter_map(row).collect();
    Ok((most, least))
}

/// Lessons with at least one published capsule, per level and subject.
async fn coverage_rows(state: &AppState, page: &PageCtx) -> AppResult<Vec<CoverageRow>> {
    let all = state.store.catalog().coverage(None).await?;
    let mut rows = Vec::new();
    for level in reference::levels() {
        for subject in reference::subjects() {
            let lessons: Vec<_> = all
                .iter()
                .filter(|c| c.level == level.code && c.subject_code == subject.code)
                .collect();
            if lessons.is_empty() {
                continue;
            }
            rows.push(CoverageRow {
                level: page.pick(&level.name_ar, &level.name_fr).to_string(),
                subject: page.pick(&subject.name_ar, &subject.name_fr).to_string(),
                lessons: lessons.len() as i64,
                covered: lessons.iter().filter(|c| c.published > 0).count() as i64,
            });
        }
    }
    Ok(rows)
}
