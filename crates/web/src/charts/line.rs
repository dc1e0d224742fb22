//! Line charts over time (e.g. weekly attendance of a region against the national one):
//! up to three series told apart by colour *and* dash pattern, a zero baseline with round
//! ticks, x labels thinned so they never overlap, gaps where data are suppressed, and a
//! readable empty state.

use std::fmt::Write;

use super::svg::{self, Anchor, Num, MUTED_TEXT};
use super::ticks::{label_every, value_ticks};
use super::{format_integer, ChartText, Direction, Svg};

/// One line: its legend label and one value per x label. `None` is a point without data
/// (suppressed or not collected): the line breaks there rather than inventing a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// The legend's text (translated).
    pub label: String,
    /// Values, in the order of [`AxisOptions::x_labels`].
    pub points: Vec<Option<f64>>,
}

/// Layout and labels of a [`line_chart`].
#[derive(Debug, Clone)]
pub struct AxisOptions {
    /// One label per point, already formatted (e.g. `12/11`), oldest first. Time runs left
    /// to right in [`Direction::Ltr`] and right to left in [`Direction::Rtl`].
    pub x_labels: Vec<String>,
    /// The page's direction.
    pub direction: Direction,
    /// Formats the value ticks. Defaults to [`format_integer`].
    pub y_format: fn(f64) -> String,
    /// The smallest step between value ticks, and what every step is a multiple of: 1 for
    /// counts (the default), 0.1 for a rate with one decimal.
    pub y_min_step: f64,
    /// ViewBox width. The chart is drawn at its container's width; this sets the
    /// proportions. Text is sized from it ([`svg::text_size`]) so that it reads at
    /// 12 px or more on a 360 px phone whatever the width.
    pub width: u32,
    /// ViewBox height.
    pub height: u32,
    /// What to say when no series has a value (translated, e.g. "No data for this period").
    pub no_data_label: String,
}

impl Default for AxisOptions {
    fn default() -> Self {
        AxisOptions {
            x_labels: Vec::new(),
            direction: Direction::Ltr,
            y_format: format_integer,
            y_min_step: 1.0,
            width: 400,
            height: 240,
            no_data_label: String::new(),
        }
    }
}

/// The look of the n-th series: Okabe–Ito colours (told apart with the common colour
/// vision deficiencies) and a dash pattern each, so that the lines differ without colour
/// too (grey-scale printing, achromatopsia). A fourth series and later reuse these.
pub const SERIES_STYLES: [(&str, Option<&str>); 4] = [
    ("#0072B2", None),
    ("#D55E00", Some("7 4")),
    ("#009E73", Some("2 3")),
    ("#CC79A7", Some("9 3 2 3")),
];

const SAMPLE: f64 = 22.0;
/// At most this many dates on the time axis: more would be too small or too crowded to
/// read on a phone.
pub const MAX_X_LABELS: usize = 6;

/// Draws `series` over `opts.x_labels` as an SVG line chart.
pub fn line_chart(text: &ChartText, series: &[Series], opts: &AxisOptions) -> Svg {
    let (width, height) = (
        f64::from(opts.width.max(160)),
        f64::from(opts.height.max(120)),
    );
    // One text size for ticks, dates and legend, in viewBox units: ≥ 12 px on a phone.
    let font = svg::text_size(width);
    let id = svg::chart_id("line", text);
    let mut out = String::with_capacity(4096);
    svg::open(&mut out, &id, (width, height), font, text, false);

    let values: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .collect();
    let has_data = !values.is_empty();
    let ticks = if has_data {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        value_ticks(lo, hi, opts.y_min_step)
    } else {
        vec![0.0]
    };
    let tick_labels: Vec<String> = ticks.iter().map(|&t| (opts.y_format)(t)).collect();

    // Margins: the value axis sits on the reading start (left in French, right in Arabic);
    // the end keeps room for half of the last x label, centred on its point.
    let tick_width = tick_labels
        .iter()
        .map(|l| svg::text_width(l, font))
        .fold(0.0, f64::max);
    let label_width = opts
        .x_labels
        .iter()
        .map(|l| svg::text_width(l, font))
        .fold(0.0, f64::max)
        + 10.0;
    let start_margin = (tick_width + 8.0).max(label_width / 2.0) + 4.0;
    let end_margin = (label_width / 2.0).max(8.0);
    let (x0, x1) = match opts.direction {
        Direction::Ltr => (start_margin, width - end_margin),
        Direction::Rtl => (end_margin, width - start_margin),
    };

    let legend_height = legend(&mut out, series, opts.direction, (x0, x1), font);
    let (y0, y1) = (legend_height + 8.0, height - font - 10.0);
    let (t_min, t_max) = match (ticks.first(), ticks.last()) {
        (Some(&a), Some(&b)) if b > a => (a, b),
        _ => (0.0, 1.0),
    };
    let y_of = |v: f64| y1 - (v - t_min) / (t_max - t_min) * (y1 - y0);

    let count = series
        .iter()
        .map(|s| s.points.len())
        .chain([opts.x_labels.len()])
        .max()
        .unwrap_or(0);
    let x_of = |i: usize| -> f64 {
        if count < 2 {
            return (x0 + x1) / 2.0;
        }
        let t = i as f64 / (count - 1) as f64;
        match opts.direction {
            Direction::Ltr => x0 + t * (x1 - x0),
            Direction::Rtl => x1 - t * (x1 - x0),
        }
    };

    // Grid lines in one path, then the zero baseline darker on top of them.
    out.push_str("<path d=\"");
    for &t in ticks.iter().filter(|&&t| t != 0.0) {
        let _ = write!(out, "M{} {}H{}", Num(x0), Num(y_of(t)), Num(x1));
    }
    let _ = write!(
        out,
        "\" stroke=\"#e3e3e3\"/><path d=\"M{} {}H{}\" stroke=\"#767676\"/>",
        Num(x0),
        Num(y_of(0.0)),
        Num(x1)
    );

    // Value ticks: numbers, so always left to right, whatever the page.
    let _ = write!(out, "<g fill=\"{MUTED_TEXT}\">");
    for (&t, label) in ticks.iter().zip(&tick_labels) {
        let (x, anchor) = match opts.direction {
            Direction::Ltr => (x0 - 6.0, Anchor::Right),
            Direction::Rtl => (x1 + 6.0, Anchor::Left),
        };
        svg::text(
            &mut out,
            (x, y_of(t) + font / 3.0),
            anchor,
            Direction::Ltr,
            "",
            label,
        );
    }
    let every = label_every(opts.x_labels.len(), label_width, x1 - x0)
        .max(opts.x_labels.len().div_ceil(MAX_X_LABELS));
    for (i, label) in opts.x_labels.iter().enumerate().step_by(every) {
        let at = (x_of(i), height - 5.0);
        svg::text(&mut out, at, Anchor::Middle, opts.direction, "", label);
    }
    out.push_str("</g>");

    if has_data {
        for (n, s) in series.iter().enumerate() {
            line(&mut out, n, s, &x_of, &y_of);
        }
    } else {
        let at = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let attrs = format!(" fill=\"{MUTED_TEXT}\"");
        svg::text(
            &mut out,
            at,
            Anchor::Middle,
            opts.direction,
            &attrs,
            &opts.no_data_label,
        );
    }
    svg::finish(out)
}

