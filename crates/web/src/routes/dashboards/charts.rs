//! The dashboard's charts, drawn from its tables: activity and answers over the period,
//! the children's share of active pupils, and the map of the regions.

use lawha_store::rollups::dashboards::MIN_GROUP;

use super::days::DayRow;
use super::view::Dashboard;
use crate::charts::bar::{bar_chart, Bar, BarOptions};
use crate::charts::line::{line_chart, AxisOptions, Series};
use crate::charts::map::{region_map, MapLegend};
use crate::charts::{format_integer, ChartText, Direction, Svg};
use crate::page::PageCtx;

const WIDTH: u32 = 640;
/// The time charts' viewBox: about a phone's width, so that their text (sized from it, see
/// [`crate::charts::svg::text_size`]) stays in proportion to the plot.
const TIME_WIDTH: u32 = 340;
const TIME_HEIGHT: u32 = 200;

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

/// The days a time chart shows: from the first day with data to the end of the period.
/// Days before it are not zeros (a scope added mid-period, data kept for less long than
/// the period): drawn as zeros they would read as a collapse. The table of days still
/// lists them all.
pub fn charted_days(days: &[DayRow]) -> &[DayRow] {
    let first = days.iter().position(|d| d.has_data).unwrap_or(days.len());
    &days[first..]
}

/// The time axis of the dashboard's charts.
fn time_axis(days: &[DayRow], direction: Direction, no_data_label: String) -> AxisOptions {
    AxisOptions {
        x_labels: days.iter().map(|d| d.label.clone()).collect(),
        direction,
        y_format: format_integer,
        y_min_step: 1.0,
        width: TIME_WIDTH,
        height: TIME_HEIGHT,
        no_data_label,
    }
}

/// Pupils active each day, and answers each day.
pub fn day_charts(page: &PageCtx, dash: &Dashboard) -> (Svg, Svg) {
    // A group too small to show draws empty charts, as its tables stay empty.
    let days = if dash.suppressed() {
        &[]
    } else {
        charted_days(&dash.days)
    };
    let chart = |title: &str, description: &str, label: &str, value: fn(&DayRow) -> i64| {
        line_chart(
            &ChartText {
                title: page.t(title),
                description: page.tn(description, "days", days.len() as i64),
            },
            &[Series {
                label: page.t(label),
                points: days.iter().map(|d| Some(value(d) as f64)).collect(),
            }],
            &time_axis(days, direction(page), page.t("dash-no-data")),
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use lawha_store::rollups::dashboards::{DayUsage, Period};

    use super::*;
    use crate::charts::svg::{MIN_TEXT_PX, PHONE_CHART_PX};
    use crate::routes::dashboards::days::day_rows;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn usage(d: u32, active: i64) -> DayUsage {
        DayUsage {
            day: day(d),
            active_pupils: active,
            answers: active * 3,
            correct_answers: active,
            watch_seconds: 60,
        }
    }

    /// The period starts on 1 March, the data on the 10th (with a quiet 12th): the axis
    /// starts on the 10th and keeps the quiet day as a zero.
    #[test]
    fn dashboard_time_axis_starts_at_the_first_day_with_data() {
        let period = Period::ending(day(14), 14);
        let rows = day_rows(&period, &[usage(10, 4), usage(11, 5), usage(13, 2)]);
        assert_eq!(rows.len(), 14);
        let shown = charted_days(&rows);
        let labels: Vec<&str> = shown.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["10/03", "11/03", "12/03", "13/03", "14/03"]);
        assert_eq!(
            shown.iter().map(|r| r.active).collect::<Vec<_>>(),
            [4, 5, 0, 2, 0]
        );
        assert!(charted_days(&day_rows(&period, &[])).is_empty());
    }

    /// Every text of a time chart is drawn at 12 px or more on a 360 px phone, and the
    /// axis shows a handful of dates, not thirty.
    #[test]
    fn dashboard_time_chart_text_reads_on_a_phone() {
        let period = Period::ending(day(30), 30);
        let usage: Vec<DayUsage> = (1..=30).map(|d| usage(d, i64::from(d))).collect();
        let rows = day_rows(&period, &usage);
        let svg = line_chart(
            &ChartText {
                title: "t".into(),
                description: "d".into(),
            },
            &[Series {
                label: "actifs".into(),
                points: rows.iter().map(|r| Some(r.active as f64)).collect(),
            }],
            &time_axis(&rows, Direction::Ltr, "—".into()),
        );
        let markup = svg.as_str();
        let scale = PHONE_CHART_PX / f64::from(TIME_WIDTH);
        let sizes: Vec<f64> = markup
            .split("font-size=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect();
        assert!(!sizes.is_empty());
        for size in sizes {
            assert!(
                size * scale >= MIN_TEXT_PX,
                "{size} units = {} px",
                size * scale
            );
        }
        let dates = rows
            .iter()
            .filter(|r| markup.contains(&format!(">{}<", r.label)));
        let shown = dates.count();
        assert!((3..=6).contains(&shown), "{shown} dates on the axis");
    }
}
