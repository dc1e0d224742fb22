//! The dashboard's charts, drawn from its tables: activity and answers over the period,
//! the children's share of active pupils, and the map of the regions.

use lawha_store::rollups::dashboards::MIN_GROUP;

use super::view::Dashboard;
use crate::charts::bar::{bar_chart, Bar, BarOptions};
use crate::charts::line::{line_chart, AxisOptions, Series};
use crate::charts::map::{region_map, MapLegend};
use crate::charts::{format_integer, ChartText, Direction, Svg};
use crate::page::PageCtx;

const WIDTH: u32 = 640;

/// The writing direction of the page, which time axes and bars follow.
fn direction(page: &PageCtx) -> Direction {
    match page.dir() {
        "rtl" => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

fn whole_percent(v: f64) -> String {
    format!("{}%", v.round() as i64)
}

/// Pupils active each day, and answers each day.
pub fn day_charts(page: &PageCtx, dash: &Dashboard) -> (Svg, Svg) {
    // A group too small to show draws empty charts, as its tables stay empty.
    let shown = |v: i64| (!dash.suppressed()).then_some(v as f64);
    let chart =
        |title: &str, description: &str, label: &str, value: fn(&super::days::DayRow) -> i64| {
            line_chart(
                &ChartText {
                    title: page.t(title),
                    description: page.tn(description, "days", dash.period_days),
                },
                &[Series {
                    label: page.t(label),
                    points: dash.days.iter().map(|d| shown(value(d))).collect(),
                }],
                &AxisOptions {
                    x_labels: dash.days.iter().map(|d| d.label.clone()).collect(),
                    direction: direction(page),
                    y_format: format_integer,
                    y_min_step: 1.0,
                    width: WIDTH,
                    height: 220,
                    no_data_label: page.t("dash-no-data"),
                },
            )
        };
    (
        chart(
            "dash-chart-active",
            "dash-chart-active-desc",
            "dash-col-active-day",
            |d| d.active,
        ),
        chart(
            "dash-chart-answers",
            "dash-chart-answers-desc",
            "dash-col-answers",
            |d| d.answers,
        ),
    )
}

/// Each child's share of pupils active in the latest week.
pub fn children_chart(page: &PageCtx, dash: &Dashboard) -> Svg {
    let bars: Vec<Bar> = dash
        .children
        .iter()
        .map(|r| Bar {
            label: r.name.clone(),
            value: (!r.suppressed()).then(|| r.figures.active_rate().unwrap_or(0.0) * 100.0),
            href: r.href.clone(),
        })
        .collect();
    bar_chart(
        &ChartText {
            title: page.t("dash-chart-children"),
            description: page.t("dash-chart-children-desc"),
        },
        &bars,
        &BarOptions {
            direction: direction(page),
            width: WIDTH,
            format: whole_percent,
            max: Some(100.0),
            suppressed_label: page.tn("dash-suppressed-short", "n", MIN_GROUP),
            no_data_label: page.t("dash-no-data"),
        },
    )
}

/// The map of the regions, on national and regional dashboards.
pub fn map_chart(page: &PageCtx, dash: &Dashboard) -> Option<Svg> {
    let map = dash.map.as_ref()?;
    let suppressed_label = if map.own.is_some() {
        page.t("dash-map-other")
    } else {
        page.tn("dash-suppressed-short", "n", MIN_GROUP)
    };
    Some(region_map(
        &ChartText {
            title: page.t("dash-map"),
            description: page.t("dash-map-desc"),
        },
        &map.regions,
        &MapLegend {
            direction: direction(page),
            format: whole_percent,
            unit_label: page.t("dash-map-unit"),
            suppressed_label,
        },
    ))
}
