//! The dashboard page: its view model drawn into the `dashboards/scope.html` template.

use askama::Template;
use lawha_store::rollups::dashboards::{GroupFigures, MIN_GROUP};

use super::charts::{children_chart, day_charts, map_chart};
use super::days::DayRow;
use super::figures::{cells, minutes, percent, Row, COLUMNS};
use super::lists::{CapsuleRow, CoverageRow, SubjectRow};
use super::query::{PERIODS, SECTIONS};
use super::scope::Crumb;
use super::view::Dashboard;
use crate::charts::Svg;
use crate::page::PageCtx;

#[derive(Template)]
#[template(path = "dashboards/scope.html")]
pub struct DashboardPage {
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
    /// The detail section shown open (`?section=`); the others are folded.
    open: &'static str,
    /// The detail sections present on this page, for the contents list: (id, heading key).
    sections: Vec<(&'static str, &'static str)>,
    /// Whether the viewer may open the hotline's audit log and service levels (linked).
    hotline_links: bool,
}

impl DashboardPage {
    pub fn new(page: PageCtx, dash: Dashboard, open: Option<&'static str>) -> DashboardPage {
        let (active_chart, answers_chart) = day_charts(&page, &dash);
        let children_chart = children_chart(&page, &dash);
        let map = map_chart(&page, &dash);
        let children_key = dash.scope.children_key();
        let sections = SECTIONS
            .into_iter()
            .filter(|s| match *s {
                "children" => !dash.children.is_empty(),
                "coverage" => !dash.coverage.is_empty(),
                _ => true,
            })
            .map(|s| (s, section_key(s, children_key)))
            .collect();
        DashboardPage {
            open: open.unwrap_or_default(),
            sections,
            href: dash.scope.href(),
            children_key,
            suppressed: dash.suppressed(),
            name: dash.name,
            crumbs: dash.crumbs,
            period: dash.period_days,
            periods: PERIODS,
            min_group: MIN_GROUP,
            totals: dash.totals,
            children: dash.children,
            levels: dash.levels,
            subjects: dash.subjects,
            days: dash.days,
            active_chart,
            answers_chart,
            children_chart,
            map,
            most: dash.most,
            least: dash.least,
            coverage: dash.coverage,
            columns: COLUMNS,
            hotline_links: page
                .viewer
                .as_ref()
                .is_some_and(|s| crate::routes::tickets::oversight::oversees(&s.grants)),
            page,
        }
    }

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

/// The heading of a detail section (the children's depends on the scope).
fn section_key(section: &str, children_key: &'static str) -> &'static str {
    match section {
        "days" => "dash-over-time",
        "children" => children_key,
        "levels" => "dash-by-level",
        "subjects" => "dash-by-subject",
        "capsules" => "dash-capsules",
        _ => "dash-coverage",
    }
}