/// The style of the n-th series.
pub fn series_style(n: usize) -> (&'static str, Option<&'static str>) {
    SERIES_STYLES[n % SERIES_STYLES.len()]
}

/// One series: a path broken at missing points; a point with no neighbour is a dot, as a
/// line cannot show it.
fn line(
    out: &mut String,
    n: usize,
    series: &Series,
    x_of: &dyn Fn(usize) -> f64,
    y_of: &dyn Fn(f64) -> f64,
) {
    let (colour, dash) = series_style(n);
    let mut d = String::new();
    let mut dots = Vec::new();
    let points = &series.points;
    let value = |i: usize| points.get(i).copied().flatten().filter(|v| v.is_finite());
    for i in 0..points.len() {
        let Some(v) = value(i) else { continue };
        let (x, y) = (Num(x_of(i)), Num(y_of(v)));
        let before = i > 0 && value(i - 1).is_some();
        let after = value(i + 1).is_some();
        match (before, after) {
            (false, false) => dots.push((x, y)),
            (false, true) => {
                let _ = write!(d, "M{x} {y}");
            }
            (true, _) => {
                let _ = write!(d, "L{x} {y}");
            }
        }
    }
    let label = super::escape(&series.label);
    if !d.is_empty() {
        let dash = dash
            .map(|p| format!(" stroke-dasharray=\"{p}\""))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} \
             stroke-linejoin=\"round\"><title>{label}</title></path>"
        );
    }
    for (x, y) in dots {
        let _ = write!(
            out,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{colour}\"><title>{label}</title></circle>"
        );
    }
}

/// The legend above the plot, from the reading start, wrapping to more rows when needed.
/// Returns its height.
fn legend(
    out: &mut String,
    series: &[Series],
    direction: Direction,
    (x0, x1): (f64, f64),
    font: f64,
) -> f64 {
    if series.is_empty() {
        return 0.0;
    }
    let row_height = font * 1.5;
    let mut row = 0.0;
    let mut used = 0.0;
    for (n, s) in series.iter().enumerate() {
        let item = SAMPLE + 6.0 + svg::text_width(&s.label, font) + 16.0;
        if used > 0.0 && used + item > x1 - x0 {
            row += 1.0;
            used = 0.0;
        }
        let y = 4.0 + row * row_height + row_height / 2.0;
        let (sample_x, text_x, anchor) = match direction {
            Direction::Ltr => (x0 + used, x0 + used + SAMPLE + 6.0, Anchor::Left),
            Direction::Rtl => (x1 - used - SAMPLE, x1 - used - SAMPLE - 6.0, Anchor::Right),
        };
        let (colour, dash) = series_style(n);
        let dash = dash
            .map(|p| format!(" stroke-dasharray=\"{p}\""))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<path d=\"M{} {}h{}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
            Num(sample_x),
            Num(y),
            Num(SAMPLE)
        );
        svg::text(
            out,
            (text_x, y + font / 3.0),
            anchor,
            direction,
            "",
            &s.label,
        );
        used += item;
    }
    4.0 + (row + 1.0) * row_height
}
